// The pipelined NAR dump used where throughput matters (`tk hash path`, `tk nar dump`): file
// contents are read by the libuv thread pool, several pieces at once, into chunk buffers laid out
// ahead while the sink (hashing, writing) works on an earlier one, so walking the tree, reading and
// consuming overlap.
// Same bytes as dumpPath (nar.ts); chunks are borrowed (valid only during the sink call).
import * as fs from "node:fs";
import { narPieces, shrankError, type FilePiece, type NarPiece, type PathFilter } from "./nar.js";

/** Size of the chunk buffers, and how many are laid out or being read ahead of the sink. */
const CHUNK = 2 * 1024 * 1024;
const DEPTH = 3;
/** Largest single read handed to the thread pool (bigger spans are split to run in parallel). */
const PIECE = 1024 * 1024;
/** Reads in flight at once: two cores here; more threads only contend (measured: more CPU time
 *  and longer runs with 4 in flight on this 2-core machine). */
const MAX_INFLIGHT = 2;
/** Spans up to this size are read synchronously: a thread-pool round trip costs more (8 KiB measured
 *  better than 64 KiB for hash path of the 1 GB bench tree: more of the reading leaves the main thread). */
const SMALL = 8 * 1024;

function readFully(fd: number, buf: Buffer, off: number, len: number, pos: number, file: FilePiece): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (got: number) => {
      if (got === len) return resolve();
      fs.read(fd, buf, off + got, len - got, pos + got, (err, n) => {
        if (err) reject(err);
        else if (n === 0) reject(shrankError(file.path));
        else step(got + n);
      });
    };
    step(0);
  });
}

function readFullySync(fd: number, buf: Buffer, off: number, len: number, pos: number, file: FilePiece): void {
  for (let got = 0; got < len;) {
    const n = fs.readSync(fd, buf, off + got, len - got, pos + got);
    if (n === 0) throw shrankError(file.path);
    got += n;
  }
}

/** A laid-out chunk: its length and when its file reads have landed. */
interface Laid {
  buf: Buffer;
  n: number;
  ready: Promise<void>;
}

/** A file being read: closed once it is laid out completely and no read of it is in flight. */
interface OpenFile {
  piece: FilePiece;
  fd: number;
  done: number;
  inflight: number;
  laidOut: boolean;
}

/** Lays the NAR out into chunk buffers: framing copied and small file spans read at once, larger
 *  spans handed to the thread pool. */
class Filler {
  private framing?: Buffer;
  private file?: OpenFile;
  private readonly open = new Set<OpenFile>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly pieces: Iterator<NarPiece>) {}

  /** Reads not yet settled (a layout that throws leaves some that no chunk tracks). */
  private readonly pending = new Set<Promise<void>>();

  private readAsync(f: OpenFile, buf: Buffer, off: number, len: number, pos: number): Promise<void> {
    const p = this.readLimited(f, buf, off, len, pos);
    this.pending.add(p);
    const forget = () => { this.pending.delete(p); };
    p.then(forget, forget);
    return p;
  }

  private async readLimited(f: OpenFile, buf: Buffer, off: number, len: number, pos: number): Promise<void> {
    f.inflight++;
    try {
      if (this.active >= MAX_INFLIGHT) await new Promise<void>((go) => this.waiting.push(go));
      this.active++;
      try {
        await readFully(f.fd, buf, off, len, pos, f.piece);
      } finally {
        this.active--;
        this.waiting.shift()?.();
      }
    } finally {
      f.inflight--;
      this.closeIfDone(f);
    }
  }

  private closeIfDone(f: OpenFile): void {
    if (f.laidOut && f.inflight === 0 && this.open.delete(f)) fs.closeSync(f.fd);
  }

  /** Lays the next part of the NAR (up to CHUNK bytes) into `buf`; n is 0 at the end. */
  layout(buf: Buffer): Laid {
    let pos = 0;
    const reads: Promise<void>[] = [];
    while (pos < CHUNK) {
      if (this.framing) {
        const n = this.framing.copy(buf, pos);
        pos += n;
        this.framing = n < this.framing.length ? this.framing.subarray(n) : undefined;
        continue;
      }
      if (this.file) {
        const f = this.file;
        const len = Math.min(CHUNK - pos, f.piece.size - f.done);
        if (len <= SMALL) readFullySync(f.fd, buf, pos, len, f.done, f.piece);
        else for (let o = 0; o < len; o += PIECE) reads.push(this.readAsync(f, buf, pos + o, Math.min(PIECE, len - o), f.done + o));
        pos += len;
        f.done += len;
        if (f.done === f.piece.size) {
          f.laidOut = true;
          this.file = undefined;
          this.closeIfDone(f);
        }
        continue;
      }
      const next = this.pieces.next();
      if (next.done) break;
      const piece = next.value;
      if (Buffer.isBuffer(piece)) {
        const n = piece.copy(buf, pos);
        pos += n;
        if (n < piece.length) this.framing = Buffer.from(piece.subarray(n)); // the view dies on resume
      } else {
        const f: OpenFile = { piece, fd: fs.openSync(piece.path, "r"), done: 0, inflight: 0, laidOut: false };
        this.open.add(f);
        this.file = f;
      }
    }
    if (reads.length === 0) return { buf, n: pos, ready: Promise.resolve() };
    // wait for every read of this chunk, then report the first error
    const ready = Promise.allSettled(reads).then((rs) => {
      const bad = rs.find((r) => r.status === "rejected");
      if (bad) throw (bad as PromiseRejectedResult).reason;
    });
    ready.catch(() => {}); // observed by the consumer; not an unhandled rejection meanwhile
    return { buf, n: pos, ready };
  }

  /** Waits for every read in flight, then closes whatever is still open (after an error). */
  async close(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    for (const f of this.open) fs.closeSync(f.fd);
    this.open.clear();
  }
}

/** Serialises the tree at `physPath` as a NAR into `sink`, laying out and reading up to DEPTH
 *  chunks ahead while the sink works. Chunks are borrowed: the sink must not keep them. */
export async function dumpPathPiped(physPath: string, sink: (chunk: Buffer) => void, filter?: PathFilter): Promise<void> {
  const filler = new Filler(narPieces(physPath, filter));
  const free: Buffer[] = Array.from({ length: DEPTH }, () => Buffer.allocUnsafe(CHUNK));
  const queue: Laid[] = [];
  let ended = false;
  try {
    for (;;) {
      while (!ended && free.length > 0) {
        const laid = filler.layout(free.pop()!);
        if (laid.n === 0) {
          ended = true;
          free.push(laid.buf);
        } else {
          queue.push(laid);
        }
      }
      const head = queue.shift();
      if (!head) break;
      await head.ready;
      sink(head.buf.subarray(0, head.n));
      free.push(head.buf);
    }
  } finally {
    await filler.close();
  }
}
