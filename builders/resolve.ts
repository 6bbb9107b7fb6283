// Resolution of a derivation whose inputs include content-addressed outputs (spec §6.3, Nix 2.8
// Derivation::tryResolve + rewriteDerivation): downstream placeholders → actual input paths, inputDrvs
// folded into inputSrcs, and Deferred outputs made input-addressed from the resolved drv's hash.
import type { Derivation } from "../store/drv.js";
import { derivationType, hashDerivationModulo, type DrvLoader } from "../store/drv-hash.js";
import { downstreamPlaceholder, makeOutputPath } from "../store/path.js";
import { rewriteStrings } from "./rewrite.js";

/**
 * True when this derivation is built through a resolved copy: deferred ones and floating CA ones with
 * inputs (as Nix 2.8), and fixed-output ones whose inputs include CA outputs (their placeholders must
 * be replaced; resolving does not change a fixed output's path).
 */
export function needsResolution(drv: Derivation, load: DrvLoader): boolean {
  const t = derivationType(drv);
  if (t === "deferred") return true;
  if (t === "floating") return drv.inputDrvs.size > 0;
  if (t === "fixed") {
    return [...drv.inputDrvs.keys()].some((i) => { const k = derivationType(load(i)); return k === "floating" || k === "deferred"; });
  }
  return false;
}

/**
 * The resolved derivation. `actual(inputDrv, output)` gives the realised path of each input output.
 * `drvName` is the derivation's name (derivationName of its .drv path).
 */
export function resolveDerivation(drv: Derivation, drvName: string, storeDir: string,
                                  actual: (drvPath: string, output: string) => string): Derivation {
  const rewrites = new Map<string, string>();
  const inputSrcs = new Set(drv.inputSrcs);
  for (const [inputDrv, outputs] of drv.inputDrvs) {
    for (const o of outputs) {
      const p = actual(inputDrv, o);
      rewrites.set(downstreamPlaceholder(inputDrv, o), p);
      inputSrcs.add(p);
    }
  }
  const env = new Map<string, string>();
  for (const [k, v] of drv.env) {
    const nk = rewriteStrings(k, rewrites);
    if (!env.has(nk)) env.set(nk, rewriteStrings(v, rewrites));
  }
  const resolved: Derivation = {
    outputs: new Map([...drv.outputs].map(([k, o]) => [k, { ...o }])),
    inputDrvs: new Map(),
    inputSrcs,
    platform: drv.platform,
    builder: rewriteStrings(drv.builder, rewrites),
    args: drv.args.map((a) => rewriteStrings(a, rewrites)),
    env,
  };
  const deferred = [...resolved.outputs].filter(([, o]) => o.path === "" && o.hashAlgo === "");
  if (deferred.length > 0) {
    const h = hashDerivationModulo(resolved, true, () => { throw new Error("internal: resolved drv has inputs"); });
    for (const [name, o] of deferred) {
      const p = makeOutputPath(storeDir, name, h.hashes.get(name)!, drvName);
      o.path = p;
      resolved.env.set(name, p);
    }
  }
  return resolved;
}
