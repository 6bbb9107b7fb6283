// The pipelined NAR dump for big trees: this thread walks the tree (lstat, readdir, framing) and posts
// the NAR as batches of items to a reader thread (nar-reader-thread.ts), which reads the files into a
// ring of slots in shared memory; this thread hands each filled slot to the sink (hashing, writing)
// while the reader fills the next — two cores instead of one, with no per-chunk message or promise
// (Atomics hand-off). The first PIPELINE_MIN_BYTES of the NAR are dumped on this thread, and the next
// 24 MiB while the reader starts (~20 ms): smaller trees never start it.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { StoreError } from "./errors.js";
import type { PathFilter } from "./file-type.js";
import { chunkPieces, unreadableError } from "./nar-chunks.js";
import { CTL, CTL_BYTES, readerThread, STATE, type ReaderBatch, type ReaderFailure } from "./nar-reader-thread.js";
import { narPieces, shrankError, type FsPath, type NarPiece } from "./nar-walk.js";

/** NAR bytes that dumpPath (with `borrow`) dumps on this thread before a reader thread takes over:
 *  below ~250 MB the reader did not pay on this 2-core machine (store/README.md). */
export const PIPELINE_MIN_BYTES = 128 << 20;
const OVERLAP_BYTES = 24 << 20;

/** Options of the pipelined dump (the ring's shape is there for tests). */
export interface PipelineOptions {
  /** NAR bytes dumped on this thread before a reader thread is considered (default PIPELINE_MIN_BYTES). */
  minBytes?: number;
  /** NAR bytes after those still dumped on this thread, while the reader starts (default 24 MiB):
   *  trees smaller than both together never start it. */
  overlapBytes?: number;
  /** Ring slots and their size (default 8 × 256 KiB). */
  slots?: number;
  slotSize?: number;
  /** Copy mode: the reader also writes each file it reads to `target(path)` (created 0555 for
   *  executables, else 0444, mtime 1); the walk's pieces must then include empty files. */
  target?: (path: FsPath) => FsPath;
}

const LOOKAHEAD = 16 << 20; // NAR bytes posted to the reader ahead of what was consumed
const BATCH_BYTES = 4 << 20;
const BATCH_ITEMS = 1024;
const START_TIMEOUT_MS = 60_000;

/** Gathers items for the reader: framing bytes copied into one array, files by path and size. */
class BatchBuilder {
  constructor(private readonly target?: (path: FsPath) => FsPath) {}
  private framing: Buffer[] = [];
  private framingLen = 0;
  items: ReaderBatch["items"] = [];
  bytes = 0;

  add(piece: NarPiece): void {
    if (Buffer.isBuffer(piece)) {
      if (piece.length === 0) return;
      this.framing.push(Buffer.from(piece));
      this.framingLen += piece.length;
      this.items.push(piece.length);
      this.bytes += piece.length;
    } else if (this.target) {
      this.items.push([piece.path, piece.size, this.target(piece.path), piece.executable ? 0o555 : 0o444]);
      this.bytes += piece.size;
    } else if (piece.size > 0) {
      this.items.push([piece.path, piece.size]);
      this.bytes += piece.size;
    }
  }

  take(last: boolean): ReaderBatch {
    const framing = new Uint8Array(this.framingLen);
    let at = 0;
    for (const f of this.framing) {
      framing.set(f, at);
      at += f.length;
    }
    const b: ReaderBatch = { framing, items: this.items, last };
    this.framing = [];
    this.framingLen = 0;
    this.items = [];
    this.bytes = 0;
    return b;
  }
}

/** The shared ring, the reader thread, and this thread's side of the hand-off. */
class ReaderPipe {
  private readonly ctl: Int32Array;
  private readonly lens: Int32Array;
  private readonly data: Buffer;
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private posted = 0; // NAR bytes posted
  private consumed = 0; // NAR bytes handed to the sink
  private batches = 0;
  private slot = 0; // next slot to consume
  private walkDone = false;

  constructor(private readonly gen: Iterator<NarPiece>, private readonly slots: number, private readonly slotSize: number,
    private readonly target?: (path: FsPath) => FsPath) {
    const dataOff = CTL_BYTES + 4 * slots + ((8 - ((4 * slots) % 8)) % 8);
    const sab = new SharedArrayBuffer(dataOff + slots * slotSize);
    this.ctl = new Int32Array(sab, 0, CTL_BYTES / 4);
    this.lens = new Int32Array(sab, CTL_BYTES, slots);
    this.data = Buffer.from(sab, dataOff, slots * slotSize);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(`(${readerThread.toString()})(require)`, {
      eval: true,
      workerData: { sab, slots, slotSize, port: port2 },
      transferList: [port2],
      // the reader prints nothing; `false` would pipe its output into this thread's process.stdout,
      // and opening that stream turns a pipe on fd 1 non-blocking (EAGAIN for every writeSync after)
      stdout: true,
      stderr: true,
    });
    this.worker.unref();
    // the reader reports its failures through the ring; an 'error' event would only come later,
    // when this thread has long thrown or finished
    this.worker.on("error", () => {});
  }

  /** Walks on and posts batches until LOOKAHEAD bytes are ahead of the sink or the walk is done. */
  topUp(): void {
    while (!this.walkDone && this.posted - this.consumed < LOOKAHEAD) {
      const b = new BatchBuilder(this.target);
      while (b.bytes < BATCH_BYTES && b.items.length < BATCH_ITEMS) {
        const r = this.gen.next();
        if (r.done) {
          this.walkDone = true;
          break;
        }
        b.add(r.value);
      }
      this.posted += b.bytes;
      this.post(b.take(this.walkDone));
    }
  }

  private post(batch: ReaderBatch): void {
    this.port.postMessage(batch);
    this.batches++;
    Atomics.store(this.ctl, CTL.posted, this.batches);
    Atomics.notify(this.ctl, CTL.posted);
  }

  /** Hands every slot to the sink until the reader has written the whole NAR. */
  drain(sink: (chunk: Buffer) => void): void {
    for (;;) {
      this.topUp();
      const len = this.nextSlot();
      if (len < 0) break;
      const at = (this.slot % this.slots) * this.slotSize;
      sink(this.data.subarray(at, at + len));
      this.slot++;
      this.consumed += len;
      Atomics.store(this.ctl, CTL.consumed, this.slot);
      if (Atomics.load(this.ctl, CTL.readerSleeps) === 1 && Atomics.load(this.ctl, CTL.produced) - this.slot <= this.slots >> 1) {
        Atomics.notify(this.ctl, CTL.consumed);
      }
    }
    if (this.consumed !== this.posted) {
      throw new StoreError("bad-nar", `the NAR reader thread wrote ${this.consumed} bytes instead of ${this.posted}`);
    }
  }

  /** The length of the next filled slot, waiting for it; -1 at the end of the NAR. */
  private nextSlot(): number {
    const started = Date.now();
    for (;;) {
      const events = Atomics.load(this.ctl, CTL.events);
      if (Atomics.load(this.ctl, CTL.produced) > this.slot) return this.lens[this.slot % this.slots]!;
      const state = Atomics.load(this.ctl, CTL.state);
      if (state === STATE.done) {
        if (Atomics.load(this.ctl, CTL.produced) > this.slot) continue;
        return -1;
      }
      if (state === STATE.failed) throw this.failure();
      // flag, then wait for a change of `events` since the look above: whatever the reader did after
      // that look changed it (no lost wake-up), and it notifies when it sees the flag
      Atomics.store(this.ctl, CTL.mainSleeps, 1);
      const waited = Atomics.wait(this.ctl, CTL.events, events, 1000);
      Atomics.store(this.ctl, CTL.mainSleeps, 0);
      if (waited === "timed-out" && Atomics.load(this.ctl, CTL.started) === 0 && Date.now() - started > START_TIMEOUT_MS) {
        throw new StoreError("thread-failed", `the NAR reader thread did not start within ${START_TIMEOUT_MS / 1000} s`);
      }
    }
  }

  private failure(): StoreError {
    const m = receiveMessageOnPort(this.port)?.message as ReaderFailure | undefined;
    if (!m) return new StoreError("thread-failed", "the NAR reader thread failed without saying why");
    if (m.code === "shrank") return shrankError(m.path);
    if (m.writing) return new StoreError("bad-path", `cannot copy '${m.path}' into the store: ${m.message}`, m.path);
    return unreadableError(m.path, m.message);
  }

  /** Stops the reader (if it still runs) and lets go of the channel. */
  close(): void {
    const state = Atomics.load(this.ctl, CTL.state);
    if (state === STATE.running) {
      Atomics.store(this.ctl, CTL.state, STATE.cancelled);
      Atomics.notify(this.ctl, CTL.consumed);
      Atomics.notify(this.ctl, CTL.posted);
      void this.worker.terminate();
    }
    this.port.close();
  }
}

/** Runs the NAR given as `pieces`: the first `minBytes` stream to `serial` on this thread (all of
 *  them, for a smaller tree); the next `overlapBytes` too, while the reader thread starts; the rest
 *  come from the reader's ring to `sink` (which may only look at each slot during the call). */
export function runPipelined(pieces: Iterator<NarPiece>, serial: (pieces: Iterable<NarPiece>) => void, sink: (chunk: Buffer) => void,
  opts: PipelineOptions = {}): void {
  const minBytes = opts.minBytes ?? PIPELINE_MIN_BYTES;
  let bytes = 0;
  let done = false;
  function* upTo(limit: number): Generator<NarPiece> {
    while (bytes < limit) {
      const r = pieces.next();
      if (r.done) {
        done = true;
        return;
      }
      bytes += Buffer.isBuffer(r.value) ? r.value.length : r.value.size;
      yield r.value;
    }
  }
  serial(upTo(minBytes));
  if (done) return;
  // walked now (framing copied: the walk reuses its buffer), consumed here while the reader starts
  const prefix: NarPiece[] = [];
  for (const p of upTo(minBytes + (opts.overlapBytes ?? OVERLAP_BYTES))) prefix.push(Buffer.isBuffer(p) ? Buffer.from(p) : p);
  if (done) return serial(prefix);
  const pipe = new ReaderPipe(pieces, opts.slots ?? 8, opts.slotSize ?? 256 << 10, opts.target);
  try {
    pipe.topUp();
    serial(prefix);
    pipe.drain(sink);
  } finally {
    pieces.return?.(undefined);
    pipe.close();
  }
}

/** Dumps the NAR of `physPath` to `sink` (which may only look at each chunk during the call), with a
 *  reader thread when the tree has at least `minBytes` of file contents. */
export function dumpPipelined(physPath: string, sink: (chunk: Buffer) => void, opts: PipelineOptions & { filter?: PathFilter } = {}): void {
  runPipelined(narPieces(physPath, opts.filter), (prefix) => chunkPieces(prefix, sink, true), sink, opts);
}
