// Attribute sets as Nix's Bindings: two parallel arrays, names sorted (UTF-16 code unit order, which
// is Nix's byte order except for astral characters) and their unforced values. Lookup is a binary
// search; `//` merges the two sorted arrays without re-sorting; mapAttrs shares the name array.
// Name arrays are never mutated after construction (several sets may share one).
import type { Lazy } from "./values.js";

/** Source positions of statically defined attributes (for unsafeGetAttrPos and error frames). */
export interface AttrPositions {
  file: string;
  at: Map<string, number>;
}

const NO_NAMES: string[] = [];
const NO_VALS: Lazy[] = [];

/** An attribute set. */
export class Attrs {
  constructor(
    /** Sorted, without duplicates; shared, never mutated. */
    readonly names: readonly string[],
    /** vals[i] is the value of names[i]. */
    readonly vals: Lazy[],
    /** Source positions of statically defined attributes (for unsafeGetAttrPos). */
    readonly pos?: AttrPositions,
  ) {}

  /** The empty set. */
  static empty(): Attrs {
    return new Attrs(NO_NAMES, NO_VALS);
  }

  /** A set from name/value pairs in any order (a later duplicate replaces an earlier one). */
  static fromEntries(entries: Iterable<readonly [string, Lazy]>): Attrs {
    const m = new Map<string, Lazy>();
    for (const [k, v] of entries) m.set(k, v);
    return Attrs.fromMap(m);
  }

  /** A set from a Map (in any insertion order). */
  static fromMap(m: ReadonlyMap<string, Lazy>, pos?: AttrPositions): Attrs {
    const s = attrsFromUnsorted([...m.keys()], [...m.values()], true);
    return pos ? new Attrs(s.names, s.vals, pos) : s;
  }

  /** Number of attributes. */
  get size(): number {
    return this.names.length;
  }

  /** Attribute names in Nix's order (the shared array: do not mutate). */
  keys(): readonly string[] {
    return this.names;
  }

  /** Index of `name` in `names`, or -1. */
  indexOf(name: string): number {
    const ns = this.names;
    let lo = 0;
    let hi = ns.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = ns[mid]!;
      if (k === name) return mid;
      if (k < name) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** An attribute (unforced) or undefined. */
  get(name: string): Lazy | undefined {
    const i = this.indexOf(name);
    return i < 0 ? undefined : this.vals[i];
  }

  /** Whether the set has the attribute. */
  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }
}

/** First index in sorted `ns[lo..]` whose name is ≥ `name`. */
function lowerBound(ns: readonly string[], lo: number, name: string): number {
  let hi = ns.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ns[mid]! < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A remembered `//` of two small name arrays: the merged names and where each value comes from
 *  (i ≥ 0: x's value i; ~j: y's value j). */
interface Merge {
  a: readonly string[];
  b: readonly string[];
  names: readonly string[];
  from: number[];
}

/** `//` of sets of the same shapes again and again (a function's result `args // { … }`, derivations)
 *  reuses the merged name array: it is shared, not made and kept once per set. Direct-mapped by sizes. */
const merges = new Array<Merge | undefined>(64);

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `x // y` for small sets through the cache of merged name arrays. */
function updateSmall(an: readonly string[], av: Lazy[], bn: readonly string[], bv: Lazy[]): Attrs {
  const na = an.length;
  const nb = bn.length;
  const slot = (na * 7 + nb * 13 + bn[0]!.length) & 63;
  let m = merges[slot];
  if (m === undefined || m.a !== an || !sameNames(m.b, bn)) {
    const names = new Array<string>(na + nb);
    const from = new Array<number>(na + nb);
    let w = 0;
    let i = 0;
    let j = 0;
    while (i < na && j < nb) {
      const a = an[i]!;
      const b = bn[j]!;
      if (a === b) {
        names[w] = b;
        from[w++] = ~j++;
        i++;
      } else if (a < b) {
        names[w] = a;
        from[w++] = i++;
      } else {
        names[w] = b;
        from[w++] = ~j++;
      }
    }
    for (; i < na; i++, w++) {
      names[w] = an[i]!;
      from[w] = i;
    }
    for (; j < nb; j++, w++) {
      names[w] = bn[j]!;
      from[w] = ~j;
    }
    names.length = w;
    from.length = w;
    // only replaced values: the names are x's
    merges[slot] = m = { a: an, b: bn, names: w === na ? an : names, from };
  }
  const from = m.from;
  const n = from.length;
  const vals = new Array<Lazy>(n);
  for (let k = 0; k < n; k++) {
    const f = from[k]!;
    vals[k] = f >= 0 ? av[f]! : bv[~f]!;
  }
  return new Attrs(m.names, vals);
}

/** `x // y`: the attributes of both, y's winning; merges the sorted arrays (no re-sort). */
export function updateAttrs(x: Attrs, y: Attrs): Attrs {
  const bn = y.names;
  const an = x.names;
  if (bn.length === 0) return x;
  if (an.length === 0 || an === bn) return y;
  const av = x.vals;
  const bv = y.vals;
  const na = an.length;
  const nb = bn.length;
  if (na + nb <= 64) return updateSmall(an, av, bn, bv);
  if (nb * 4 < na) {
    // few updates into a big set: find each update's place by binary search
    const at = new Array<number>(nb);
    let replacesOnly = true;
    for (let j = 0, i = 0; j < nb; j++) {
      const p = lowerBound(an, i, bn[j]!);
      at[j] = p;
      if (p < na && an[p] === bn[j]) i = p + 1;
      else {
        replacesOnly = false;
        i = p;
      }
    }
    if (replacesOnly) {
      // the names stay the same: share them, copy only the values
      const vals = av.slice();
      for (let j = 0; j < nb; j++) vals[at[j]!] = bv[j]!;
      return new Attrs(an, vals);
    }
    const names = new Array<string>(na + nb);
    const vals = new Array<Lazy>(na + nb);
    let w = 0;
    let i = 0;
    for (let j = 0; j < nb; j++) {
      const p = at[j]!;
      for (; i < p; i++, w++) {
        names[w] = an[i]!;
        vals[w] = av[i]!;
      }
      names[w] = bn[j]!;
      vals[w++] = bv[j]!;
      if (i < na && an[i] === bn[j]) i++;
    }
    for (; i < na; i++, w++) {
      names[w] = an[i]!;
      vals[w] = av[i]!;
    }
    names.length = w;
    vals.length = w;
    return new Attrs(names, vals);
  }
  const names = new Array<string>(na + nb);
  const vals = new Array<Lazy>(na + nb);
  let w = 0;
  let i = 0;
  let j = 0;
  while (i < na && j < nb) {
    const a = an[i]!;
    const b = bn[j]!;
    if (a === b) {
      names[w] = b;
      vals[w++] = bv[j++]!;
      i++;
    } else if (a < b) {
      names[w] = a;
      vals[w++] = av[i++]!;
    } else {
      names[w] = b;
      vals[w++] = bv[j++]!;
    }
  }
  for (; i < na; i++, w++) {
    names[w] = an[i]!;
    vals[w] = av[i]!;
  }
  for (; j < nb; j++, w++) {
    names[w] = bn[j]!;
    vals[w] = bv[j]!;
  }
  names.length = w;
  vals.length = w;
  return new Attrs(names, vals);
}

/**
 * Sorts parallel name/value arrays by name; with duplicates the first occurrence is kept (as Nix's
 * listToAttrs). Returns a new set (carrying `pos`, if given; the arrays given may be reused).
 */
export function attrsFromUnsorted(names: string[], vals: Lazy[], firstWins: boolean, pos?: AttrPositions): Attrs {
  const n = names.length;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (!(names[i - 1]! < names[i]!)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return new Attrs(names, vals, pos);
  if (n <= 16) return insertionSorted(names, vals, firstWins, pos);
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // stable: equal names keep their order, so the first (or last) occurrence is found next to the others
  idx.sort((a, b) => {
    const x = names[a]!;
    const y = names[b]!;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const outN: string[] = [];
  const outV: Lazy[] = [];
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    const nm = names[i]!;
    if (outN.length > 0 && outN[outN.length - 1] === nm) {
      if (!firstWins) outV[outV.length - 1] = vals[i]!;
      continue;
    }
    outN.push(nm);
    outV.push(vals[i]!);
  }
  return new Attrs(outN, outV, pos);
}

/** attrsFromUnsorted for a few names: an insertion sort in place (no allocation), then duplicates dropped. */
function insertionSorted(names: string[], vals: Lazy[], firstWins: boolean, pos: AttrPositions | undefined): Attrs {
  const n = names.length;
  for (let i = 1; i < n; i++) {
    const k = names[i]!;
    const v = vals[i]!;
    let j = i - 1;
    // stable: stop at an equal name, so duplicates stay in their original order
    while (j >= 0 && names[j]! > k) {
      names[j + 1] = names[j]!;
      vals[j + 1] = vals[j]!;
      j--;
    }
    names[j + 1] = k;
    vals[j + 1] = v;
  }
  let w = 0;
  for (let i = 0; i < n; i++) {
    if (w > 0 && names[w - 1] === names[i]) {
      if (!firstWins) vals[w - 1] = vals[i]!;
      continue;
    }
    names[w] = names[i]!;
    vals[w] = vals[i]!;
    w++;
  }
  names.length = w;
  vals.length = w;
  return new Attrs(names, vals, pos);
}
