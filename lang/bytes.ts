// Nix strings are byte strings; tk keeps them as JS strings. Bytes that are not part of valid UTF-8 (a
// substring or regex match that splits a character, as Nix allows) are kept as the lone surrogates
// U+DC80–U+DCFF ("surrogate escape", one per byte), and turned back into those raw bytes on output.
// Valid UTF-8 text never contains lone surrogates, so ordinary strings are unaffected.

const ESCAPED = /[\uD800-\uDFFF]/;

/** True when `s` may hold escaped bytes (any surrogate code unit: a cheap pre-check). */
export const hasSurrogates = (s: string): boolean => ESCAPED.test(s);

/** The bytes of a tk string: UTF-8, escaped bytes restored. */
export function toBytes(s: string): Buffer {
  if (!ESCAPED.test(s)) return Buffer.from(s, "utf8");
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++; // a valid pair
        continue;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) {
      parts.push(Buffer.from(s.slice(from, i), "utf8"), Buffer.of(c - 0xdc00));
      from = i + 1;
    }
  }
  parts.push(Buffer.from(s.slice(from), "utf8"));
  return Buffer.concat(parts);
}

/** Length of a UTF-8 sequence starting at `b[i]` if it is valid there, else 0. */
function seqLen(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** A tk string from bytes: valid UTF-8 decoded, every other byte escaped. */
export function fromBytes(b: Uint8Array): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let out = "";
  let from = 0;
  for (let i = 0; i < buf.length; ) {
    const n = seqLen(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += buf.toString("utf8", from, i) + String.fromCharCode(0xdc00 + buf[i]);
    from = ++i;
  }
  return from === 0 ? buf.toString("utf8") : out + buf.toString("utf8", from);
}

/** Number of bytes of a tk string. */
export function byteLength(s: string): number {
  if (!ESCAPED.test(s)) return Buffer.byteLength(s, "utf8");
  return toBytes(s).length;
}

/** The string's bytes as a "binary" JS string (one char per byte), for byte-wise regular expressions. */
export const toLatin1 = (s: string): string => toBytes(s).toString("latin1");

/** A tk string from a binary (one char per byte) JS string. */
export const fromLatin1 = (s: string): string => fromBytes(Buffer.from(s, "latin1"));

const isEscape = (c: number): boolean => c >= 0xdc80 && c <= 0xdcff;

/**
 * `a + b` for tk strings. Nix joins bytes, so escaped bytes on both sides of the seam that together form
 * a valid UTF-8 character become that character again (keeping every string in one canonical form, so
 * that `==`, attribute names and hashes see equal bytes as equal strings). O(1) unless the seam has
 * escapes on both sides.
 */
export function joinStr(a: string, b: string): string {
  if (a.length === 0 || b.length === 0 || !isEscape(a.charCodeAt(a.length - 1)) || !isEscape(b.charCodeAt(0))) return a + b;
  // a UTF-8 sequence is at most 4 bytes: 3 escapes either side cover any sequence crossing the seam
  let i = a.length;
  while (i > 0 && a.length - i < 3 && isEscape(a.charCodeAt(i - 1))) i--;
  let j = 0;
  while (j < b.length && j < 3 && isEscape(b.charCodeAt(j))) j++;
  return a.slice(0, i) + fromBytes(toBytes(a.slice(i) + b.slice(0, j))) + b.slice(j);
}

/** `s` in canonical form: escaped bytes that form valid UTF-8 decoded (for strings joined by other means than joinStr). */
export const canonical = (s: string): string => (ESCAPED.test(s) ? fromBytes(toBytes(s)) : s);

/** Byte-wise comparison of two tk strings (std::string order, as Nix's `<`, sort and attribute names). */
export function compareByteStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // below the surrogates, UTF-16 code unit order is code point order, which is UTF-8 byte order
      if (x < 0xd800 && y < 0xd800) return x - y;
      return Buffer.compare(toBytes(a.slice(i > 0 && a.charCodeAt(i - 1) >= 0xd800 ? i - 1 : i)), toBytes(b.slice(i > 0 && b.charCodeAt(i - 1) >= 0xd800 ? i - 1 : i)));
    }
  }
  return a.length - b.length;
}
