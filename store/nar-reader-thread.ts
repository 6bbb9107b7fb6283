// The reader thread of the pipelined NAR dump (nar-pipeline.ts): it receives the NAR as a list of
// items in order — framing bytes and regular files to read — and writes the NAR's bytes into a ring
// of slots in a SharedArrayBuffer with fs.readSync, handing each full slot over with Atomics (no
// message per chunk), while the main thread hashes or writes the slots it gets. Its body runs in a
// worker started from a string (`eval`), so it is one self-contained function that gets `require`
// as a parameter and refers to nothing outside itself (the bundler would rename outer names).

/** Indexes into the shared control array (Int32Array at the start of the SharedArrayBuffer). */
export const CTL = {
  /** Slots published by the reader (monotonic). */
  produced: 0,
  /** Slots given back by the main thread (monotonic). */
  consumed: 1,
  /** Item batches posted by the main thread (monotonic). */
  posted: 2,
  /** RUNNING, DONE (every item written), FAILED (the reader sent an error) or CANCELLED (by main). */
  state: 3,
  /** 1 once the reader thread runs. */
  started: 4,
  /** 1 while the reader sleeps until half the ring is free again (so the main thread wakes it once
   *  per half ring, not once per slot). */
  readerSleeps: 5,
  /** 1 while the main thread sleeps until the reader does something. */
  mainSleeps: 6,
  /** Counts what the reader does that the main thread may wait for: a slot filled, the end, a failure. */
  events: 7,
} as const;

/** Values of `CTL.state`. */
export const STATE = { running: 0, done: 1, failed: 2, cancelled: 3 } as const;

/** Bytes before the slot lengths: the control array. */
export const CTL_BYTES = 64;

/** What the reader thread gets as workerData. */
export interface ReaderData {
  sab: SharedArrayBuffer;
  slots: number;
  slotSize: number;
  /** Where the main thread's item batches arrive. */
  port: import("node:worker_threads").MessagePort;
}

/** One batch of items: `framing` holds every framing byte of the batch; `items` says, in order,
 *  how many of them come next (a number) or which file to read and how many bytes ([path, size]),
 *  and in copy mode where to write it with which mode ([path, size, target, mode]). `last` ends
 *  the NAR. */
export interface ReaderBatch {
  framing: Uint8Array;
  items: (number | [string | Uint8Array, number] | [string | Uint8Array, number, string | Uint8Array, number])[];
  last: boolean;
}

/** What the reader posts back when it fails: the message and the file it concerns. */
export interface ReaderFailure {
  message: string;
  path: string;
  code?: string;
  /** The failure was in writing the copy, not in reading. */
  writing?: boolean;
}

/** The reader thread's body (run as `(readerThread)(require)` in the worker). */
export function readerThread(require: NodeRequire): void {
  const fs = require("node:fs") as typeof import("node:fs");
  const wt = require("node:worker_threads") as typeof import("node:worker_threads");
  const { sab, slots, slotSize, port } = wt.workerData as ReaderData;
  // same indexes as CTL / STATE (copied: this function may not refer to outer names)
  const PRODUCED = 0, CONSUMED = 1, POSTED = 2, STATEI = 3, STARTED = 4, READER_SLEEPS = 5, MAIN_SLEEPS = 6, EVENTS = 7;
  const DONE = 1, FAILED = 2, CANCELLED = 3;
  const ctl = new Int32Array(sab, 0, 16);
  const lens = new Int32Array(sab, 64, slots);
  const dataOff = 64 + 4 * slots + ((8 - ((4 * slots) % 8)) % 8);
  const data = Buffer.from(sab, dataOff, slots * slotSize);
  let produced = 0;
  let pos = 0; // fill level of slot `produced % slots`
  let received = 0;
  const cancelled = () => Atomics.load(ctl, STATEI) === CANCELLED;
  class Cancel extends Error {}

  /** Publishes the current slot and waits until the next one is free. */
  const publish = () => {
    lens[produced % slots] = pos;
    produced++;
    Atomics.store(ctl, PRODUCED, produced);
    Atomics.add(ctl, EVENTS, 1);
    if (Atomics.load(ctl, MAIN_SLEEPS) === 1) Atomics.notify(ctl, EVENTS);
    pos = 0;
    if (produced - Atomics.load(ctl, CONSUMED) < slots) return;
    // the ring is full: sleep until half of it is free (the main thread wakes us when it sees the
    // flag and that many slots consumed; the flag is set before the last check, so no wake is lost)
    for (;;) {
      if (cancelled()) throw new Cancel();
      Atomics.store(ctl, READER_SLEEPS, 1);
      const c = Atomics.load(ctl, CONSUMED);
      if (produced - c <= slots >> 1) break;
      Atomics.wait(ctl, CONSUMED, c, 1000);
    }
    Atomics.store(ctl, READER_SLEEPS, 0);
  };
  const slotStart = () => (produced % slots) * slotSize;

  const copy = (src: Uint8Array, from: number, n: number) => {
    while (n > 0) {
      if (pos === slotSize) publish();
      const k = Math.min(n, slotSize - pos);
      data.set(src.subarray(from, from + k), slotStart() + pos);
      pos += k;
      from += k;
      n -= k;
    }
  };

  let writing = false; // whether the failure, if any, is in writing the copy
  const readFile = (path: string | Uint8Array, size: number, target?: string | Uint8Array, mode?: number) => {
    const p = typeof path === "string" ? path : Buffer.from(path);
    const fd = fs.openSync(p, "r");
    let out: number | undefined;
    try {
      if (target !== undefined) {
        writing = true;
        out = fs.openSync(typeof target === "string" ? target : Buffer.from(target), "wx", mode);
        writing = false;
      }
      for (let done = 0; done < size;) {
        if (pos === slotSize) publish();
        const at = slotStart() + pos;
        const n = fs.readSync(fd, data, at, Math.min(slotSize - pos, size - done), done);
        if (n === 0) {
          const e = new Error(`file '${p.toString()}' shrank while it was being serialised`) as Error & { shrank?: boolean };
          e.shrank = true;
          throw e;
        }
        if (out !== undefined) {
          writing = true;
          for (let w = 0; w < n;) w += fs.writeSync(out, data, at + w, n - w);
          writing = false;
        }
        pos += n;
        done += n;
      }
      if (out !== undefined) {
        writing = true;
        fs.futimesSync(out, 1, 1);
        writing = false;
      }
    } finally {
      fs.closeSync(fd);
      if (out !== undefined) fs.closeSync(out);
    }
  };

  /** The next batch, waiting for the main thread to post one. */
  const nextBatch = (): ReaderBatch => {
    for (;;) {
      if (cancelled()) throw new Cancel();
      const m = wt.receiveMessageOnPort(port);
      if (m) {
        received++;
        return m.message as ReaderBatch;
      }
      // nothing queued: hand over what is in the slot, then wait for the next post
      if (pos > 0) publish();
      const posted = Atomics.load(ctl, POSTED);
      if (posted === received) Atomics.wait(ctl, POSTED, posted, 1000);
    }
  };

  Atomics.store(ctl, STARTED, 1);
  let current: string | Uint8Array = "";
  try {
    for (;;) {
      const b = nextBatch();
      let f = 0;
      for (const item of b.items) {
        if (typeof item === "number") {
          copy(b.framing, f, item);
          f += item;
        } else {
          current = item[0];
          readFile(item[0], item[1], item[2], item[3]);
        }
      }
      if (b.last) break;
    }
    if (pos > 0) publish();
    Atomics.store(ctl, STATEI, DONE);
  } catch (e) {
    if (e instanceof Cancel) return;
    const err = e as NodeJS.ErrnoException & { shrank?: boolean };
    port.postMessage({ message: err.message, path: Buffer.from(current).toString(), code: err.shrank ? "shrank" : err.code, writing });
    Atomics.store(ctl, STATEI, FAILED);
  } finally {
    Atomics.add(ctl, EVENTS, 1);
    Atomics.notify(ctl, EVENTS);
  }
}
