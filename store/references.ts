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
  private readonly prefixes = new Uint8Array(32768);

  constructor(hashParts: Iterable<string>) {
    this.wanted = new Set(hashParts);
    for (const h of this.wanted) {
      const b = Buffer.from(h, "latin1");
      if (b.length === L) this.prefixes[(DIGIT[b[0]] << 10) | (DIGIT[b[1]] << 5) | DIGIT[b[2]]] = 1;
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
  private scan(s: Buffer, startLimit: number): void {
    const end = Math.min(s.length - L, startLimit - 1);
    const pre = this.prefixes;
    let i = 0;
    while (i <= end) {
      let j = L - 1;
      while (j >= 0 && IS_BASE32[s[i + j]]) j--;
      if (j >= 0) {
        i += j + 1;
        continue;
      }
      // s[i..i+L) is a base32 run; slide along it checking one new byte per step.
      for (;;) {
        if (pre[(DIGIT[s[i]] << 10) | (DIGIT[s[i + 1]] << 5) | DIGIT[s[i + 2]]]) {
          const ref = s.toString("latin1", i, i + L);
          if (this.wanted.delete(ref)) {
            this.found.add(ref);
            if (this.wanted.size === 0) return;
          }
        }
        if (i + 1 > end) return;
        if (IS_BASE32[s[i + L]]) {
          i++;
        } else {
          i += L + 1;
          break;
        }
      }
    }
  }
}

/** The candidate store paths whose hash parts occur in the chunks. */
export function scanForReferences(chunks: Iterable<Buffer>, candidates: Iterable<string>): Set<string> {
  const byHash = new Map<string, string>();
  for (const p of candidates) byHash.set(storePathHashPart(p), p);
  const sc = new ReferenceScanner(byHash.keys());
  for (const c of chunks) sc.feed(c);
  return new Set([...sc.found].map((h) => byHash.get(h)!));
}
