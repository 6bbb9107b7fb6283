// derivationStrict's fast path (lang/builtins/drv-aterm.ts) against store/drv.ts and
// store/drv-hash.ts on pseudo-random input-addressed derivations: same output paths, same .drv
// text, same modulo hash — including escapes, non-ASCII text and inputs sharing a modulo hash.
import { describe, expect, it } from "vitest";
import { atermString, completeInputAddressed, inOrder, sha256, sha256Hex, storePathOf, textType, type PendingDrv } from "../../lang/builtins/drv-aterm.js";
import { printDerivation, type Derivation } from "../../store/drv.js";
import { hashDerivationModulo, type DrvHash } from "../../store/drv-hash.js";
import { hashOf } from "../../store/hash.js";
import { compareBytes, makeOutputPath, makeStorePath, makeTextPath, makeType } from "../../store/path.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STORE = "/nix/store";
const PIECES = ["a", "Z", "0", "-", "_", ".", '"', "\\", "\n", "\r", "\t", " ", "$", "é", "€", "😀", "\u0001", "="];

function text(r: () => number, max: number): string {
  let s = "";
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)];
  return s;
}

function pick<T>(r: () => number, xs: T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function hashPart(r: () => number): string {
  let s = "";
  for (let i = 0; i < 32; i++) s += pick(r, [..."0123456789abcdfghijklmnpqrsvwxyz"]);
  return s;
}

function randomCase(r: () => number): { drv: Derivation; name: string; hexes: Map<string, string> } {
  const outputs = ["out", "dev", "lib", "bin"].filter((o, i) => i === 0 || r() < 0.3);
  const drv: Derivation = {
    outputs: new Map(outputs.map((o) => [o, { path: "", hashAlgo: "", hash: "" }])),
    inputDrvs: new Map(), inputSrcs: new Set(), platform: pick(r, ["x86_64-linux", "aarch64-linux"]),
    builder: pick(r, ["/bin/sh", text(r, 8)]), args: Array.from({ length: Math.floor(r() * 4) }, () => text(r, 10)),
    env: new Map(),
  };
  const hexes = new Map<string, string>();
  const shared = sha256(String(r())).toString("hex");
  const nIn = Math.floor(r() * 5);
  for (let i = 0; i < nIn; i++) {
    const p = `${STORE}/${hashPart(r)}-dep${i}.drv`;
    drv.inputDrvs.set(p, new Set(["out", "dev"].filter((o, j) => j === 0 || r() < 0.5)));
    hexes.set(p, r() < 0.3 ? shared : sha256(p).toString("hex"));
  }
  for (let i = Math.floor(r() * 3); i > 0; i--) drv.inputSrcs.add(`${STORE}/${hashPart(r)}-src${i}`);
  for (let i = Math.floor(r() * 8); i > 0; i--) drv.env.set(text(r, 6) || `k${i}`, text(r, 20));
  for (const o of outputs) drv.env.set(o, "");
  return { drv, name: pick(r, ["hello", "node-1-2", "a.b+c"]), hexes };
}

function viaStore(c: { drv: Derivation; name: string; hexes: Map<string, string> }) {
  const drv = structuredClone(c.drv);
  const cache = new Map<string, DrvHash>();
  for (const [p, hex] of c.hexes) {
    const h = { algo: "sha256" as const, bytes: Buffer.from(hex, "hex") };
    cache.set(p, { kind: "regular", hashes: new Map([["out", h], ["dev", h]]) });
  }
  const load = (): never => {
    throw new Error("no input should be loaded");
  };
  const masked = hashDerivationModulo(drv, true, load, cache);
  for (const o of drv.outputs.keys()) {
    const p = makeOutputPath(STORE, o, masked.hashes.get(o)!, c.name);
    drv.outputs.set(o, { path: p, hashAlgo: "", hash: "" });
    drv.env.set(o, p);
  }
  const modulo = hashDerivationModulo(drv, false, load, cache);
  return { drv, text: printDerivation(drv), modulo: modulo.hashes.get("out")!.bytes };
}

/** The case as derivationStrict collects it: env and inputs in scrambled order, outputs sorted. */
function pending(c: { drv: Derivation; name: string }): PendingDrv {
  const d = c.drv;
  // a key naming an output is replaced by the output's path
  const env = [...[...d.env].filter(([k]) => !d.outputs.has(k)), ["out", "ignored"]].reverse();
  const inputs = [...d.inputDrvs].reverse();
  return {
    name: c.name, outputs: inOrder(d.outputs.keys()), platform: d.platform, builder: d.builder, args: d.args,
    inputDrvs: inputs.map(([p]) => p), inputOuts: inputs.map(([, o]) => [...o].reverse()), inputSrcs: [...d.inputSrcs].reverse(),
    envKeys: env.map(([k]) => k), envVals: env.map(([, v]) => v),
  };
}

describe("derivationStrict fast path", () => {
  it("computes the paths, .drv text and modulo hash that store/ computes", () => {
    const r = rng(7);
    for (let t = 0; t < 300; t++) {
      const c = randomCase(r);
      const want = viaStore(c);
      const got = completeInputAddressed(pending(c), STORE, (p) => c.hexes.get(p)!);
      expect(got.text).toBe(want.text);
      expect(got.moduloHex).toBe(want.modulo.toString("hex"));
      expect(got.outPaths).toEqual(inOrder(c.drv.outputs.keys()).map((o) => want.drv.outputs.get(o)!.path));
      expect(got.refs).toEqual([...new Set([...c.drv.inputSrcs, ...c.drv.inputDrvs.keys()])].sort(compareBytes));
    }
  });

  it("sorts in byte order, small and large lists", () => {
    const r = rng(5);
    for (const n of [0, 1, 2, 5, 20, 33, 100]) {
      const xs = Array.from({ length: n }, () => text(r, 4));
      const set = new Set(xs);
      expect(inOrder(set)).toEqual([...set].sort(compareBytes));
    }
  });

  it("escapes strings as Nix's printString", () => {
    expect(atermString('a"b\\c\nd\re\tf')).toBe('"a\\"b\\\\c\\nd\\re\\tf"');
    expect(atermString("plain")).toBe('"plain"');
  });

  it("hashes with SHA-256", () => {
    expect(sha256("abc").equals(hashOf("sha256", "abc").bytes)).toBe(true);
    expect(sha256("€").equals(hashOf("sha256", "€").bytes)).toBe(true);
    expect(sha256Hex("€")).toBe(hashOf("sha256", "€").bytes.toString("hex"));
  });

  it("computes store paths as store/path.ts", () => {
    const r = rng(11);
    for (let t = 0; t < 200; t++) {
      const h = hashOf("sha256", String(r()));
      const name = pick(r, ["a", "hello-1.0", "x.drv", "node-3-4"]);
      for (const storeDir of ["/nix/store", "/tk/store"]) {
        expect(storePathOf(storeDir, "output:out", h.bytes.toString("hex"), name)).toBe(makeStorePath(storeDir, "output:out", h, name));
        const refs = [`${storeDir}/${hashPart(r)}-b`, `${storeDir}/${hashPart(r)}-a`];
        expect(storePathOf(storeDir, makeType("text", refs), h.bytes.toString("hex"), name)).toBe(makeTextPath(storeDir, name, h, refs));
      }
    }
    expect(() => storePathOf("/nix/store", "text", "00", "bad name")).toThrow(/illegal character/);
    const refs = ["/nix/store/b", "/nix/store/a", "/nix/store/b", "/nix/store/c"];
    expect(textType(refs)).toBe(makeType("text", refs));
    expect(textType([])).toBe("text");
  });
});
