// Deep but legal programs need a deeper stack than the main thread has. The main thread's native
// stack is fixed by `ulimit -s` (8 MB here): `node --stack-size` cannot go past it, and at the
// largest safe value it gives ~12,000–21,000 nested Nix calls. A worker thread gets a native stack
// of the size asked for (`resourceLimits.stackSizeMb`).
//
// Measured here (Node 20, 2 shared cores): starting a worker costs ~30–45 ms of wall time, a third
// of tk's whole start-up, so tk does not pay it up front. `tk` runs every verb on the main thread;
// when an evaluation ends in a JavaScript stack overflow and nothing has been printed on stdout
// yet, the command is run again, from the start, in a worker with DEEP_STACK_MB of stack (see
// run() in main.ts). Evaluation is deterministic and what an evaluating verb did before the
// overflow is idempotent (`tk eval` writes nothing; .drv files and sources are content-addressed),
// so the re-run gives what one run with a deep stack would; the bytes the first try already wrote
// to stderr (builtins.trace) are skipped so they are not shown twice. `tk repl` keeps state
// between inputs, so it always runs in the worker.
//
// Stack size: the depth reached grows with the stack, but so does the time to report a truly
// unbounded recursion (each collection scans the whole stack). 128 MB gives ~215,000 nested
// `//` steps of a lazy foldl' accumulator (Nix 2.8 with its 8 MB stack: ~52,000), ~330,000 levels
// of `1 + f (n - 1)` (Nix: ~73,000), and reports `let f = x: f (x + 1); in f 0` in ~2.5 s
// (256 MB: ~7 s, 1 GB: ~77 s). TK_STACK_MB overrides it.
import { Worker } from "node:worker_threads";
import { isatty } from "node:tty";
import type { TerminalInfo } from "./sync-stdio.js";
import { writeAllSync } from "./sync-stdio.js";

/** The worker's stack in MB (TK_STACK_MB, default 128). */
export function deepStackMb(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.TK_STACK_MB);
  return Number.isInteger(n) && n >= 4 ? n : 128;
}

/** What the worker is told: the command line, the terminal, and how much stderr output to skip. */
export interface DeepThreadData {
  argv: string[];
  term: TerminalInfo;
  skipStderr: number;
}

/** Whether fds 1/2 are terminals, and the width (read from the main thread's streams only when one is). */
export function terminalInfo(): TerminalInfo {
  const stdoutTTY = isatty(1);
  const stderrTTY = isatty(2);
  const columns = stderrTTY ? process.stderr.columns : stdoutTTY ? process.stdout.columns : undefined;
  return { stdoutTTY, stderrTTY, columns };
}

/**
 * Runs `tk ARGV` in a worker thread with a deep stack (same env and cwd; stdout/stderr written
 * synchronously to fds 1/2) and resolves to its exit status.
 */
export function runInDeepThread(argv: string[], skipStderr = 0): Promise<number> {
  const term = terminalInfo();
  const data: DeepThreadData = { argv, term, skipStderr };
  const worker = new Worker(new URL("./deep-thread-entry.js", import.meta.url), {
    workerData: data,
    resourceLimits: { stackSizeMb: deepStackMb() },
    stdin: false,
  });
  const tty = term.stderrTTY ? process.stderr : term.stdoutTTY ? process.stdout : undefined;
  const onResize = (): void => worker.postMessage({ columns: tty?.columns });
  tty?.on("resize", onResize);
  let failure: string | undefined;
  worker.on("error", (err: Error & { code?: string }) => {
    failure =
      err.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? "error: out of memory while evaluating"
        : `error: internal error: ${err.message} (set TK_DEBUG=1 for details)`;
    if (process.env.TK_DEBUG === "1" && err.stack) failure += `\n${err.stack}`;
  });
  return new Promise((resolve) => {
    worker.on("exit", (code) => {
      tty?.off("resize", onResize);
      if (failure !== undefined) {
        writeAllSync(2, Buffer.from(failure + "\n"));
        resolve(code === 0 ? 1 : code);
      } else resolve(code);
    });
  });
}

/** Counts what is written to process.stdout/stderr until `stop()` (to know what a retry must skip). */
export function countOutput(): { stdout: number; stderr: number; stop(): void } {
  const counts = { stdout: 0, stderr: 0, stop };
  const streams = { stdout: process.stdout, stderr: process.stderr };
  const originals = { stdout: streams.stdout.write, stderr: streams.stderr.write };
  for (const name of ["stdout", "stderr"] as const) {
    const stream = streams[name];
    const original = originals[name];
    stream.write = function (this: NodeJS.WriteStream, chunk: string | Uint8Array, ...rest: unknown[]): boolean {
      counts[name] += typeof chunk === "string" ? Buffer.byteLength(chunk, typeof rest[0] === "string" ? (rest[0] as BufferEncoding) : "utf8") : chunk.length;
      return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
  }
  function stop(): void {
    streams.stdout.write = originals.stdout;
    streams.stderr.write = originals.stderr;
  }
  return counts;
}
