// SysV (DT_HASH) and GNU (DT_GNU_HASH) hash tables: the hash functions, the symbol count they
// imply (used when section headers are missing) and the SysV table builder for stubs.
import type { ElfBytes } from "./bytes.js";
import { ElfError } from "./errors.js";

/** The SysV ELF hash of a name (also vd_hash / vna_hash). */
export function elfHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) {
    h = ((h << 4) + (name.charCodeAt(i) & 0xff)) >>> 0;
    const g = h & 0xf0000000;
    if (g) h ^= g >>> 24;
    h &= ~g >>> 0;
    h >>>= 0;
  }
  return h >>> 0;
}

/** Number of symbols according to a SysV hash table at file offset `off` (its nchain). */
export function sysvSymbolCount(b: ElfBytes, off: number): number {
  return b.u32(off + 4, "DT_HASH nchain");
}

/** Number of symbols according to a GNU hash table at file offset `off` (highest chain end + 1). */
export function gnuSymbolCount(b: ElfBytes, off: number): number {
  const nbuckets = b.u32(off, "DT_GNU_HASH nbuckets");
  const symoffset = b.u32(off + 4, "DT_GNU_HASH symoffset");
  const bloomSize = b.u32(off + 8, "DT_GNU_HASH bloom size");
  const buckets = off + 16 + bloomSize * b.wordSize;
  b.check(buckets, nbuckets * 4, "DT_GNU_HASH buckets");
  let max = 0;
  for (let i = 0; i < nbuckets; i++) max = Math.max(max, b.u32(buckets + 4 * i));
  if (max === 0) return symoffset;
  if (max < symoffset) throw new ElfError("elf-bad-hash", "GNU hash bucket points below symoffset", b.where || undefined);
  const chains = buckets + nbuckets * 4;
  let i = max;
  for (;;) {
    const v = b.u32(chains + 4 * (i - symoffset), "DT_GNU_HASH chain");
    if (v & 1) return i + 1;
    i++;
  }
}

/** Builds a SysV hash table (nbucket, nchain, buckets, chains) as 32-bit words for the given names. */
export function buildSysvHash(names: string[]): Uint32Array {
  const n = names.length;
  const nbucket = Math.max(1, n < 8 ? n : Math.floor(n / 2) | 1);
  const out = new Uint32Array(2 + nbucket + n);
  out[0] = nbucket;
  out[1] = n;
  const chains = 2 + nbucket;
  for (let i = 1; i < n; i++) {
    const h = 2 + (elfHash(names[i]) % nbucket);
    out[chains + i] = out[h];
    out[h] = i;
  }
  return out;
}
