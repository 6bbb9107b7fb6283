// Tests of the pure formats (base32, hash, path) against the spec's worked examples and Nix goldens.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeBase32, encodeBase32 } from "../../store/base32.js";
import { StoreError } from "../../store/errors.js";
import { compressHash, formatHash, hashOf, parseHash, parseHashAllowEmpty, type HashAlgo } from "../../store/hash.js";
import {
  checkStoreName, downstreamPlaceholder, hashPlaceholder, makeFixedOutputPath, makeOutputPath, makeStorePath,
  makeTextPath, outputPathName, parseStorePath, toStorePath,
} from "../../store/path.js";

const goldens = JSON.parse(readFileSync(new URL("./goldens/hashes.json", import.meta.url), "utf8")) as Array<
  { file: string; type: HashAlgo; base16: string; base32: string; base64: string; sri: string }>;
const drvGoldens = JSON.parse(readFileSync(new URL("./goldens/drvs.json", import.meta.url), "utf8"));
const data: Record<string, string> = { empty: "", hello: "hello world", big: "x".repeat(100000) };

describe("base32", () => {
  it("round-trips and matches nix hash output", () => {
    for (const g of goldens) {
      const h = hashOf(g.type, data[g.file]);
      expect(encodeBase32(h.bytes)).toBe(g.base32);
      expect(decodeBase32(g.base32, h.bytes.length).equals(h.bytes)).toBe(true);
    }
  });
  it("rejects bad characters and overflowing digits", () => {
    expect(() => decodeBase32("e".repeat(52), 32)).toThrow(StoreError);
    expect(() => decodeBase32("z" + "0".repeat(51), 32)).toThrow(/invalid base-32/);
    expect(() => decodeBase32("1" + "0".repeat(51), 32)).not.toThrow();
  });
});

describe("hash", () => {
  it("formats every form like nix hash file", () => {
    for (const g of goldens) {
      const h = hashOf(g.type, data[g.file]);
      expect(formatHash(h, "base16")).toBe(g.base16);
      expect(formatHash(h, "base32")).toBe(g.base32);
      expect(formatHash(h, "base64")).toBe(g.base64);
      expect(formatHash(h, "sri")).toBe(g.sri);
      expect(formatHash(h, "base32", true)).toBe(`${g.type}:${g.base32}`);
    }
  });
  it("parses every form Nix accepts", () => {
    for (const g of goldens) {
      const h = hashOf(g.type, data[g.file]);
      for (const text of [g.sri, `${g.type}:${g.base16}`, `${g.type}:${g.base16.toUpperCase()}`, `${g.type}:${g.base32}`,
        `${g.type}:${g.base64}`]) {
        expect(parseHash(text).bytes.equals(h.bytes)).toBe(true);
        expect(parseHash(text).algo).toBe(g.type);
      }
      for (const text of [g.base16, g.base32, g.base64, g.sri]) expect(parseHash(text, g.type).bytes.equals(h.bytes)).toBe(true);
    }
  });
  it("rejects malformed hashes with StoreError", () => {
    expect(() => parseHash("abc")).toThrow(/does not include a type/);
    expect(() => parseHash("sha256:abc")).toThrow(/wrong length/);
    expect(() => parseHash("sha257:" + "0".repeat(64))).toThrow(/unknown hash algorithm/);
    expect(() => parseHash("sha256:" + "g".repeat(64))).toThrow(/invalid base-16/);
    expect(() => parseHash("sha256-AAAA")).toThrow(StoreError);
    expect(() => parseHash(goldens[8].sri, "sha1")).toThrow(/should have type/);
    expect(() => parseHash("md5:" + "0".repeat(32), "sha256")).toThrow(/should have type/);
  });
  it("allows an empty hash only with parseHashAllowEmpty", () => {
    expect(parseHashAllowEmpty("", "sha256").bytes.equals(Buffer.alloc(32))).toBe(true);
    expect(() => parseHash("", "sha256")).toThrow(StoreError);
  });
  it("compressHash XOR-folds", () => {
    const h = { algo: "sha256" as const, bytes: Buffer.from([...Array(32).keys()]) };
    const c = compressHash(h, 20);
    expect(c[0]).toBe(0 ^ 20);
    expect(c[11]).toBe(11 ^ 31);
    expect(c[12]).toBe(12);
  });
});

describe("store paths", () => {
  const sd = "/nix/store";
  it("computes the spec's worked examples", () => {
    expect(makeTextPath(sd, "hello.txt", hashOf("sha256", "hello world"), [])).toBe(
      "/nix/store/m6wswa7yn6x5gi6gdq7x1fqlwmlhfja9-hello.txt");
    const hi = hashOf("sha256", "hi");
    expect(makeFixedOutputPath(sd, "flat", hi, "fod")).toBe("/nix/store/3ajymwa6hv8pq7bjmbfgdgsh454sikdm-fod");
    expect(makeFixedOutputPath(sd, "recursive", hi, "fod")).toBe("/nix/store/4lkicpkhv75kn1f82n7yvkwrqd2y3p9q-fod");
    const masked = parseHash("sha256:595072af4f49a7e6e3c199450fd82e69e589fd048130ced35ea820a92858d271");
    expect(makeOutputPath(sd, "out", masked, "simple")).toBe("/nix/store/i5xvchlm36jash0k9ndh3vya563ls965-simple");
  });
  it("matches every path Nix registered (text paths with refs, sources)", () => {
    for (const p of drvGoldens.paths) {
      const { name } = parseStorePath(sd, p.path);
      const ca: string = p.ca;
      if (ca.startsWith("text:")) {
        expect(makeTextPath(sd, name, hashOf("sha256", p.contents), p.references)).toBe(p.path);
      } else {
        expect(ca).toMatch(/^fixed:r:sha256:/);
        expect(makeFixedOutputPath(sd, "recursive", parseHash(p.narHash), name)).toBe(p.path);
      }
    }
  });
  it("computes placeholders like the Nix language", () => {
    const e = drvGoldens.eval;
    expect(hashPlaceholder("out")).toBe(e.phOut);
    expect(hashPlaceholder("dev")).toBe(e.phDev);
    expect(downstreamPlaceholder(e.caDrv, "out")).toBe(e.caOut);
    expect(downstreamPlaceholder(e.caDrv, "dev")).toBe(e.caDev);
    expect(downstreamPlaceholder(e.caflatDrv, "out")).toBe(e.caflatOut);
    expect(downstreamPlaceholder(e.deferredDrv, "out")).toBe(e.deferredOut);
  });
  it("checks names and parses paths", () => {
    expect(outputPathName("foo", "out")).toBe("foo");
    expect(outputPathName("foo", "dev")).toBe("foo-dev");
    expect(() => checkStoreName("")).toThrow(/empty/);
    expect(() => checkStoreName("a".repeat(212))).toThrow(/211/);
    expect(() => checkStoreName("a b")).toThrow(/illegal character ' '/);
    checkStoreName("a".repeat(211));
    checkStoreName("+-._?=09azAZ");
    expect(parseStorePath(sd, "/nix/store/m6wswa7yn6x5gi6gdq7x1fqlwmlhfja9-hello.txt")).toEqual({
      hashPart: "m6wswa7yn6x5gi6gdq7x1fqlwmlhfja9", name: "hello.txt" });
    expect(() => parseStorePath(sd, "/nix/store/e6wswa7yn6x5gi6gdq7x1fqlwmlhfja9-hello.txt")).toThrow(StoreError);
    expect(() => parseStorePath(sd, "/tk/store/m6wswa7yn6x5gi6gdq7x1fqlwmlhfja9-hello.txt")).toThrow(/not in the store/);
    expect(() => parseStorePath(sd, "/nix/store/m6wswa7yn6x5gi6gdq7x1fqlwmlhfja9")).toThrow(StoreError);
    expect(toStorePath(sd, "/nix/store/m6wswa7yn6x5gi6gdq7x1fqlwmlhfja9-hello.txt/a/b")).toBe(
      "/nix/store/m6wswa7yn6x5gi6gdq7x1fqlwmlhfja9-hello.txt");
  });
  it("puts storeDir into every hash", () => {
    const a = makeStorePath("/nix/store", "text", hashOf("sha256", "x"), "x");
    const b = makeStorePath("/tk/store", "text", hashOf("sha256", "x"), "x");
    expect(a.slice(-34)).not.toBe(b.slice(-34));
  });
});
