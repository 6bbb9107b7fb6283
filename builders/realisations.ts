// Realisations as the builder uses them (spec §6.4): the id of a derivation output, looking up the
// path a CA derivation output was realised to, and recording one after a build. The records
// themselves live in the store's database (store/local-store.ts).
import type { Derivation } from "../store/drv.js";
import { drvOutputId, staticOutputHashes, type DrvHash, type DrvLoader } from "../store/drv-hash.js";
import type { LocalStore } from "../store/local-store.js";
import { storePathBaseName } from "../store/path.js";

/** Realisation ids (`sha256:<hex>!<out>`) of every output of a derivation. */
export function realisationIds(drv: Derivation, load: DrvLoader, cache: Map<string, DrvHash>): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [o, h] of staticOutputHashes(drv, load, cache)) ids.set(o, drvOutputId(h, o));
  return ids;
}

/** The valid output path recorded for a realisation id, if any (`valid` decides validity). */
export function lookupRealisation(store: LocalStore, id: string,
                                  valid: (p: string) => boolean = (p) => store.isValidPath(p)): string | undefined {
  const r = store.queryRealisation(id);
  if (r === undefined) return undefined;
  const p = store.config.storeDir + "/" + r.outPath;
  return valid(p) ? p : undefined;
}

/** Record that `id` was realised as `outPath`, with the input realisations it refers to. */
export function recordRealisation(store: LocalStore, id: string, outPath: string, dependents: Map<string, string>): void {
  const dependentRealisations: Record<string, string> = {};
  for (const [k, v] of [...dependents].sort()) dependentRealisations[k] = storePathBaseName(v);
  store.registerRealisation({ id, outPath: storePathBaseName(outPath), signatures: [], dependentRealisations });
}
