// The sorted-array attribute set (lang/attrset.ts) against a Map model: lookup, `//` (both merge
// strategies), construction from unsorted names with duplicates, on pseudo-random sets.
import { describe, expect, it } from "vitest";
import { Attrs, attrsFromUnsorted, updateAttrs } from "../../lang/attrset.js";
import type { Lazy } from "../../lang/values.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomMap(r: () => number, n: number, alphabet: number): Map<string, Lazy> {
  const m = new Map<string, Lazy>();
  for (let i = 0; i < n; i++) m.set(`k${Math.floor(r() * alphabet)}`, Math.floor(r() * 1000));
  return m;
}

function asMap(a: Attrs): Map<string, Lazy> {
  return new Map(a.names.map((k, i) => [k, a.vals[i]!]));
}

function expectSorted(a: Attrs): void {
  for (let i = 1; i < a.size; i++) expect(a.names[i - 1]! < a.names[i]!).toBe(true);
  expect(a.vals.length).toBe(a.size);
}

describe("Attrs", () => {
  it("looks attributes up by binary search", () => {
    const r = rng(1);
    for (let t = 0; t < 50; t++) {
      const m = randomMap(r, Math.floor(r() * 40), 60);
      const a = Attrs.fromMap(m);
      expectSorted(a);
      for (let k = 0; k < 60; k++) {
        expect(a.get(`k${k}`)).toBe(m.get(`k${k}`));
        expect(a.has(`k${k}`)).toBe(m.has(`k${k}`));
      }
      expect(a.keys()).toEqual([...m.keys()].sort());
    }
  });

  it("answers lookups in a big set, repeatedly", () => {
    const r = rng(4);
    const m = randomMap(r, 500, 1000);
    const a = Attrs.fromMap(m);
    for (let round = 0; round < 3; round++) {
      for (let k = 0; k < 1000; k++) {
        expect(a.get(`k${k}`)).toBe(m.get(`k${k}`));
        expect(a.indexOf(`k${k}`)).toBe(m.has(`k${k}`) ? a.names.indexOf(`k${k}`) : -1);
      }
    }
    expect(a.get("")).toBeUndefined();
    expect(a.get("zzz")).toBeUndefined();
  });

  it("builds sets from entries and the empty set", () => {
    expect(Attrs.empty().size).toBe(0);
    const a = Attrs.fromEntries([["b", 1], ["a", 2], ["b", 3]]);
    expect(a.names).toEqual(["a", "b"]);
    expect(a.vals).toEqual([2, 3]);
  });

  it("merges with // like a Map update, for small and big right-hand sides", () => {
    const r = rng(2);
    for (let t = 0; t < 200; t++) {
      const mx = randomMap(r, Math.floor(r() * 80), 100);
      const my = randomMap(r, Math.floor(r() * (t % 2 ? 5 : 80)), 100);
      const got = updateAttrs(Attrs.fromMap(mx), Attrs.fromMap(my));
      expectSorted(got);
      const want = new Map(mx);
      for (const [k, v] of my) want.set(k, v);
      expect(asMap(got)).toEqual(new Map([...want].sort((p, q) => (p[0] < q[0] ? -1 : 1))));
    }
  });

  it("shares the names when // only replaces values, and returns y for equal name arrays", () => {
    const x = Attrs.fromMap(new Map(Array.from({ length: 40 }, (_, i) => [`k${i}`, i] as const)));
    const y = Attrs.fromEntries([["k3", "a"], ["k17", "b"]]);
    const got = updateAttrs(x, y);
    expect(got.names).toBe(x.names);
    expect(got.get("k3")).toBe("a");
    expect(got.get("k17")).toBe("b");
    expect(got.get("k4")).toBe(4);
    expect(x.get("k3")).toBe(3);
    const z = new Attrs(x.names, x.vals.map((v) => (v as number) + 1));
    expect(updateAttrs(x, z)).toBe(z);
  });

  it("shares the merged names of repeated small // of the same shapes, with each call's values", () => {
    const an = ["a", "c", "e"];
    const bn = ["b", "c"];
    const first = updateAttrs(new Attrs(an, [1, 2, 3]), new Attrs(bn, [4, 5]));
    for (let i = 0; i < 5; i++) {
      const got = updateAttrs(new Attrs(an, [i, i + 1, i + 2]), new Attrs(bn.slice(), [10 * i, 20 * i]));
      expect(got.names).toBe(first.names);
      expect(asMap(got)).toEqual(new Map<string, Lazy>([["a", i], ["b", 10 * i], ["c", 20 * i], ["e", i + 2]]));
    }
    // same sizes, other names: not confused with the remembered merge
    const other = updateAttrs(new Attrs(["a", "c", "f"], [1, 2, 3]), new Attrs(["b", "d"], [4, 5]));
    expect(other.names).toEqual(["a", "b", "c", "d", "f"]);
    expect(updateAttrs(new Attrs(an, [1, 2, 3]), new Attrs(["b", "d"], [4, 5])).names).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("returns an operand unchanged when the other is empty", () => {
    const a = Attrs.fromEntries([["x", 1]]);
    expect(updateAttrs(a, Attrs.empty())).toBe(a);
    expect(updateAttrs(Attrs.empty(), a)).toBe(a);
  });

  it("sorts unsorted names, keeping the first or the last duplicate", () => {
    const r = rng(3);
    for (let t = 0; t < 100; t++) {
      const n = Math.floor(r() * 50);
      const names = Array.from({ length: n }, () => `k${Math.floor(r() * 30)}`);
      const vals: Lazy[] = names.map((_, i) => i);
      for (const firstWins of [true, false]) {
        const got = attrsFromUnsorted(names.slice(), vals.slice(), firstWins);
        expectSorted(got);
        const want = new Map<string, Lazy>();
        names.forEach((k, i) => {
          if (!firstWins || !want.has(k)) want.set(k, i);
        });
        expect(asMap(got)).toEqual(new Map([...want].sort((p, q) => (p[0] < q[0] ? -1 : 1))));
      }
    }
  });
});
