// Registration of a build's finished outputs: each moved from its scratch path to its final path
// (unless that is already valid, e.g. a CA output someone else produced), then registered through
// LocalStore.registerBuiltPath with exactly its scanned references, referenced siblings first.
import type { LocalStore } from "../store/local-store.js";
import type { PendingOutput } from "./outputs.js";
import * as fs from "node:fs";

/** Sort outputs so that an output comes after the sibling outputs it refers to. */
function registrationOrder(outs: PendingOutput[]): PendingOutput[] {
  if (outs.length === 1) return outs; // (references may be a whole input closure: not walked for nothing)
  const byFinal = new Map(outs.map((o) => [o.final, o]));
  const order: PendingOutput[] = [];
  const seen = new Set<string>();
  const visit = (o: PendingOutput): void => {
    if (seen.has(o.name)) return;
    seen.add(o.name);
    for (const r of o.references) { const s = byFinal.get(r); if (s && s !== o) visit(s); }
    order.push(o);
  };
  for (const o of outs) visit(o);
  return order;
}

/**
 * Move and register every output; `phys` maps a scratch path to its physical location. `lockFinals`:
 * the final paths were not known (floating CA) and so are not locked by the caller yet.
 */
export function registerOutputs(store: LocalStore, drvPath: string, outs: PendingOutput[], phys: (p: string) => string,
                                lockFinals: boolean): void {
  const lock = lockFinals ? store.lockPaths(outs.map((o) => o.final)) : { release(): void {} };
  try {
    for (const o of registrationOrder(outs)) {
      if (o.final !== o.scratch) {
        // Already valid (the same content built elsewhere): reuse it, as a temp root of ours.
        if (store.validWithTempRoot(o.final)) {
          store.deleteInvalidPath(o.scratch);
          continue;
        }
        store.deleteInvalidPath(o.final);
        moveIn(phys(o.scratch), store.physical(o.final));
      } else if (store.isValidPath(o.final)) {
        continue;
      }
      store.registerBuiltPath(o.final, { deriver: drvPath, referenceCandidates: o.references, ca: o.ca });
    }
  } finally {
    lock.release();
  }
}

/** Move a built output into the physical store (rename, or copy across file systems). */
export function moveIn(from: string, to: string): void {
  try { fs.lstatSync(from); } catch { return; }
  try {
    fs.renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
    fs.cpSync(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}
