// The per-derivation decisions realise() makes: which outputs are wanted, which are already known
// (valid paths, or realisations of CA outputs), resolution with early cut-off, recording realisations
// after a build, and the role shown in events.
import type { Derivation } from "../store/drv.js";
import { derivationName, printDerivation } from "../store/drv.js";
import { derivationType, type DrvHash, type DrvLoader } from "../store/drv-hash.js";
import { BuildError } from "../store/errors.js";
import type { LocalStore } from "../store/local-store.js";
import type { DrvGraph, DrvNode } from "./graph.js";
import { lookupRealisation, realisationIds, recordRealisation } from "./realisations.js";
import { needsResolution, resolveDerivation } from "./resolve.js";

/** Event role of a derivation: env `tkRole` = compile | stubs | relink, else build. */
export function roleOf(drv: Derivation): "compile" | "stubs" | "relink" | "build" {
  const r = drv.env.get("tkRole");
  return r === "compile" || r === "stubs" || r === "relink" ? r : "build";
}

/** The outputs wanted of each derivation in the graph: the targets' and what dependents use. */
export function wantedOutputs(graph: DrvGraph, targets: Array<{ drvPath: string; outputs?: string[] }>): Map<string, Set<string>> {
  const wanted = new Map<string, Set<string>>();
  const add = (p: string, outs: Iterable<string>): void => {
    const node = graph.nodes.get(p)!;
    let s = wanted.get(p);
    if (!s) wanted.set(p, (s = new Set()));
    for (const o of outs) {
      if (!node.drv.outputs.has(o)) throw new BuildError("bad-output-name", `derivation '${p}' does not have an output named '${o}'`, p);
      s.add(o);
    }
  };
  for (const t of targets) add(t.drvPath, t.outputs ?? node(graph, t.drvPath).drv.outputs.keys());
  for (const n of graph.nodes.values()) {
    if (!wanted.has(n.drvPath)) wanted.set(n.drvPath, new Set());
    for (const [i, outs] of n.drv.inputDrvs) add(i, outs);
  }
  return wanted;
}

function node(graph: DrvGraph, p: string): DrvNode {
  return graph.nodes.get(p)!;
}

function isCaLike(drv: Derivation): boolean {
  const t = derivationType(drv);
  return t === "floating" || t === "deferred";
}

/** Output paths of `outs` when all are already valid (or realised), else undefined. `valid` decides
 *  validity (e.g. `validWithTempRoot`, to keep what is found alive). */
export function knownOutputs(store: LocalStore, n: DrvNode, outs: Set<string>, load: DrvLoader,
                             cache: Map<string, DrvHash>,
                             valid: (p: string) => boolean = (p) => store.isValidPath(p)): Map<string, string> | undefined {
  const t = derivationType(n.drv);
  if (t === "impure") return undefined;
  const result = new Map<string, string>();
  if (t === "input-addressed" || t === "fixed") {
    for (const o of outs) {
      const p = n.drv.outputs.get(o)!.path;
      if (!valid(p)) return undefined;
      result.set(o, p);
    }
    return result;
  }
  const ids = realisationIds(n.drv, load, cache);
  for (const o of outs) {
    const p = lookupRealisation(store, ids.get(o)!, valid);
    if (p === undefined) return undefined;
    result.set(o, p);
  }
  return result;
}

/** A resolved derivation (written to the store) and, on early cut-off, its known outputs. */
export interface Resolution { drv: Derivation; drvPath: string; cutOff?: Map<string, string> }

/** Resolve a CA-dependent derivation once its inputs are built (spec §6.3); undefined if not needed. */
export function resolveNode(store: LocalStore, n: DrvNode, results: Map<string, Map<string, string>>,
                            load: DrvLoader, cache: Map<string, DrvHash>): Resolution | undefined {
  if (!needsResolution(n.drv, load)) return undefined;
  const name = derivationName(n.drvPath);
  const drv = resolveDerivation(n.drv, name, store.config.storeDir, (i, o) => {
    const p = results.get(i)?.get(o);
    if (p === undefined) throw new BuildError("missing-input", `output '${o}' of input '${i}' of '${n.drvPath}' is not realised`, n.drvPath);
    return p;
  });
  const drvPath = store.addTextToStore(name + ".drv", printDerivation(drv), drv.inputSrcs);
  const all = new Set(drv.outputs.keys());
  // Outputs reused on a cut-off become temp roots first (a concurrent `tk gc` must not delete them).
  const cutOff = knownOutputs(store, { drvPath, drv, inputs: [], dependents: [] }, all, load, cache, (p) => store.validWithTempRoot(p));
  return { drv, drvPath, cutOff };
}

/**
 * Record realisations for a CA(-dependent) derivation's outputs, under its own ids and (when it was
 * built through a resolved copy) the resolved derivation's ids. Plain input-addressed and fixed-output
 * derivations are not recorded.
 */
export function recordNodeRealisations(store: LocalStore, n: DrvNode, outputs: Map<string, string>,
                                       results: Map<string, Map<string, string>>, load: DrvLoader,
                                       cache: Map<string, DrvHash>, resolved?: Resolution): void {
  if (!isCaLike(n.drv)) return;
  const inputRealisations = new Map<string, string>(); // id → path
  for (const [i, outs] of n.drv.inputDrvs) {
    const idrv = load(i);
    if (!isCaLike(idrv)) continue;
    const ids = realisationIds(idrv, load, cache);
    for (const o of outs) {
      const p = results.get(i)?.get(o);
      if (p !== undefined) inputRealisations.set(ids.get(o)!, p);
    }
  }
  const own = realisationIds(n.drv, load, cache);
  const res = resolved ? realisationIds(resolved.drv, load, cache) : undefined;
  for (const [o, p] of outputs) {
    const refs = new Set(store.queryPathInfo(p)?.references ?? []);
    const deps = new Map([...inputRealisations].filter(([, ip]) => refs.has(ip)));
    recordRealisation(store, own.get(o)!, p, deps);
    const rid = res?.get(o);
    if (rid !== undefined) recordRealisation(store, rid, p, new Map());
  }
}
