// Self-reference handling for content-addressed outputs (references.cc RewritingSink/HashModuloSink,
// spec §6.2): hashing a NAR "modulo" its own scratch hash part, and rewriting hash parts in a stream.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import type { Hash, HashAlgo } from "./hash.js";
import { dumpPath, restoreNar } from "./nar.js";

/** Replaces every occurrence of `from` by `to` (same length) in a stream, recording match offsets. */
export class RewritingSink {
  private readonly from: Buffer;
  private readonly to: Buffer;
  private prev: Buffer = Buffer.alloc(0);
  /** Stream offsets of the matches, in order. */
  readonly matches: number[] = [];
  /** Bytes passed on so far. */
  pos = 0;

  constructor(from: string, to: string, private readonly next: (chunk: Buffer) => void) {
    this.from = Buffer.from(from);
    this.to = Buffer.from(to);
    if (this.from.length !== this.to.length) throw new Error("RewritingSink needs equal-length strings");
  }

  /** Feeds a chunk; output lags by up to from.length-1 bytes until flush(). */
  write(data: Buffer): void {
    const s = this.prev.length ? Buffer.concat([this.prev, data]) : Buffer.from(data);
    const n = this.from.length;
    if (n > 0) {
      let j = 0;
      while ((j = s.indexOf(this.from, j)) !== -1) {
        this.matches.push(this.pos + j);
        this.to.copy(s, j);
        j += n;
      }
    }
    const keep = s.length < n ? s.length : n - 1;
    const consumed = s.length - keep;
    this.prev = s.subarray(consumed);
    this.pos += consumed;
    if (consumed) this.next(s.subarray(0, consumed));
  }

  /** Passes on the held-back tail. */
  flush(): void {
    if (this.prev.length) {
      this.pos += this.prev.length;
      this.next(this.prev);
      this.prev = Buffer.alloc(0);
    }
  }
}

/** Hashes a stream with every `modulus` zeroed, then "|<offset>" per occurrence (HashModuloSink). */
export class HashModuloSink {
  private readonly h;
  private readonly rw: RewritingSink;

  constructor(private readonly algo: HashAlgo, modulus: string) {
    this.h = createHash(algo);
    this.rw = new RewritingSink(modulus, "\0".repeat(modulus.length), (c) => this.h.update(c));
  }

  /** Feeds a chunk. */
  write(data: Buffer): void {
    this.rw.write(data);
  }

  /** The hash and the number of bytes hashed (before the offset suffixes). */
  finish(): { hash: Hash; size: number } {
    this.rw.flush();
    for (const pos of this.rw.matches) this.h.update(`|${pos}`);
    return { hash: { algo: this.algo, bytes: this.h.digest() }, size: this.rw.pos };
  }
}

/** Rewrites every occurrence of hash part `from` into `to` throughout the tree at `physPath`
 *  (dump → rewrite → restore beside it → swap), as Nix does when moving a CA output to its final path. */
export function rewriteTreeInPlace(physPath: string, from: string, to: string): number {
  const chunks: Buffer[] = [];
  const rw = new RewritingSink(from, to, (c) => chunks.push(Buffer.from(c)));
  dumpPath(physPath, (c) => rw.write(c));
  rw.flush();
  if (rw.matches.length === 0) return 0;
  const tmp = `${physPath}.rewrite-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  restoreNar(chunks, tmp);
  makeWritable(physPath);
  fs.rmSync(physPath, { recursive: true, force: true });
  fs.renameSync(tmp, physPath);
  return rw.matches.length;
}

function makeWritable(p: string): void {
  const st = fs.lstatSync(p);
  if (st.isDirectory()) {
    fs.chmodSync(p, (st.mode & 0o7777) | 0o700);
    for (const n of fs.readdirSync(p)) makeWritable(p + "/" + n);
  }
}
