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
}

/** How the process ended. */
export type RunResult = LaunchResult;

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
  const onData = (d: Buffer): void => spec.log.write(d);
  const launch = { cmd, args, cwd: spec.buildDir, env: spec.env.env, fd3File: argsFile };
  return spec.spawner ? spec.spawner.launch(launch, onData, spec.signal) : launchDirect(launch, onData, spec.signal);
}

/** Nix-style description of a failed run, or undefined when it succeeded. */
export function describeFailure(r: RunResult, drvPath: string): string | undefined {
  if (r.error !== undefined) return `while setting up the build environment for '${drvPath}': executing the builder failed: ${r.error}`;
  if (r.signal !== null) return `builder for '${drvPath}' failed due to signal ${r.signal}`;
  if (r.exitCode !== 0) return `builder for '${drvPath}' failed with exit code ${r.exitCode}`;
  return undefined;
}
