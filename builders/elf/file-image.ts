// The bytes `tk relink` edits. An EditImage is a buffer that may be filled lazily and may be
// replaced by a longer one when the file grows. MemoryImage holds a whole file in memory;
// FileImage reads a file on disk in 64 KiB chunks only where the ELF code looks (a 100 MB
// executable needs a few MB of tables), then writes back only the bytes that changed.
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { ElfError } from "./errors.js";
import type { RangeLoader } from "./bytes.js";

/** A file's bytes as relink reads and edits them. */
export interface EditImage {
  /** The current bytes; only ranges passed to `load` (or written after loading) are meaningful. */
  readonly buf: Buffer;
  /** Makes `[off, off+len)` of `buf` hold the file's bytes. Must precede every read and write. */
  load(off: number, len: number): void;
  /** `load` as a function for ElfBytes, or undefined when every byte is always there. */
  readonly loader?: RangeLoader;
  /** Replaces `buf` by one of `length` bytes keeping `[0, keep)`, the rest zero. */
  resize(length: number, keep: number): void;
}

/** A file held whole in memory: loading is a no-op. */
export class MemoryImage implements EditImage {
  readonly loader = undefined;

  constructor(public buf: Buffer) {}

  /** Nothing to do: every byte is there. */
  load(): void {}

  /** A new zeroed buffer with `[0, keep)` copied over. */
  resize(length: number, keep: number): void {
    const next = Buffer.alloc(length);
    this.buf.copy(next, 0, 0, Math.min(keep, this.buf.length, length));
    this.buf = next;
  }
}

const CHUNK = 1 << 16;

/** Index of the first byte where two different buffers of one length differ (native compares, halving). */
function firstDifference(x: Buffer, y: Buffer): number {
  let lo = 0, hi = x.length; // the difference lies in [lo, hi)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x.compare(y, lo, mid, lo, mid) !== 0) hi = mid; else lo = mid;
  }
  return lo;
}

/** Index of the last byte where two different buffers of one length differ. */
function lastDifference(x: Buffer, y: Buffer): number {
  let lo = 0, hi = x.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x.compare(y, mid, hi, mid, hi) !== 0) lo = mid; else hi = mid;
  }
  return lo;
}

/** A byte range to write back: `[offset, offset + length)` of the image. */
export interface ChangedRange { offset: number; length: number }

/**
 * A file on disk read on demand. The buffer spans the whole file but is only read chunk by chunk
 * (untouched memory of a big allocation is never committed). `changes()` compares every loaded
 * chunk with the file again, so writers need not record what they touched.
 */
export class FileImage implements EditImage {
  buf: Buffer;
  readonly loader: RangeLoader = (off, len) => this.load(off, len);
  /** Length of the file on disk. */
  readonly fileLength: number;
  private loaded: Uint8Array;
  private fd: number | undefined;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, "r");
      this.fileLength = fstatSync(this.fd).size;
    } catch (e) {
      if (this.fd !== undefined) closeSync(this.fd);
      throw new ElfError("elf-read", `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    this.buf = Buffer.allocUnsafeSlow(this.fileLength);
    this.loaded = new Uint8Array(Math.ceil(this.fileLength / CHUNK));
  }

  /** Reads the chunks of `[off, off+len)` not read yet (the part inside the file). */
  load(off: number, len: number): void {
    const end = Math.min(off + len, this.buf.length, this.fileLength);
    for (let c = Math.floor(off / CHUNK); c * CHUNK < end; c++) {
      if (this.loaded[c]) continue;
      const a = c * CHUNK, b = Math.min(a + CHUNK, this.fileLength);
      this.readInto(this.buf, a, b);
      this.loaded[c] = 1;
    }
  }

  /** The same, for growth: `[0, keep)` keeps its loaded chunks, `[keep, length)` becomes zeros. */
  resize(length: number, keep: number): void {
    keep = Math.min(keep, length, this.buf.length);
    if (keep % CHUNK !== 0) this.load(keep - (keep % CHUNK), keep % CHUNK);
    const next = Buffer.allocUnsafeSlow(length);
    const loaded = new Uint8Array(Math.ceil(length / CHUNK));
    for (let c = 0; c * CHUNK < keep; c++) {
      if (!this.loaded[c]) continue;
      this.buf.copy(next, c * CHUNK, c * CHUNK, Math.min((c + 1) * CHUNK, keep));
      loaded[c] = 1;
    }
    next.fill(0, keep, length);
    for (let c = Math.floor(keep / CHUNK); c * CHUNK < length; c++) loaded[c] = 1;
    this.buf = next;
    this.loaded = loaded;
  }

  /** How many bytes of the file have been read so far (whole chunks). */
  get bytesRead(): number {
    let n = 0;
    for (let c = 0; c < this.loaded.length; c++) if (this.loaded[c]) n += Math.max(0, Math.min(CHUNK, this.fileLength - c * CHUNK));
    return n;
  }

  /** The ranges whose bytes differ from the file (and everything past its old end). */
  changes(): ChangedRange[] {
    const out: ChangedRange[] = [];
    const scratch = Buffer.allocUnsafe(CHUNK);
    for (let c = 0; c < this.loaded.length; c++) {
      if (!this.loaded[c]) continue;
      const a = c * CHUNK, b = Math.min(a + CHUNK, this.buf.length);
      const old = Math.min(b, this.fileLength);
      let first = -1, last = -1;
      if (a < old) {
        this.readInto(scratch, a, old, 0);
        const mine = this.buf.subarray(a, old), theirs = scratch.subarray(0, old - a);
        if (!mine.equals(theirs)) {
          first = a + firstDifference(mine, theirs);
          last = a + lastDifference(mine, theirs);
        }
      }
      if (b > old) { if (first < 0) first = old; last = b - 1; }
      if (first < 0) continue;
      const prev = out[out.length - 1];
      if (prev && prev.offset + prev.length >= first) prev.length = last + 1 - prev.offset;
      else out.push({ offset: first, length: last + 1 - first });
    }
    return out;
  }

  /**
   * Writes the image to an open file that holds the original bytes (the input itself, or a copy of
   * it): only the changed ranges (`changes()` unless given), then the new length.
   */
  writeChanges(fd: number, changes: ChangedRange[] = this.changes()): void {
    for (const r of changes) {
      let done = 0;
      while (done < r.length) done += writeSync(fd, this.buf, r.offset + done, r.length - done, r.offset + done);
    }
    if (this.buf.length !== this.fileLength) ftruncateSync(fd, this.buf.length);
  }

  /** Closes the input file. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private readInto(target: Buffer, from: number, to: number, targetOff = from): void {
    if (this.fd === undefined) throw new Error("internal: FileImage used after close");
    let done = 0;
    while (from + done < to) {
      const n = readSync(this.fd, target, targetOff + done, to - from - done, from + done);
      if (n === 0) throw new ElfError("elf-read", `${this.path} changed while it was read (shorter than ${this.fileLength} bytes)`);
      done += n;
    }
  }
}
