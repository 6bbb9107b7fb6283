// realise(): make the outputs of some derivations valid. Walks the .drv graph from the targets, skips
// what is already valid (or realised, for CA derivations), and builds the rest in dependency order
// with up to maxJobs builders at once; CA-dependent derivations are resolved first and cut off early
// when the resolved derivation is already realised. Failures become one BuildError at the end.
import type { LocalStore } from "../store/local-store.js";
import { derivationName } from "../store/drv.js";
import type { DrvHash } from "../store/drv-hash.js";
import { BuildError, TkError } from "../store/errors.js";
import { BuildLog, buildLogPath } from "./build-log.js";
import { buildOne, prepareBuild, releasePrepared, type PreparedBuild } from "./build-one.js";
import { BuildDirPool } from "./build-dirs.js";
import { StagingStores } from "./sandbox-inputs.js";
import { Spawner } from "./spawner.js";
import { ClosureCache } from "./closure.js";
import { addTempRoots } from "../store/temp-roots.js";
import { registerAllBuiltins } from "./builtin-registry.js";
import { loadGraph, type DrvNode } from "./graph.js";
import { knownOutputs, resolveNode, recordNodeRealisations, roleOf, wantedOutputs } from "./realise-steps.js";
import { needsResolution } from "./resolve.js";

/** From this many builder processes on, realise starts them through a helper process (spawner.ts). */
export const SPAWNER_MIN_BUILDS = 8;

/** A derivation to realise, with the outputs wanted (undefined = all). */
export interface BuildTarget { drvPath: string; outputs?: string[] }

/** Progress events, in order per derivation: start, log*, done | fail (`cancelled`: killed because
 *  another build failed, not a failure of its own). */
export type BuildEvent =
  | { type: "plan"; toBuild: string[]; toSubstitute: string[]; valid: string[]; roles: Record<string, "compile" | "stubs" | "relink"> }
  | { type: "start"; drvPath: string; name: string; role: "compile" | "stubs" | "relink" | "build" }
  | { type: "done"; drvPath: string; name: string; outputs: Record<string, string>; cached: boolean }
  | { type: "fail"; drvPath: string; name: string; message: string; logTail: string[]; cancelled?: boolean }
  | { type: "log"; drvPath: string; line: string };

/** How to realise. */
export interface RealiseOptions {
  maxJobs: number; keepGoing: boolean; dryRun: boolean; check: boolean;
  keepFailed: boolean; sandbox: boolean; sandboxPaths: string[]; onEvent: (e: BuildEvent) => void;
  /** Seconds a builder process may run, or stay silent, before it is killed (0 or absent: no limit). */
  timeout?: number; maxSilentTime?: number;
  /** Stream builders' output as `log` events while they run (default true). false: a builder's output
   *  is collected in a file and its `log` events come when it exits (cheaper to start and finish). */
  liveLogs?: boolean;
}

/** The targets' output paths, and the derivations that failed. */
export interface RealiseResult { outputs: Array<{ drvPath: string; outputs: Record<string, string> }>; failed: string[] }

/** Build what is missing; throws BuildError (after keep-going finished the rest) if anything failed. */
export async function realise(store: LocalStore, targets: BuildTarget[], opts: RealiseOptions): Promise<RealiseResult> {
  registerAllBuiltins();
  const graph = loadGraph(store, targets.map((t) => t.drvPath));
  const hashCache = new Map<string, DrvHash>();
  const load = (p: string) => graph.nodes.get(p)?.drv ?? store.readDerivation(p);
  const wanted = wantedOutputs(graph, targets);
  const targetSet = new Set(targets.map((t) => t.drvPath));
  const results = new Map<string, Map<string, string>>();

  // Which derivations must be built: walk from the targets, stopping at valid ones. The walk holds
  // the shared GC lock until what it found valid is a temp root of this process, so a concurrent
  // `tk gc` cannot delete a path between our seeing it valid and our using it (outputs this call
  // builds become temp roots when they are registered).
  const needed = new Set<string>();
  const valid: string[] = [];
  const gc = store.gcLockShared();
  try {
    const stack = [...targetSet];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      const node = graph.nodes.get(p)!;
      const known = knownOutputs(store, node, wanted.get(p)!, load, hashCache);
      const check = opts.check && targetSet.has(p);
      if (known && !check) { results.set(p, known); valid.push(p); continue; }
      needed.add(p);
      stack.push(...node.inputs);
    }
    const roots = [...graph.nodes.keys()];
    for (const n of graph.nodes.values()) roots.push(...n.drv.inputSrcs);
    for (const r of results.values()) roots.push(...r.values());
    addTempRoots(store.config.stateDir, roots);
  } finally {
    gc.release();
  }
  const toBuild = graph.order.filter((p) => needed.has(p));
  // The compile/relink split's steps among them (plain builds are not listed).
  const roles: Record<string, "compile" | "stubs" | "relink"> = {};
  for (const p of toBuild) {
    const r = roleOf(graph.nodes.get(p)!.drv);
    if (r !== "build") roles[p] = r;
  }
  opts.onEvent({ type: "plan", toBuild, toSubstitute: [], valid: valid.sort(), roles });
  const collect = (): RealiseResult["outputs"] => targets.flatMap((t) => {
    const r = results.get(t.drvPath);
    if (!r) return [];
    const outs = t.outputs ?? [...r.keys()];
    return [{ drvPath: t.drvPath, outputs: Object.fromEntries(outs.filter((o) => r.has(o)).map((o) => [o, r.get(o)!])) }];
  });
  if (opts.dryRun) return { outputs: collect(), failed: [] };

  const failures: Failure[] = [];
  const logWrites: Array<{ drvPath: string; done: Promise<void> }> = [];
  // Many builder processes: start them from a small helper process (cheaper forks, off tk's event loop).
  const spawner = new Spawner();
  const buildDirs = new BuildDirPool();
  const stagingStores = new StagingStores();
  const processBuilds = toBuild.filter((p) => !graph.nodes.get(p)!.drv.builder.startsWith("builtin:")).length;
  if (processBuilds >= SPAWNER_MIN_BUILDS) spawner.start();
  const abort = new AbortController();
  const closures = new ClosureCache(store);
  const blocked = new Set<string>();
  const remaining = new Map<string, number>();
  for (const p of toBuild) remaining.set(p, graph.nodes.get(p)!.inputs.filter((i) => needed.has(i)).length);
  const ready = toBuild.filter((p) => remaining.get(p) === 0);
  let running = 0;
  const busy = new Set<string>();
  const outputPathsOf = (p: string): string[] =>
    [...graph.nodes.get(p)!.drv.outputs.values()].map((o) => o.path).filter((x) => x !== "");

  const markBlocked = (p: string): void => {
    for (const d of graph.nodes.get(p)!.dependents) {
      if (needed.has(d) && !blocked.has(d)) { blocked.add(d); dropPrepared(d); markBlocked(d); }
    }
  };

  // Builds prepared ahead (prepareBuild): a dependent that waits only for a build that has just
  // started gets its output locks and build dir while that build runs, off the critical path of a chain.
  const prepared = new Map<string, PreparedBuild>();
  const dropPrepared = (p: string): void => {
    const prep = prepared.get(p);
    if (prep === undefined) return;
    prepared.delete(p);
    releasePrepared(prep, buildDirs);
  };
  // Output paths that two derivations to build share (e.g. fixed-output ones with one hash): never
  // locked ahead, or the other one could wait for a lock held by a build that waits for it.
  const shared = new Set<string>();
  const owners = new Set<string>();
  for (const p of toBuild) for (const o of outputPathsOf(p)) (owners.has(o) ? shared : owners).add(o);
  const prepareAhead = (p: string): void => {
    for (const d of graph.nodes.get(p)!.dependents) {
      if (prepared.size >= Math.max(1, opts.maxJobs) || abort.signal.aborted) return;
      if (remaining.get(d) !== 1 || blocked.has(d) || prepared.has(d) || (opts.check && targetSet.has(d))) continue;
      if (outputPathsOf(d).some((o) => shared.has(o))) continue;
      const drv = graph.nodes.get(d)!.drv;
      if (needsResolution(drv, load)) continue;
      const prep = prepareBuild(store, d, drv, buildDirs);
      if (prep !== undefined) prepared.set(d, prep);
    }
  };

  // A node whose outputs are known: record them, announce it, and schedule its dependents (once).
  const completed = new Set<string>();
  const complete = (p: string): void => {
    if (completed.has(p)) return;
    completed.add(p);
    running--;
    if (results.has(p)) {
      for (const d of graph.nodes.get(p)!.dependents) {
        if (!remaining.has(d)) continue;
        const n = remaining.get(d)! - 1;
        remaining.set(d, n);
        if (n === 0 && !blocked.has(d)) ready.push(d);
      }
    }
    pump();
  };

  const runNode = async (node: DrvNode): Promise<void> => {
    const name = derivationName(node.drvPath);
    const check = opts.check && targetSet.has(node.drvPath);
    let log: BuildLog | undefined;
    let started = false;
    let prep = prepared.get(node.drvPath);
    prepared.delete(node.drvPath);
    try {
      const resolved = resolveNode(store, node, results, load, hashCache);
      if (prep !== undefined && (resolved !== undefined || check)) { releasePrepared(prep, buildDirs); prep = undefined; }
      if (resolved?.cutOff) {
        recordNodeRealisations(store, node, resolved.cutOff, results, load, hashCache, resolved);
        results.set(node.drvPath, resolved.cutOff);
        opts.onEvent({ type: "done", drvPath: node.drvPath, name, outputs: Object.fromEntries(resolved.cutOff), cached: true });
        return;
      }
      const start = (): BuildLog => {
        opts.onEvent({ type: "start", drvPath: node.drvPath, name, role: roleOf(node.drv) });
        started = true;
        log = new BuildLog(buildLogPath(store.config.stateDir, node.drvPath),
          (line) => opts.onEvent({ type: "log", drvPath: node.drvPath, line }));
        return log;
      };
      // Once the outputs are valid: record them and start what waits for them, before this build's
      // clean-up (so in a chain the next builder runs while this one's lock and build dir go away).
      let finished = false;
      const finish = (outputs: Map<string, string>): void => {
        if (finished) return;
        recordNodeRealisations(store, node, outputs, results, load, hashCache, resolved);
        results.set(node.drvPath, outputs);
        finished = true;
        // The log file is finished in the background; realise waits for all of them at the end
        // (finishLogs reports a failure; the no-op catch only keeps a rejection that comes before
        // that from being an unhandled one, which would end the process with a JS stack trace).
        if (log !== undefined) {
          const done = (log as BuildLog).close();
          done.catch(() => {});
          logWrites.push({ drvPath: node.drvPath, done });
        }
        // Not started: another process built it while we waited for its locks.
        opts.onEvent({ type: "done", drvPath: node.drvPath, name, outputs: Object.fromEntries(outputs), cached: !started });
        complete(node.drvPath);
      };
      const buildPath = resolved?.drvPath ?? node.drvPath;
      const buildDrv = resolved?.drv ?? node.drv;
      const inputPaths = new Set(buildDrv.inputSrcs);
      for (const [i, outs] of buildDrv.inputDrvs) for (const o of outs) inputPaths.add(results.get(i)!.get(o)!);
      const checkAgainst = check ? results.get(node.drvPath) ?? knownOutputs(store, node, new Set(node.drv.outputs.keys()), load, hashCache) : undefined;
      const handed = prep;
      prep = undefined; // buildOne releases it
      const outputs = await buildOne(store, buildPath, buildDrv, inputPaths, start, {
        sandbox: opts.sandbox, sandboxPaths: opts.sandboxPaths, keepFailed: opts.keepFailed,
        checkAgainst: checkAgainst ?? undefined, signal: abort.signal, closures, spawner, buildDirs, stagingStores,
        timeout: opts.timeout, maxSilentTime: opts.maxSilentTime, onRegistered: finish, liveLogs: opts.liveLogs,
        prepared: handed,
      });
      finish(outputs);
    } catch (err) {
      if (prep !== undefined) releasePrepared(prep, buildDirs);
      // File-system trouble (ENOSPC, EACCES, …) is this build's failure, not a crash of tk.
      const errno = err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string" && !(err instanceof TkError);
      if (!(err instanceof TkError) && !errno) throw err;
      const e = err as Error;
      await log?.close();
      const logTail = log?.lastLines() ?? [];
      if (abort.signal.aborted) {
        // Killed because another build failed (no --keep-going): not a failure of its own.
        opts.onEvent({ type: "fail", drvPath: node.drvPath, name, message: "cancelled: another build failed", logTail, cancelled: true });
        return;
      }
      failures.push({ drvPath: node.drvPath, message: e.message, logTail, code: err instanceof TkError ? err.code : "build-failed" });
      if (!started) opts.onEvent({ type: "start", drvPath: node.drvPath, name, role: roleOf(node.drv) });
      opts.onEvent({ type: "fail", drvPath: node.drvPath, name, message: e.message, logTail });
      markBlocked(node.drvPath);
      if (!opts.keepGoing) abort.abort();
    }
  };

  // Up to maxJobs builds at once. `running` counts builds until their outputs are known, `inFlight`
  // until their clean-up is done too; realise ends when nothing is in flight.
  let inFlight = 0;
  let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  function pump(): void {
    while (running < Math.max(1, opts.maxJobs) && ready.length > 0 && !abort.signal.aborted) {
      // Two derivations with the same output path (e.g. fixed-output ones with one hash) never
      // build at once in this process: the second waits and then finds the path valid.
      const idx = ready.findIndex((q) => !outputPathsOf(q).some((o) => busy.has(o)));
      if (idx === -1) break;
      const p = ready.splice(idx, 1)[0]!;
      if (blocked.has(p)) continue;
      running++;
      inFlight++;
      const mine = outputPathsOf(p);
      for (const o of mine) busy.add(o);
      // complete() usually ran already (when the outputs were registered); the output paths are
      // free for another build only now that this one's locks are released.
      runNode(graph.nodes.get(p)!).then(() => {
        for (const o of mine) busy.delete(o);
        inFlight--;
        complete(p);
        pump();
      }, (e) => settle?.reject(e));
      // Once its builder is under way (the launch is sent before this runs), prepare what waits for it.
      setImmediate(() => { if (!completed.has(p)) prepareAhead(p); });
    }
    if (inFlight === 0) settle?.resolve();
  }

  try {
    await new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
      pump();
    });
  } finally {
    for (const p of [...prepared.keys()]) dropPrepared(p);
    spawner.close();
    stagingStores.close();
    await buildDirs.close();
    await finishLogs(logWrites);
  }

  if (failures.length > 0) throw failureError(failures);
  return { outputs: collect(), failed: [] };
}

/** Wait for the build logs still being written; a log that could not be written is an error. */
async function finishLogs(writes: Array<{ drvPath: string; done: Promise<void> }>): Promise<void> {
  const results = await Promise.allSettled(writes.map((w) => w.done));
  const i = results.findIndex((r) => r.status === "rejected");
  if (i === -1) return;
  const why = ((results[i] as PromiseRejectedResult).reason as Error).message;
  throw new BuildError("log-write", `cannot write the build log of '${writes[i]!.drvPath}': ${why}`, writes[i]!.drvPath);
}

/** One failed build: its derivation, its error's message and code, the last lines of its log. */
interface Failure { drvPath: string; message: string; logTail: string[]; code: string }

/** The error realise() throws: a BuildError that also lists the failed derivations. */
export class RealiseError extends BuildError {
  /** Nix's exit status for the failures (Worker::exitStatus): 0x60 | 0x04 build failure
   *  | 0x02 fixed-output hash mismatch | 0x08 --check found a difference. Nix 2.8 exits 100, not
   *  101, for a `--timeout` kill (measured), so no timeout bit. */
  override readonly exitStatus: number;

  constructor(message: string, where: string, readonly failed: string[], codes: string[] = []) {
    super("build-failed", message, where);
    const has = (c: string): boolean => codes.includes(c);
    const failure = codes.some((c) => c !== "not-deterministic");
    this.exitStatus = 0x60 | (failure ? 0x04 : 0) | (has("hash-mismatch") ? 0x02 : 0) | (has("not-deterministic") ? 0x08 : 0);
  }
}

/** One BuildError for all failures: each names its derivation and shows its last log lines. */
function failureError(failures: Failure[]): RealiseError {
  const parts = failures.map((f) => {
    const tail = f.logTail.length > 0 ? `\nlast ${f.logTail.length} log lines:\n` + f.logTail.map((l) => "> " + l).join("\n") : "";
    return f.message + tail;
  });
  const head = failures.length === 1 ? "" : `${failures.length} derivations failed to build:\n`;
  return new RealiseError(head + parts.join("\n"), failures[0]!.drvPath, failures.map((f) => f.drvPath), failures.map((f) => f.code));
}
