// Nix's base32 encoding (not RFC 4648): alphabet without e/o/u/t, bytes read as a little-endian
// number printed most significant digit first (libutil/hash.cc).
import { StoreError } from "./errors.js";

/** The 32 characters of Nix base32, in digit order. */
export const BASE32_ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

const DIGIT = new Int8Array(256).fill(-1);
for (let i = 0; i < 32; i++) DIGIT[BASE32_ALPHABET.charCodeAt(i)] = i;

/** True for a byte that is a Nix base32 character (lookup table, for scanners). */
export const IS_BASE32 = new Uint8Array(256);
for (let i = 0; i < 32; i++) IS_BASE32[BASE32_ALPHABET.charCodeAt(i)] = 1;

/** Length of the base32 text of `size` bytes. */
export function base32Len(size: number): number {
  return Math.floor((size * 8 - 1) / 5) + 1;
}

/** Encodes bytes in Nix base32. */
export function encodeBase32(bytes: Uint8Array): string {
  const size = bytes.length;
  if (size === 0) return "";
  const len = base32Len(size);
  let out = "";
  for (let n = len - 1; n >= 0; n--) {
    const b = n * 5;
    const i = b >> 3;
    const j = b & 7;
    const c = (bytes[i] >> j) | (i + 1 < size ? bytes[i + 1] << (8 - j) : 0);
    out += BASE32_ALPHABET[c & 31];
  }
  return out;
}

/** Decodes Nix base32 text into `size` bytes; throws StoreError on a bad character or overflow. */
export function decodeBase32(text: string, size: number): Buffer {
  if (text.length !== base32Len(size)) {
    throw new StoreError("bad-hash", `invalid base-32 hash '${text}': expected ${base32Len(size)} characters`);
  }
  const out = Buffer.alloc(size);
  const len = text.length;
  for (let n = 0; n < len; n++) {
    const code = text.charCodeAt(len - n - 1);
    const digit = code < 256 ? DIGIT[code] : -1;
    if (digit < 0) throw new StoreError("bad-hash", `invalid base-32 hash '${text}': bad character '${text[len - n - 1]}'`);
    const b = n * 5;
    const i = b >> 3;
    const j = b & 7;
    out[i] |= (digit << j) & 0xff;
    const carry = digit >> (8 - j);
    if (i + 1 < size) out[i + 1] |= carry;
    else if (carry) throw new StoreError("bad-hash", `invalid base-32 hash '${text}'`);
  }
  return out;
}
