// Runs one builder process: a fresh build directory under a temp dir (removed afterwards unless
// keepFailed and the build failed), the files of build-env.ts written into it, the process spawned
// directly or under bwrap, stdout+stderr streamed into the derivation's BuildLog.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import type { BuildEnv } from "./build-env.js";
import type { BuildLog } from "./build-log.js";
import { bwrapArgs, bwrapPath, type SandboxSpec } from "./sandbox.js";

/** A temporary top dir for one build: `build/` is the build dir, `store/` the sandbox staging store. */
export interface BuildDirs { top: string; buildDir: string }

/** Make a fresh top dir with an empty build dir inside. */
export function makeBuildDirs(drvName: string): BuildDirs {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), `tk-build-${drvName.slice(0, 40)}-`));
  const buildDir = path.join(top, "build");
  fs.mkdirSync(buildDir, { mode: 0o700 });
  return { top, buildDir };
}

/** Remove a build's temp dir (making read-only dirs writable first). */
export function removeBuildDirs(dirs: BuildDirs): void {
  try { fs.rmSync(dirs.top, { recursive: true, force: true }); } catch {
    makeWritable(dirs.top);
    fs.rmSync(dirs.top, { recursive: true, force: true });
  }
}

function makeWritable(p: string): void {
  let st: fs.Stats;
  try { st = fs.lstatSync(p); } catch { return; }
  if (!st.isDirectory()) return;
  try { fs.chmodSync(p, 0o755); } catch { /* not ours */ }
  for (const e of fs.readdirSync(p)) makeWritable(path.join(p, e));
}

const pendingRemovals = new Set<Promise<void>>();

/** Remove a build's temp dir in the background (off the event loop); see flushBuildDirRemovals. */
export function removeBuildDirsLater(dirs: BuildDirs): void {
  const p: Promise<void> = fs.promises.rm(dirs.top, { recursive: true, force: true })
    .catch(() => removeBuildDirs(dirs))
    .catch(() => undefined)
    .finally(() => { pendingRemovals.delete(p); });
  pendingRemovals.add(p);
}

/** Wait until every background removal has finished. */
export async function flushBuildDirRemovals(): Promise<void> {
  while (pendingRemovals.size > 0) await Promise.all([...pendingRemovals]);
}

/** Above this many bytes of sandbox options, they go to bwrap through a file descriptor. */
const BWRAP_ARGS_INLINE_MAX = 64 * 1024;

/** How to run the process. */
export interface RunSpec {
  env: BuildEnv;
  /** Physical build dir (the files of env are written here). */
  buildDir: string;
  /** When set, run under bwrap with this spec. */
  sandbox?: SandboxSpec;
  log: BuildLog;
  signal?: AbortSignal;
}

/** How the process ended. */
export interface RunResult { exitCode: number | null; signal: NodeJS.Signals | null; error?: string }

/** Write the env's files and run the builder to completion. */
export async function runBuilder(spec: RunSpec): Promise<RunResult> {
  for (const f of spec.env.files) fs.writeFileSync(path.join(spec.buildDir, f.name), f.contents);
  let cmd = spec.env.builder;
  let args = spec.env.args;
  let argsFd: number | undefined;
  if (spec.sandbox) {
    const sandboxArgs = bwrapArgs(spec.sandbox);
    if (sandboxArgs.reduce((n, a) => n + a.length + 1, 0) > BWRAP_ARGS_INLINE_MAX) {
      // A large input closure: hand bwrap its options NUL-separated on fd 3 (`--args 3`), so the
      // command line stays far below the kernel's argument size limit.
      const file = path.join(path.dirname(spec.buildDir), "bwrap-args");
      fs.writeFileSync(file, sandboxArgs.map((a) => a + "\0").join(""));
      argsFd = fs.openSync(file, "r");
      args = ["--args", "3", "--", cmd, ...args];
    } else {
      args = [...sandboxArgs, "--", cmd, ...args];
    }
    cmd = bwrapPath();
  }
  const stdio: Array<"ignore" | "pipe" | number> = ["ignore", "pipe", "pipe"];
  if (argsFd !== undefined) stdio.push(argsFd);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: spec.buildDir, env: spec.env.env, stdio, detached: true,
    });
    const kill = (): void => { try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ } };
    spec.signal?.addEventListener("abort", kill, { once: true });
    child.stdout!.on("data", (d: Buffer) => spec.log.write(d));
    child.stderr!.on("data", (d: Buffer) => spec.log.write(d));
    let spawnError: string | undefined;
    child.on("error", (e) => { spawnError = e.message; });
    // When the builder exits, kill whatever it left behind in its process group (daemons holding
    // the log pipe open would otherwise keep the build "running").
    child.on("exit", kill);
    if (argsFd !== undefined) fs.closeSync(argsFd);
    child.on("close", (code, sig) => {
      spec.signal?.removeEventListener("abort", kill);
      resolve({ exitCode: code, signal: sig, error: spawnError });
    });
  });
}

/** Nix-style description of a failed run, or undefined when it succeeded. */
export function describeFailure(r: RunResult, drvPath: string): string | undefined {
  if (r.error !== undefined) return `while setting up the build environment for '${drvPath}': executing the builder failed: ${r.error}`;
  if (r.signal !== null) return `builder for '${drvPath}' failed due to signal ${r.signal}`;
  if (r.exitCode !== 0) return `builder for '${drvPath}' failed with exit code ${r.exitCode}`;
  return undefined;
}
