// Tests of reference scanning (incl. matches across chunk boundaries) and of hash-modulo/rewriting
// against a self-referencing floating CA output built by Nix 2.8.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { encodeBase32 } from "../../store/base32.js";
import { formatHash, hashOf, parseHash } from "../../store/hash.js";
import { HashModuloSink, RewritingSink } from "../../store/hash-modulo.js";
import { makeFixedOutputPath, makeStorePath, outputPathName, storePathHashPart } from "../../store/path.js";
import { derivationName } from "../../store/drv.js";
import { hashPartsInBuffer, ReferenceScanner, scanForReferences } from "../../store/references.js";
import { zeroHash } from "../../store/hash.js";

const sd = "/nix/store";
const paths = [0, 1, 2, 3].map((i) => makeStorePath(sd, "text", hashOf("sha256", String(i)), `p${i}`));

describe("reference scanning", () => {
  it("finds hash parts anywhere, across every chunk split", () => {
    const data = Buffer.from(`xx${paths[0]}/bin\0\0zz${storePathHashPart(paths[2])}!${storePathHashPart(paths[3]).slice(1)}`);
    for (let split = 0; split <= data.length; split++) {
      for (const size of [1, 5, 31, 32, 33, 1000]) {
        const chunks: Buffer[] = [];
        for (let i = 0; i < data.length; i += size) chunks.push(data.subarray(i, i + size));
        const two = [data.subarray(0, split), data.subarray(split)];
        for (const c of [chunks, two]) {
          expect([...scanForReferences(c, paths)].sort()).toEqual([paths[0], paths[2]].sort());
        }
      }
    }
  });
  it("agrees with a plain substring search for 1 to 5,000 candidates in base32-heavy data", () => {
    // The prefix filter is folded to the candidate count: its false hits must never become references.
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const alphabet = "0123456789abcdfghijklmnpqrsvwxyz";
    for (const n of [1, 3, 40, 5000]) {
      const cands = Array.from({ length: n }, (_, i) => makeStorePath(sd, "text", hashOf("sha256", `c${n}-${i}`), "c"));
      let text = "";
      for (let i = 0; i < 20000; i++) {
        text += rnd() % 50 === 0 ? "/" : alphabet[rnd() % 32];
        if (rnd() % 2000 === 0) text += storePathHashPart(cands[rnd() % n]);
      }
      const want = cands.filter((c) => text.includes(storePathHashPart(c))).sort();
      expect([...scanForReferences([Buffer.from(text)], cands)].sort()).toEqual(want);
      // the whole-buffer way (small outputs) finds the same
      const byHash = new Map(cands.map((c) => [storePathHashPart(c), c]));
      expect([...hashPartsInBuffer(Buffer.from(text), byHash)].map((h) => byHash.get(h)!).sort()).toEqual(want);
    }
  });
  it("finds a hash inside a long base32 run and ignores partial ones", () => {
    const h = storePathHashPart(paths[1]);
    const run = "0123456789abcdfg" + h + "zzzzzzzz";
    expect([...scanForReferences([Buffer.from(run)], paths)]).toEqual([paths[1]]);
    expect(scanForReferences([Buffer.from(h.slice(0, 31))], paths).size).toBe(0);
    const sc = new ReferenceScanner([h]);
    sc.feed(Buffer.from(h.slice(0, 10)));
    sc.feed(Buffer.from(h.slice(10, 20)));
    sc.feed(Buffer.from(h.slice(20)));
    expect([...sc.found]).toEqual([h]);
  });
});

describe("hash modulo and rewriting", () => {
  const g = JSON.parse(readFileSync(new URL("./goldens/ca-selfref.json", import.meta.url), "utf8"));
  const finalNar = Buffer.from(g.nar, "base64");
  const finalPart = storePathHashPart(g.info.path);
  const drvName = derivationName(g.drvPath);
  const scratch = makeStorePath(sd, `rewrite:${g.drvPath.slice(sd.length + 1)}:name:out`, zeroHash("sha256"),
    outputPathName(drvName, "out"));
  const scratchPart = storePathHashPart(scratch);

  function rewrite(data: Buffer, from: string, to: string, chunk: number): { out: Buffer; matches: number[] } {
    const parts: Buffer[] = [];
    const rw = new RewritingSink(from, to, (c) => parts.push(Buffer.from(c)));
    for (let i = 0; i < data.length; i += chunk) rw.write(data.subarray(i, i + chunk));
    rw.flush();
    return { out: Buffer.concat(parts), matches: rw.matches };
  }

  it("reproduces Nix's CA path, ca field and narHash for a self-referencing output", () => {
    // Reconstruct what the builder wrote at the scratch path, then do what Nix does after the build.
    const scratchNar = rewrite(finalNar, finalPart, scratchPart, 1 << 20).out;
    for (const chunk of [1, 7, 64, 1 << 20]) {
      const hm = new HashModuloSink("sha256", scratchPart);
      for (let i = 0; i < scratchNar.length; i += chunk) hm.write(scratchNar.subarray(i, i + chunk));
      const { hash, size } = hm.finish();
      expect(size).toBe(scratchNar.length);
      expect(`fixed:r:sha256:${encodeBase32(hash.bytes)}`).toBe(g.info.ca);
      const final = makeFixedOutputPath(sd, "recursive", hash, drvName, [], true);
      expect(final).toBe(g.info.path);
      const { out, matches } = rewrite(scratchNar, scratchPart, storePathHashPart(final), chunk);
      expect(matches.length).toBe(2);
      expect(out.equals(finalNar)).toBe(true);
      expect(formatHash(hashOf("sha256", out), "sri")).toBe(g.info.narHash);
    }
    expect(parseHash(g.info.narHash).algo).toBe("sha256");
  });
  it("reproduces a flat floating CA output recorded from Nix (ca-flat, contents \"content\\n\")", () => {
    const hm = new HashModuloSink("sha256", "0".repeat(32));
    hm.write(Buffer.from("content\n"));
    const { hash } = hm.finish();
    expect(`fixed:sha256:${encodeBase32(hash.bytes)}`).toBe("fixed:sha256:0lsy428b4vg9jlnhgs9iqyq1mrin6icw76aq3gy5d3x722j2his3");
    expect(makeFixedOutputPath(sd, "flat", hash, "ca-flat")).toBe("/nix/store/7grij9jy7jcxjx6w44qmkmasczwcgf07-ca-flat");
  });
  it("appends |offset per match so pre-zeroed input hashes differently", () => {
    const a = new HashModuloSink("sha256", "x".repeat(32));
    a.write(Buffer.from("ab" + "x".repeat(32)));
    const b = new HashModuloSink("sha256", "x".repeat(32));
    b.write(Buffer.from("ab" + "\0".repeat(32)));
    expect(a.finish().hash.bytes.equals(b.finish().hash.bytes)).toBe(false);
    const c = new HashModuloSink("sha256", "x".repeat(32));
    c.write(Buffer.from("ab" + "x".repeat(32)));
    expect(c.finish().hash).toEqual(hashOf("sha256", "ab" + "\0".repeat(32) + "|2"));
  });
});

describe("rewriteTreeInPlace", () => {
  it("rewrites a hash part in file contents, names' targets and symlinks across a whole tree", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { rewriteTreeInPlace } = await import("../../store/hash-modulo.js");
    const { canonicalisePath } = await import("../../store/fs-util.js");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tk-rw-"));
    const from = "a".repeat(32);
    const to = "b".repeat(32);
    fs.mkdirSync(dir + "/t/sub", { recursive: true });
    fs.writeFileSync(dir + "/t/sub/f", `x/${from}-me/y ${"z".repeat(2_000_000)} ${from}`);
    fs.symlinkSync(`/tk/store/${from}-me/sub/f`, dir + "/t/link");
    canonicalisePath(dir + "/t");
    expect(rewriteTreeInPlace(dir + "/t", from, to)).toBe(3);
    expect(fs.readFileSync(dir + "/t/sub/f", "utf8").startsWith(`x/${to}-me/y `)).toBe(true);
    expect(fs.readFileSync(dir + "/t/sub/f", "utf8").endsWith(` ${to}`)).toBe(true);
    expect(fs.readlinkSync(dir + "/t/link")).toBe(`/tk/store/${to}-me/sub/f`);
    expect(rewriteTreeInPlace(dir + "/t", from, to)).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("content addresses", () => {
  it("recomputes every CA path Nix registered (text, source, self-referencing CA output)", async () => {
    const { isContentAddressed, parseContentAddress, renderContentAddress } = await import("../../store/content-address.js");
    const drvs = JSON.parse(readFileSync(new URL("./goldens/drvs.json", import.meta.url), "utf8"));
    const ca = JSON.parse(readFileSync(new URL("./goldens/ca-selfref.json", import.meta.url), "utf8"));
    const infos = [...drvs.paths, ca.info];
    for (const info of infos) {
      expect(isContentAddressed(sd, info), info.path).toBe(true);
      expect(renderContentAddress(parseContentAddress(info.ca))).toBe(info.ca);
    }
    expect(isContentAddressed(sd, { ...ca.info, references: [] })).toBe(false);
    expect(isContentAddressed(sd, { ...drvs.paths[0], ca: undefined })).toBe(false);
    expect(() => parseContentAddress("nope:sha256:x")).toThrow(/invalid content address/);
  });
});
