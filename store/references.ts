// Reference scanning (references.cc scanForReferences): finds which candidate store paths' hash parts
// occur in a byte stream, including matches that span chunk boundaries.
import { BASE32_ALPHABET, IS_BASE32 } from "./base32.js";
import { HASH_PART_LEN, storePathHashPart } from "./path.js";

const L = HASH_PART_LEN;
const DIGIT = new Uint8Array(256);
for (let i = 0; i < 32; i++) DIGIT[BASE32_ALPHABET.charCodeAt(i)] = i;

/** Feeds a stream chunk by chunk; `found` holds the hash parts seen so far. */
export class ReferenceScanner {
  private readonly wanted: Set<string>;
  /** Hash parts found so far. */
  readonly found = new Set<string>();
  private tail: Buffer = Buffer.alloc(0);
  /** A filter on the first 4 base32 digits (20 bits) of a window, folded to `mask`: a hit is only a
   *  candidate, confirmed by the `wanted` lookup, so the table is sized to the candidates (4 KiB for
   *  a few, up to 1 MiB) instead of always 1 MiB — a zeroed 1 MiB per scan dominated tiny outputs. */
  private readonly prefixes: Uint8Array;
  private readonly mask: number;

  constructor(hashParts: Iterable<string>) {
    this.wanted = new Set(hashParts);
    let size = 1 << 12;
    while (size < 1 << 20 && size < this.wanted.size * 256) size <<= 1;
    this.mask = size - 1;
    this.prefixes = new Uint8Array(size);
    for (const h of this.wanted) {
      const b = Buffer.from(h, "latin1");
      if (b.length === L) this.prefixes[((DIGIT[b[0]] << 15) | (DIGIT[b[1]] << 10) | (DIGIT[b[2]] << 5) | DIGIT[b[3]]) & this.mask] = 1;
    }
  }

  /** Scans the next chunk of the stream. */
  feed(chunk: Buffer): void {
    if (this.wanted.size === 0 || chunk.length === 0) return;
    if (this.tail.length > 0) {
      // Windows that start in the previous tail and end in this chunk.
      const joint = Buffer.concat([this.tail, chunk.subarray(0, L - 1)]);
      this.scan(joint, this.tail.length);
    }
    this.scan(chunk, chunk.length);
    const all = this.tail.length + chunk.length;
    this.tail = chunk.length >= L - 1
      ? Buffer.from(chunk.subarray(chunk.length - (L - 1)))
      : Buffer.concat([this.tail, chunk]).subarray(Math.max(0, all - (L - 1)));
  }

  /** Checks the windows of `s` that start before `startLimit`. */
  private scan(buf: Buffer, startLimit: number): void {
    const s = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    const end = Math.min(s.length - L, startLimit - 1);
    const pre = this.prefixes;
    const mask = this.mask;
    const isB32 = IS_BASE32;
    const digit = DIGIT;
    let i = 0;
    while (i <= end) {
      let j = L - 1;
      while (j >= 0 && isB32[s[i + j]] === 1) j--;
      if (j >= 0) {
        i += j + 1;
        continue;
      }
      // s[i..i+L) is a base32 run; slide along it keeping a rolling 4-character prefix key.
      let key = (digit[s[i]] << 15) | (digit[s[i + 1]] << 10) | (digit[s[i + 2]] << 5) | digit[s[i + 3]];
      for (;;) {
        if (pre[key & mask] === 1) {
          const ref = buf.toString("latin1", i, i + L);
          if (this.wanted.delete(ref)) {
            this.found.add(ref);
            if (this.wanted.size === 0) return;
          }
        }
        if (i >= end) return;
        if (isB32[s[i + L]] === 1) {
          key = ((key << 5) & 0xfffff) | digit[s[i + 4]];
          i++;
        } else {
          i += L + 1;
          break;
        }
      }
    }
  }
}

/** The hash parts among `wanted`'s keys that occur in one small buffer: every window of a base32 run
 *  is looked up directly. No set-up per candidate, unlike ReferenceScanner's prefix table (which a
 *  big input closure makes up to 1 MiB): the cheaper way for a trivial build's few-KiB output. */
export function hashPartsInBuffer(bytes: Buffer, wanted: { has(hashPart: string): boolean }): Set<string> {
  const found = new Set<string>();
  let run = 0; // length of the base32 run ending at i
  for (let i = 0; i < bytes.length; i++) {
    run = IS_BASE32[bytes[i]!] === 1 ? run + 1 : 0;
    if (run < L) continue;
    const part = bytes.toString("latin1", i + 1 - L, i + 1);
    if (wanted.has(part)) found.add(part);
  }
  return found;
}

/** The candidate store paths whose hash parts occur in the chunks. */
export function scanForReferences(chunks: Iterable<Buffer>, candidates: Iterable<string>): Set<string> {
  const byHash = new Map<string, string>();
  for (const p of candidates) byHash.set(storePathHashPart(p), p);
  const sc = new ReferenceScanner(byHash.keys());
  for (const c of chunks) sc.feed(c);
  return new Set([...sc.found].map((h) => byHash.get(h)!));
}
