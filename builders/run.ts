// Runs one builder process in its build dir (build-dirs.ts): the files of build-env.ts written into it,
// the process started (through the spawner's helper or directly) as itself or under bwrap,
// stdout+stderr streamed into the derivation's BuildLog.
import * as fs from "node:fs";
import * as path from "node:path";
import type { BuildEnv } from "./build-env.js";
import type { BuildLog } from "./build-log.js";
import { bwrapArgs, bwrapPath, type SandboxSpec } from "./sandbox.js";
import { launchDirect, type LaunchResult, type Spawner } from "./spawner.js";

/** Above this many bytes of sandbox options, they go to bwrap through a file descriptor. */
const BWRAP_ARGS_INLINE_MAX = 64 * 1024;

/** How to run the process. */
export interface RunSpec {
  env: BuildEnv;
  /** Physical build dir (the files of env are written here). */
  buildDir: string;
  /** Where bwrap's options go when they are too long for the command line. */
  argsFile?: string;
  /** When set, run under bwrap with this spec. */
  sandbox?: SandboxSpec;
  log: BuildLog;
  signal?: AbortSignal;
  /** Start the process through this spawner's helper (else directly from this process). */
  spawner?: Spawner;
  /** Kill the builder after this many seconds (Nix's `timeout`; 0 or absent: no limit). */
  timeout?: number;
  /** Kill the builder after this many seconds without output (Nix's `max-silent-time`). */
  maxSilentTime?: number;
  /** Collect the builder's output in this file and give it to the log when the builder exits, instead
   *  of piping it live (ignored with maxSilentTime, which watches the output as it comes). */
  outFile?: string;
}

/** How the process ended; `timedOut` says which limit killed it. */
export type RunResult = LaunchResult & { timedOut?: { seconds: number; silence: boolean } };

/** Write the env's files and run the builder to completion. */
export async function runBuilder(spec: RunSpec): Promise<RunResult> {
  for (const f of spec.env.files) fs.writeFileSync(path.join(spec.buildDir, f.name), f.contents);
  let cmd = spec.env.builder;
  let args = spec.env.args;
  let argsFile: string | undefined;
  if (spec.sandbox) {
    const sandboxArgs = bwrapArgs(spec.sandbox);
    if (sandboxArgs.reduce((n, a) => n + a.length + 1, 0) > BWRAP_ARGS_INLINE_MAX) {
      // A large input closure: hand bwrap its options NUL-separated on fd 3 (`--args 3`), so the
      // command line stays far below the kernel's argument size limit.
      argsFile = spec.argsFile ?? spec.buildDir + ".args";
      fs.writeFileSync(argsFile, sandboxArgs.map((a) => a + "\0").join(""));
      args = ["--args", "3", "--", cmd, ...args];
    } else {
      args = [...sandboxArgs, "--", cmd, ...args];
    }
    cmd = bwrapPath();
  }
  const outFile = (spec.maxSilentTime ?? 0) > 0 ? undefined : spec.outFile;
  const launch = { cmd, args, cwd: spec.buildDir, env: spec.env.env, fd3File: argsFile, outFile };
  const limits = withTimeouts(spec.signal, spec.timeout ?? 0, spec.maxSilentTime ?? 0);
  const onData = (d: Buffer): void => { limits.output(); spec.log.write(d); };
  try {
    const r = await (spec.spawner ? spec.spawner.launch(launch, onData, limits.signal) : launchDirect(launch, onData, limits.signal));
    if (outFile !== undefined) await logFromFile(outFile, spec.log);
    return limits.timedOut ? { ...r, timedOut: limits.timedOut } : r;
  } finally {
    limits.stop();
  }
}

/** Feed what a builder wrote to `file` to its log (nothing if it wrote nothing or never started). */
async function logFromFile(file: string, log: BuildLog): Promise<void> {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (st === undefined || st.size === 0) return;
  if (st.size <= 1 << 20) { log.write(fs.readFileSync(file)); return; }
  for await (const chunk of fs.createReadStream(file)) log.write(chunk as Buffer);
}

/** An abort signal that also fires after `timeout` seconds, or `maxSilent` seconds without output. */
function withTimeouts(outer: AbortSignal | undefined, timeout: number, maxSilent: number) {
  if (timeout <= 0 && maxSilent <= 0) return { signal: outer, timedOut: undefined, output() {}, stop() {} };
  const ac = new AbortController();
  const state = {
    signal: ac.signal,
    timedOut: undefined as { seconds: number; silence: boolean } | undefined,
    lastOutput: Date.now(),
    output(): void { state.lastOutput = Date.now(); },
    stop(): void { clearTimeout(total); clearTimeout(silent); outer?.removeEventListener("abort", forward); },
  };
  const forward = (): void => ac.abort();
  outer?.addEventListener("abort", forward, { once: true });
  if (outer?.aborted) ac.abort();
  const fire = (seconds: number, silence: boolean): void => {
    if (ac.signal.aborted) return;
    state.timedOut = { seconds, silence };
    ac.abort();
  };
  let total: NodeJS.Timeout | undefined;
  let silent: NodeJS.Timeout | undefined;
  if (timeout > 0) total = setTimeout(() => fire(timeout, false), timeout * 1000);
  const checkSilence = (): void => {
    const quiet = Date.now() - state.lastOutput;
    if (quiet >= maxSilent * 1000) fire(maxSilent, true);
    else silent = setTimeout(checkSilence, maxSilent * 1000 - quiet);
  };
  if (maxSilent > 0) silent = setTimeout(checkSilence, maxSilent * 1000);
  return state;
}

/** Nix-style description of a failed run, or undefined when it succeeded. */
export function describeFailure(r: RunResult, drvPath: string): string | undefined {
  if (r.timedOut) return `building of '${drvPath}' timed out after ${r.timedOut.seconds} seconds${r.timedOut.silence ? " of silence" : ""}`;
  if (r.error !== undefined) return `while setting up the build environment for '${drvPath}': executing the builder failed: ${r.error}`;
  if (r.signal !== null) return `builder for '${drvPath}' failed due to signal ${r.signal}`;
  if (r.exitCode !== 0) return `builder for '${drvPath}' failed with exit code ${r.exitCode}`;
  return undefined;
}
