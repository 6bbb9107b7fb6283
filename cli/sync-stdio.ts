// Synchronous stdout/stderr for code running in a worker thread. A worker's process.stdout is an
// async pipe to the main thread (output is lost on exit and interleaves out of order), so the deep
// evaluation thread (deep-stack.ts) replaces `write` on both streams with blocking writes to fds 1
// and 2, and sets `isTTY`/`columns` to what the real terminal says.
import { writeSync } from "node:fs";

/** A stream-like object whose `write`, `isTTY` and `columns` are replaced. */
interface PatchableStream {
  write: (...args: never[]) => boolean;
  isTTY?: boolean;
  columns?: number;
  emit?: (event: string) => unknown;
}

// Made on first use: a SharedArrayBuffer cannot be created while the start-up snapshot is built.
let sleeper: Int32Array | undefined;

/**
 * Writes all of `data` to `fd`, blocking: retries short writes and EAGAIN (an fd left non-blocking
 * by another process). Returns false when the reader is gone (EPIPE), true otherwise.
 */
export function writeAllSync(fd: number, data: Uint8Array): boolean {
  let off = 0;
  while (off < data.length) {
    try {
      off += writeSync(fd, data, off, data.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") Atomics.wait((sleeper ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 1);
      else if (code === "EPIPE") return false;
      else throw e;
    }
  }
  return true;
}

/**
 * A `stream.write` replacement writing synchronously to `fd`. The first `skip` bytes are dropped
 * (output the main thread already printed before it handed the command over); after EPIPE the rest
 * is dropped too, as a process killed by SIGPIPE would print nothing more.
 */
export function syncWriter(fd: number, skip = 0): (chunk: string | Uint8Array, enc?: unknown, cb?: unknown) => boolean {
  let toSkip = skip;
  let closed = false;
  return (chunk, enc, cb) => {
    let data = typeof chunk === "string" ? Buffer.from(chunk, typeof enc === "string" ? (enc as BufferEncoding) : "utf8") : chunk;
    if (toSkip > 0) {
      const n = Math.min(toSkip, data.length);
      toSkip -= n;
      data = data.subarray(n);
    }
    if (!closed && data.length > 0) closed = !writeAllSync(fd, data);
    const done = typeof enc === "function" ? enc : cb;
    if (typeof done === "function") process.nextTick(done as () => void);
    return true;
  };
}

/** What the main thread knows about the terminal, handed to the worker. */
export interface TerminalInfo {
  /** Whether fds 1 and 2 are terminals. */
  stdoutTTY: boolean;
  stderrTTY: boolean;
  /** The terminal's width, when one of them is a terminal. */
  columns?: number;
}

/** Makes `stdout`/`stderr` write synchronously to fds 1/2 and report the real terminal's properties. */
export function installSyncStdio(
  term: TerminalInfo,
  skipStderr = 0,
  streams: { stdout: PatchableStream; stderr: PatchableStream } = process as unknown as { stdout: PatchableStream; stderr: PatchableStream },
): void {
  patch(streams.stdout, 1, 0, term.stdoutTTY, term.columns);
  patch(streams.stderr, 2, skipStderr, term.stderrTTY, term.columns);
}

/** Updates the width the streams report (the terminal was resized) and emits their "resize" event. */
export function setColumns(columns: number, streams: { stdout: PatchableStream; stderr: PatchableStream } = process as never): void {
  for (const s of [streams.stdout, streams.stderr]) {
    if (!s.isTTY) continue;
    s.columns = columns;
    s.emit?.("resize");
  }
}

function patch(stream: PatchableStream, fd: number, skip: number, tty: boolean, columns: number | undefined): void {
  stream.write = syncWriter(fd, skip) as never;
  Object.defineProperty(stream, "isTTY", { value: tty, configurable: true, writable: true });
  if (tty && columns !== undefined) Object.defineProperty(stream, "columns", { value: columns, configurable: true, writable: true });
}
