// Tests of the .drv ATerm format and hashDerivationModulo against derivations instantiated by Nix 2.8.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { derivationName, parseDerivation, printDerivation, unparseDerivation, type Derivation } from "../../store/drv.js";
import { derivationType, drvOutputId, hashDerivationModulo, type DrvHash } from "../../store/drv-hash.js";
import { StoreError } from "../../store/errors.js";
import { hashOf } from "../../store/hash.js";
import { makeOutputPath, makeTextPath, sortedUnique } from "../../store/path.js";

const g = JSON.parse(readFileSync(new URL("./goldens/drvs.json", import.meta.url), "utf8")) as {
  paths: Array<{ path: string; references: string[]; contents: string }> };
const drvs = g.paths.filter((p) => p.path.endsWith(".drv"));
const byPath = new Map(drvs.map((p) => [p.path, p.contents]));
const load = (p: string): Derivation => parseDerivation(byPath.get(p)!);
const sd = "/nix/store";
const find = (name: string) => drvs.find((d) => derivationName(d.path) === name)!;

describe("drv ATerm", () => {
  it("parses and prints every Nix .drv byte-exactly, and its path is the text path", () => {
    expect(drvs.length).toBeGreaterThan(15);
    for (const d of drvs) {
      const drv = parseDerivation(d.contents);
      expect(printDerivation(drv)).toBe(d.contents);
      const refs = sortedUnique([...drv.inputSrcs, ...drv.inputDrvs.keys()]);
      expect(refs).toEqual(sortedUnique(d.references));
      expect(makeTextPath(sd, derivationName(d.path) + ".drv", hashOf("sha256", d.contents), refs)).toBe(d.path);
    }
  });
  it("escapes builder/args/env but not the platform", () => {
    const esc = parseDerivation(find("esc").contents);
    expect(esc.args[1]).toBe('a"b\\c\nd\te\rf $x ü u{1}');
    expect(esc.env.get('we"ird')).toBe("v\\al\n");
    const drv: Derivation = { ...esc, platform: 'x"y' };
    expect(printDerivation(drv)).toContain(',"x"y","/bin/sh"');
  });
  it("rejects malformed text with StoreError", () => {
    const t = find("simple").contents;
    for (const bad of [t.slice(0, -1), t + " ", t.replace("Derive(", "Derive ("), t.replace('"/bin/sh",[', '"/bin/sh,['),
      'Derive([("out","nopath","","")],[],[],"s","b",[],[])', 'Derive([("out","/p","sha257","00")],[],[],"s","b",[],[])',
      'Derive([("out","/p","sha256","zz")],[],[],"s","b",[],[])', 'Derive([],[],["rel"],"s","b",[],[])']) {
      expect(() => parseDerivation(bad)).toThrow(StoreError);
    }
  });
});

describe("hashDerivationModulo", () => {
  it("reproduces the spec's masked hash for 'simple'", () => {
    const drv = load(find("simple").path);
    expect(unparseDerivation(drv, true)).toBe(
      'Derive([("out","","","")],[],[],"x86_64-linux","/bin/sh",["-c","echo hi > $out"],[("builder","/bin/sh"),("name","simple"),("out",""),("system","x86_64-linux")])');
    const h = hashDerivationModulo(drv, true, load);
    expect(h.hashes.get("out")!.bytes.toString("hex")).toBe("595072af4f49a7e6e3c199450fd82e69e589fd048130ced35ea820a92858d271");
    expect(drvOutputId(h.hashes.get("out")!, "out")).toBe("sha256:595072af4f49a7e6e3c199450fd82e69e589fd048130ced35ea820a92858d271!out");
  });
  it("recomputes every input-addressed output path Nix chose", () => {
    const cache = new Map<string, DrvHash>();
    let checked = 0;
    for (const d of drvs) {
      const drv = load(d.path);
      if (derivationType(drv) !== "input-addressed") continue;
      const h = hashDerivationModulo(drv, true, load, cache);
      expect(h.kind).toBe("regular");
      for (const [o, out] of drv.outputs) {
        expect(makeOutputPath(sd, o, h.hashes.get(o)!, derivationName(d.path))).toBe(out.path);
        expect(drv.env.get(o)).toBe(out.path);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7);
  });
  it("classifies types and marks dependents of floating CA as deferred", () => {
    expect(derivationType(load(find("ca").path))).toBe("floating");
    expect(derivationType(load(find("fod").path))).toBe("fixed");
    expect(derivationType(load(find("impure").path))).toBe("impure");
    expect(derivationType(load(find("deferred").path))).toBe("deferred");
    expect(hashDerivationModulo(load(find("ca").path), true, load).kind).toBe("deferred");
    expect(hashDerivationModulo(load(find("deferred").path), true, load).kind).toBe("deferred");
    expect(hashDerivationModulo(load(find("deferred2").path), true, load).kind).toBe("deferred");
    expect(hashDerivationModulo(load(find("impure").path), true, load).hashes.get("out")).toEqual(hashOf("sha256", "impure"));
    const mixed = load(find("simple").path);
    mixed.outputs.set("dev", { path: "", hashAlgo: "r:sha256", hash: "" });
    expect(() => derivationType(mixed)).toThrow(/can't mix/);
  });
  it("hashes fixed outputs by hash and path only, merging identical FOD inputs", () => {
    const a = find("same");
    const sames = drvs.filter((d) => derivationName(d.path) === "same");
    expect(sames.length).toBe(2);
    const ha = hashDerivationModulo(load(sames[0].path), false, load).hashes.get("out")!;
    const hb = hashDerivationModulo(load(sames[1].path), false, load).hashes.get("out")!;
    expect(ha).toEqual(hb);
    expect(ha).toEqual(hashOf("sha256", `fixed:out:sha256:8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4:${load(a.path).outputs.get("out")!.path}`));
    const use = load(find("usefods").path);
    expect(use.inputDrvs.size).toBe(5);
  });
});

describe("drv parser fuzzing", () => {
  it("mutated .drv text either parses or fails with StoreError (fixed seed)", () => {
    let s = 7;
    const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 0x100000000);
    const base = find("usefods").contents;
    const alphabet = '()[],"\\/abc:';
    let failures = 0;
    for (let i = 0; i < 2000; i++) {
      const chars = [...base];
      const at = Math.floor(rand() * chars.length);
      if (i % 3 === 0) chars.splice(at, 1);
      else if (i % 3 === 1) chars.splice(at, 0, alphabet[Math.floor(rand() * alphabet.length)]);
      else chars[at] = alphabet[Math.floor(rand() * alphabet.length)];
      try {
        parseDerivation(chars.join(""));
      } catch (e) {
        expect(e).toBeInstanceOf(StoreError);
        failures++;
      }
    }
    expect(failures).toBeGreaterThan(300);
  });
});
