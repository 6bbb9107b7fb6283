// The benchmark harness: runs a tk command and a reference-tool command alternately, several
// runs each, as whole processes, and reports medians and the ratio tk/reference. Benchmarks are
// never tests: nothing here asserts a time.
import { spawnSync } from "node:child_process";

/** A command to time: argv plus optional env and working directory. */
export interface Cmd {
  argv: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** One side-by-side benchmark. `prepare` runs once and returns the two commands to compare. */
export interface Benchmark {
  /** Short name used on the command line, e.g. "eval-fib". */
  name: string;
  /** What is measured, one line. */
  description: string;
  /** The reference tool's executable; the pair is skipped when it is not installed. */
  referenceTool: string;
  /** Builds fixtures and returns the commands; may return `before` hooks run untimed before each run. */
  prepare(): { tk: Cmd; reference: Cmd; before?: () => void; cleanup?: () => void };
  /** Runs per side (default 5). */
  runs?: number;
}

/** The outcome of one benchmark. */
export interface BenchResult {
  name: string;
  tkMs: number[];
  refMs: number[];
  tkMedian: number;
  refMedian: number;
  ratio: number;
}

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Times one process run in milliseconds; a failing command is an error naming it. */
export function timeCmd(cmd: Cmd): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd.argv[0]!, cmd.argv.slice(1), {
    env: cmd.env ?? process.env,
    cwd: cmd.cwd,
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) {
    throw new Error(`benchmark command failed (${r.status ?? r.signal}): ${cmd.argv.join(" ")}\n${r.stderr?.toString().slice(-2000)}`);
  }
  return ms;
}

/** Runs a benchmark: one untimed warm-up each, then alternating timed runs. */
export function runBenchmark(b: Benchmark): BenchResult {
  const { tk, reference, before, cleanup } = b.prepare();
  try {
    const runs = b.runs ?? 5;
    before?.();
    timeCmd(tk);
    before?.();
    timeCmd(reference);
    const tkMs: number[] = [];
    const refMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      before?.();
      tkMs.push(timeCmd(tk));
      before?.();
      refMs.push(timeCmd(reference));
    }
    const tkMedian = median(tkMs);
    const refMedian = median(refMs);
    return { name: b.name, tkMs, refMs, tkMedian, refMedian, ratio: tkMedian / refMedian };
  } finally {
    cleanup?.();
  }
}
