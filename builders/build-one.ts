// Builds one (resolved or plain) derivation: locks and clears its output paths, prepares the build
// dir and environment, runs the builder (process, sandboxed process or builtin), then finalises the
// outputs (CA hashing, reference scan and checks, --check comparison) and registers them. Any failure
// is a BuildError and leaves nothing valid.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Derivation } from "../store/drv.js";
import { derivationName } from "../store/drv.js";
import { derivationType } from "../store/drv-hash.js";
import { BuildError, TkError } from "../store/errors.js";
import { hashEquals } from "../store/hash.js";
import type { LocalStore } from "../store/local-store.js";
import { dumpPath, narHashOf } from "../store/nar.js";
import { storePathBaseName, storePathHashPart } from "../store/path.js";
import { makeBuildEnv } from "./build-env.js";
import type { BuildLog } from "./build-log.js";
import { builtinFor } from "./builtins.js";
import { ClosureCache } from "./closure.js";
import { checkOutputReferences, hasOutputChecks } from "./output-checks.js";
import { finishFixedOutput, finishFloatingOutputs, finishInputAddressed, scratchPath, type PendingOutput } from "./outputs.js";
import { moveIn, registerOutputs } from "./register.js";
import { scanReferences } from "./ref-scan.js";
import { BuildDirPool, type BuildDirs } from "./build-dirs.js";
import { describeFailure, runBuilder, type RunResult } from "./run.js";
import { lockOutputs } from "./output-locks.js";
import type { Lock } from "../store/locks.js";
import type { Spawner } from "./spawner.js";
import { DEFAULT_SANDBOX_PATHS, SANDBOX_BUILD_DIR } from "./sandbox.js";
import { StagingStores } from "./sandbox-inputs.js";

/** Options of one build. */
export interface BuildOneOptions {
  sandbox: boolean;
  sandboxPaths: string[];
  keepFailed: boolean;
  /** Rebuild and compare with these already valid outputs (output name → path). */
  checkAgainst?: Map<string, string>;
  signal?: AbortSignal;
  /** Closures of valid paths, shared by the builds of one realise call. */
  closures?: ClosureCache;
  /** Start builder processes through this spawner (see spawner.ts). */
  spawner?: Spawner;
  /** Where build dirs are made (one pool per realise call); default: a pool of this build. */
  buildDirs?: BuildDirPool;
  /** Kill a builder process after this many seconds, or this many seconds without output (0: never). */
  timeout?: number;
  maxSilentTime?: number;
  /** Follow the builder's output live (default); false: collect it in a file, logged when it exits. */
  liveLogs?: boolean;
  /** Staging store dirs for sandboxed builds, shared by the builds of one realise call. */
  stagingStores?: StagingStores;
  /** This build's outputs, locked and cleared ahead of time by prepareBuild (for this drvPath). */
  prepared?: PreparedBuild;
  /** Called as soon as freshly built outputs are registered (valid), before this build's clean-up
   *  (lock release, build dir removal): the caller can start dependent builds first. Not called when
   *  nothing was registered (outputs built by another process, --check). */
  onRegistered?: (outputs: Map<string, string>) => void;
}

/**
 * Build `drv` (stored at `drvPath`) whose direct inputs are `inputPaths`; returns output → final path.
 * `start` is called once the output locks are held and a build is really needed (not when another
 * process finished it meanwhile); it announces the build and returns its log.
 */
export async function buildOne(store: LocalStore, drvPath: string, drv: Derivation, inputPaths: Set<string>,
                               start: () => BuildLog, opts: BuildOneOptions): Promise<Map<string, string>> {
  const storeDir = store.config.storeDir;
  const type = derivationType(drv);
  const drvName = derivationName(drvPath);
  if (type === "impure" || type === "deferred") {
    throw new BuildError("unsupported-drv", `cannot build '${drvPath}': ${type === "impure" ? "impure derivations are not supported" : "its inputs are not resolved"}`, drvPath);
  }
  const prepared = opts.prepared?.drvPath === drvPath ? opts.prepared : undefined;
  const outs = prepared?.outs ?? planOutputs(store, drvPath, drv, opts.checkAgainst !== undefined);
  const pool = opts.buildDirs ?? new BuildDirPool();
  const lock = prepared?.lock ?? await lockOutputs(store, lockTargets(outs), opts.signal);
  let dirs: BuildDirs | undefined = prepared?.dirs;
  let logRef: BuildLog | undefined;
  let ok = false;
  try {
    // Another process built it while we waited for the locks: use its outputs (as temp roots).
    // (A prepared build has held its locks since it found its outputs missing.)
    if (prepared === undefined && opts.checkAgainst === undefined && type !== "floating" && outs.every((o) => store.validWithTempRoot(o.final))) {
      ok = true;
      return new Map(outs.map((o) => [o.name, o.final]));
    }
    const log = start();
    logRef = log;
    if (prepared === undefined) clearScratch(store, outs);
    const closures = opts.closures ?? new ClosureCache(store);
    // The input closure: the sandbox needs it up front, otherwise it is computed while the builder runs.
    let closure: Set<string> | undefined;
    const closureNow = (): Set<string> => (closure ??= closures.closure(inputPaths));
    dirs ??= pool.make();
    const running = runOrBuiltin(store, drvPath, drv, type === "fixed", outs, closureNow, dirs, log, opts);
    try {
      closureNow();
    } finally {
      await running.catch(() => undefined); // never leave the builder unwatched; its failure is rethrown below
    }
    const phys = await running;
    for (const o of outs) {
      if (!fs.existsSync(phys(o.scratch)) && !isDanglingLink(phys(o.scratch))) {
        throw new BuildError("no-output", `builder for '${drvPath}' failed to produce output path for output '${o.name}' at '${o.scratch}'`, drvPath);
      }
    }
    const candidates = new Set([...closureNow(), ...outs.map((o) => o.scratch)]);
    // Plain input-addressed outputs with no constraints to check are scanned once, at registration.
    const scanNow = type !== "input-addressed" || outs.length > 1 || opts.checkAgainst !== undefined || outs.some((o) => o.scratch !== o.final)
      || hasOutputChecks(drv);
    for (const o of outs) o.references = scanNow ? scanReferences(phys(o.scratch), candidates) : candidates;
    if (type === "floating") finishFloatingOutputs(drvPath, drv, drvName, storeDir, outs, phys);
    else if (type === "fixed") finishFixedOutput(drvPath, drv, outs[0]!, phys(outs[0]!.scratch));
    else for (const o of outs) finishInputAddressed(o, outs, phys(o.scratch));
    checkOutputReferences(drvPath, drv, storeDir,
      outs.map((o) => ({ name: o.name, path: o.final, references: o.references, narSize: () => narSizeOf(phys(o.scratch)) })),
      (ps) => closures.closure(ps), (p) => store.queryPathInfo(p)?.narSize ?? 0);
    if (opts.checkAgainst !== undefined) {
      compareWithValid(store, drvPath, outs, opts.checkAgainst, phys);
      for (const o of outs) store.deleteInvalidPath(o.scratch);
      ok = true;
      return new Map(outs.map((o) => [o.name, opts.checkAgainst!.get(o.name) ?? o.final]));
    }
    registerOutputs(store, drvPath, outs, phys, type === "floating");
    ok = true;
    const result = new Map(outs.map((o) => [o.name, o.final]));
    opts.onRegistered?.(result);
    return result;
  } catch (e) {
    if (e instanceof TkError && !(e instanceof BuildError)) throw new BuildError(e.code, e.message, drvPath);
    throw e;
  } finally {
    if (!ok) for (const o of outs) { try { if (!store.isValidPath(o.scratch)) store.deleteInvalidPath(o.scratch); } catch { /* best effort */ } }
    lock.release();
    if (dirs) {
      if (!ok && opts.keepFailed) logRef?.write(`note: keeping build directory '${pool.keep(dirs, drvName)}'\n`);
      else pool.remove(dirs);
    }
    if (opts.buildDirs === undefined) await pool.close();
  }
}

/** Each output's scratch path (where the builder makes it) and final path (empty: floating CA). */
function planOutputs(store: LocalStore, drvPath: string, drv: Derivation, check: boolean): PendingOutput[] {
  const type = derivationType(drv);
  const drvName = derivationName(drvPath);
  const outs: PendingOutput[] = [];
  for (const [name, o] of drv.outputs) {
    const known = type === "input-addressed" || type === "fixed" ? o.path : "";
    const rebuild = known !== "" && (check || store.isValidPath(known));
    const scratch = known !== "" && !rebuild ? known : scratchPath(store.config.storeDir, drvPath, drvName, name);
    outs.push({ name, scratch, final: known, references: new Set() });
  }
  return outs;
}

/** Removes leftovers (of a crashed or failed build) at the scratch paths; the caller holds their locks. */
function clearScratch(store: LocalStore, outs: PendingOutput[]): void {
  for (const o of outs) if (!store.isValidPath(o.scratch)) store.deleteInvalidPath(o.scratch);
}

/** The paths a build locks: every scratch path, and the final paths known in advance. */
function lockTargets(outs: PendingOutput[]): string[] {
  return outs.flatMap((o) => (o.final !== "" && o.final !== o.scratch ? [o.scratch, o.final] : [o.scratch]));
}

/** A build made ready while its inputs are still being built: outputs planned, locked and cleared,
 *  and a build dir. Give it to buildOne (opts.prepared), or drop it with releasePrepared. */
export interface PreparedBuild { drvPath: string; outs: PendingOutput[]; lock: Lock; dirs: BuildDirs }

/**
 * Prepare the build of an input-addressed or fixed-output derivation ahead of time (in a chain, while
 * the build before it runs). Undefined when there is nothing to gain or it cannot be done at once: other
 * derivation types, an output lock held by another process (never waited for here), outputs already valid.
 */
export function prepareBuild(store: LocalStore, drvPath: string, drv: Derivation, pool: BuildDirPool): PreparedBuild | undefined {
  const type = derivationType(drv);
  if (type !== "input-addressed" && type !== "fixed") return undefined;
  const outs = planOutputs(store, drvPath, drv, false);
  const lock = store.tryLockPaths(lockTargets(outs));
  if (lock === undefined) return undefined;
  try {
    if (outs.every((o) => store.isValidPath(o.final))) { lock.release(); return undefined; }
    clearScratch(store, outs);
    return { drvPath, outs, lock, dirs: pool.make() };
  } catch {
    lock.release(); // buildOne will meet (and report) the same trouble
    return undefined;
  }
}

/** Drop a prepared build that will not run (its lock released, its build dir removed). */
export function releasePrepared(p: PreparedBuild, pool: BuildDirPool): void {
  p.lock.release();
  pool.remove(p.dirs);
}

function narSizeOf(p: string): number {
  let size = 0;
  dumpPath(p, (c) => { size += c.length; });
  return size;
}

function isDanglingLink(p: string): boolean {
  try { return fs.lstatSync(p).isSymbolicLink(); } catch { return false; }
}

/** Run the builder; returns where each scratch output physically is afterwards. */
async function runOrBuiltin(store: LocalStore, drvPath: string, drv: Derivation, fixed: boolean, outs: PendingOutput[],
                            closure: () => Set<string>, dirs: BuildDirs, log: BuildLog, opts: BuildOneOptions): Promise<(p: string) => string> {
  const builtin = builtinFor(drv.builder);
  if (builtin === null) throw new BuildError("bad-builtin", `unsupported builtin builder '${drv.builder}' in '${drvPath}'`, drvPath);
  const sandboxed = opts.sandbox && builtin === undefined;
  if (!sandboxed && builtin === undefined && store.config.storeRoot !== "") {
    throw new BuildError("needs-sandbox", `cannot build '${drvPath}' without the sandbox: the store is relocated (TK_STORE_ROOT), so its paths exist only inside the sandbox`, drvPath);
  }
  const env = makeBuildEnv({
    drv, storeDir: store.config.storeDir, buildDirInBuilder: sandboxed ? SANDBOX_BUILD_DIR : dirs.buildDir,
    cores: os.availableParallelism(), fixedOutput: fixed,
    outputPaths: new Map(outs.map((o) => [o.name, o.scratch])), callerEnv: process.env,
    // A known final path built elsewhere (--check, or a partly valid derivation) is redirected to its
    // scratch path by rewriting its hash part, as Nix does.
    rewrites: new Map(outs.filter((o) => o.final !== "" && o.final !== o.scratch)
      .map((o) => [storePathHashPart(o.final), storePathHashPart(o.scratch)])),
  });
  if (builtin !== undefined) {
    for (const f of env.files) fs.writeFileSync(path.join(dirs.buildDir, f.name), f.contents);
    try {
      await builtin({
        drvPath, drv, env: env.env, store, buildDir: dirs.buildDir, log: (t) => log.write(t),
        outputs: new Map(outs.map((o) => [o.name, { path: o.scratch, physical: store.physical(o.scratch) }])),
      });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      log.write(msg + "\n");
      throw new BuildError("build-failed", `builder for '${drvPath}' failed: ${msg}`, drvPath);
    }
    return (p) => store.physical(p);
  }
  dirs.sandboxed = sandboxed;
  // The sandbox's store dir: a staging dir with copies of the closure's small files (sandbox-inputs.ts).
  const stores = opts.stagingStores ?? new StagingStores();
  let result: RunResult;
  try {
    const staged = sandboxed ? stores.acquire(new Map([...closure()].map((p) => [p, store.physical(p)]))) : undefined;
    try {
      result = await runBuilder({
        env, buildDir: dirs.buildDir, argsFile: dirs.argsFile, log, signal: opts.signal, spawner: opts.spawner,
        timeout: opts.timeout, maxSilentTime: opts.maxSilentTime, outFile: opts.liveLogs === false ? dirs.logFile : undefined,
        sandbox: staged === undefined ? undefined : {
          storeDir: store.config.storeDir, stagingStoreDir: staged.dir, buildDir: dirs.buildDir, network: fixed,
          inputs: staged.binds, sandboxPaths: opts.sandboxPaths.length > 0 ? opts.sandboxPaths : DEFAULT_SANDBOX_PATHS,
        },
      });
      // Move whatever the sandboxed builder produced from the staging dir to the physical store.
      if (staged !== undefined) for (const o of outs) moveIn(path.join(staged.dir, storePathBaseName(o.scratch)), store.physical(o.scratch));
    } finally {
      if (staged !== undefined) stores.release(staged);
    }
  } finally {
    if (opts.stagingStores === undefined) stores.close();
  }
  const failure = describeFailure(result, drvPath);
  if (failure !== undefined) throw new BuildError(result.timedOut ? "timed-out" : "build-failed", failure, drvPath);
  return (p) => store.physical(p);
}

function compareWithValid(store: LocalStore, drvPath: string, outs: PendingOutput[], valid: Map<string, string>,
                          phys: (p: string) => string): void {
  for (const o of outs) {
    const expected = valid.get(o.name);
    if (expected === undefined) continue;
    const info = store.queryPathInfo(expected);
    const same = o.final === expected && info !== undefined && hashEquals(info.narHash, narHashOf(phys(o.scratch)).hash);
    if (!same) {
      throw new BuildError("not-deterministic", `derivation '${drvPath}' may not be deterministic: output '${expected}' differs`, drvPath);
    }
  }
}
