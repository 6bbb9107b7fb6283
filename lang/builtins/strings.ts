// String builtins: toString, stringLength, substring, concatStringsSep, replaceStrings,
// baseNameOf, dirOf, splitVersion, compareVersions, parseDrvName, hashString.
// Lengths and offsets are in UTF-8 bytes, as in Nix.
import { createHash } from "node:crypto";
import { prim } from "./registry.js";
import { byteLength as bytesLength, canonical, compareByteStrings, fromBytes, fromLatin1, hasSurrogates, toBytes, toLatin1 } from "../bytes.js";
import { LangError } from "../errors.js";
import { coerceToString } from "../coerce.js";
import { ctxOf, forceList, forceSmallInt, forceStr, forceStrValue, mkStr } from "../check.js";
import { baseNameOf, dirOf } from "../paths.js";
import { Attrs, force, NixPath, type Lazy, type Value } from "../values.js";

const ASCII = /^[\x00-\x7f]*$/;
/** Byte length of a string (UTF-8, escaped bytes counting one). */
export const byteLength = (s: string): number => (ASCII.test(s) ? s.length : bytesLength(s));

prim("toString", 1, ([x]) => {
  const v = force(x);
  if (typeof v === "string") return v;
  if (typeof v === "number") return v.toString();
  const ctx = new Set<string>();
  const s = coerceToString(x, ctx, true, false);
  return mkStr(s, ctx);
}, true);
prim("stringLength", 1, ([x]) => {
  const ctx = new Set<string>();
  return byteLength(coerceToString(x, ctx, false, false));
});
prim("substring", 3, ([a, b, x]) => {
  const start = forceSmallInt(a);
  const len = forceSmallInt(b);
  const ctx = new Set<string>();
  const s = coerceToString(x, ctx, false, false);
  if (start < 0) throw new LangError("eval", "negative start position in 'substring'");
  let r: string;
  if (ASCII.test(s)) r = len < 0 ? s.slice(start) : s.slice(start, start + len);
  else {
    // byte offsets, as Nix: a cut inside a multi-byte character keeps the raw bytes (see ../bytes.ts)
    const buf = toBytes(s);
    r = fromBytes(len < 0 ? buf.subarray(start) : buf.subarray(start, start + len));
  }
  return mkStr(r, ctx);
});
prim("concatStringsSep", 2, ([sep, l]) => {
  const ctx = new Set<string>();
  const sv = forceStrValue(sep);
  const sepS = typeof sv === "string" ? sv : sv.s;
  for (const c of ctxOf(sv) ?? []) ctx.add(c);
  const parts = forceList(l).map((x) => coerceToString(x, ctx, false, true));
  return mkStr(canonical(parts.join(sepS)), ctx);
});
prim("replaceStrings", 3, ([f, t, x]) => {
  let from = forceList(f).map((y) => forceStr(y));
  const toV = forceList(t);
  if (from.length !== toV.length) {
    throw new LangError("eval", "'from' and 'to' arguments to 'replaceStrings' have different lengths");
  }
  const toCache: Array<string | undefined> = [];
  const ctx = new Set<string>();
  const sv = forceStrValue(x);
  let s = typeof sv === "string" ? sv : sv.s;
  for (const c of ctxOf(sv) ?? []) ctx.add(c);
  // Nix replaces bytes: an empty or split-character pattern in a non-ASCII string works on the bytes
  const bytewise = !ASCII.test(s) && from.some((y) => y === "" || hasSurrogates(y));
  if (bytewise) {
    s = toLatin1(s);
    from = from.map(toLatin1);
  }
  const to = (i: number): string => {
    let r = toCache[i];
    if (r === undefined) {
      const v = forceStrValue(toV[i]);
      for (const c of ctxOf(v) ?? []) ctx.add(c);
      r = typeof v === "string" ? v : v.s;
      r = toCache[i] = bytewise ? toLatin1(r) : r;
    }
    return r;
  };
  let out = "";
  for (let p = 0; p <= s.length; ) {
    let found = false;
    for (let i = 0; i < from.length; i++) {
      if (s.startsWith(from[i], p)) {
        found = true;
        out += to(i);
        if (from[i].length === 0) {
          if (p < s.length) out += s[p];
          p++;
        } else p += from[i].length;
        break;
      }
    }
    if (!found) {
      if (p < s.length) out += s[p];
      p++;
    }
  }
  return mkStr(bytewise ? fromLatin1(out) : canonical(out), ctx);
});
prim("baseNameOf", 1, ([x]) => {
  const ctx = new Set<string>();
  const s = coerceToString(x, ctx, false, false);
  return mkStr(baseNameOf(s), ctx);
}, true);
prim("dirOf", 1, ([x]) => {
  const v = force(x);
  if (v instanceof NixPath) return new NixPath(dirOf(v.path));
  const ctx = new Set<string>();
  const s = coerceToString(v, ctx, false, false);
  return mkStr(dirOf(s), ctx);
}, true);

/** Nix's splitVersion components. */
export function splitVersion(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "." || c === "-") {
      i++;
      continue;
    }
    let j = i;
    if (c >= "0" && c <= "9") while (j < s.length && s[j] >= "0" && s[j] <= "9") j++;
    else while (j < s.length && !(s[j] >= "0" && s[j] <= "9") && s[j] !== "." && s[j] !== "-") j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

const isNum = (s: string): boolean => /^[0-9]+$/.test(s);
function componentsLess(a: string, b: string): boolean {
  const an = isNum(a);
  const bn = isNum(b);
  if (an && bn) return BigInt(a) < BigInt(b);
  if (a === "" && bn) return true;
  if (a === "pre" && b !== "pre") return true;
  if (b === "pre") return false;
  if (bn) return true;
  if (an) return false;
  return compareByteStrings(a, b) < 0;
}

/** Nix's compareVersions: -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  const x = splitVersion(a);
  const y = splitVersion(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const c1 = x[i] ?? "";
    const c2 = y[i] ?? "";
    if (componentsLess(c1, c2)) return -1;
    if (componentsLess(c2, c1)) return 1;
  }
  return 0;
}
prim("splitVersion", 1, ([x]) => splitVersion(forceStr(x)));
prim("compareVersions", 2, ([a, b]) => compareVersions(forceStr(a), forceStr(b)));
prim("parseDrvName", 1, ([x]) => {
  const s = forceStr(x);
  let name = s;
  let version = "";
  for (let i = 0; i + 1 < s.length; i++) {
    if (s[i] === "-" && !/[a-zA-Z]/.test(s[i + 1])) {
      name = s.slice(0, i);
      version = s.slice(i + 1);
      break;
    }
  }
  return Attrs.fromEntries([["name", name], ["version", version]]);
});
prim("hashString", 2, ([t, x]) => {
  const algo = forceStr(t);
  if (!["md5", "sha1", "sha256", "sha512"].includes(algo)) {
    throw new LangError("eval", `unknown hash algorithm '${algo}'`);
  }
  return createHash(algo).update(toBytes(forceStr(x))).digest("hex") as Value;
});
