// Garbage collection (`tk gc`, `tk store delete`): under the exclusive GC lock, find what is not
// reachable from the roots and delete it referrers-first (invalidate in the DB, then remove files),
// optionally stopping once enough bytes are freed; also sweeps unlocked invalid leftovers.
import * as fs from "node:fs";
import { StoreError } from "./errors.js";
import { deleteTree } from "./fs-util.js";
import { findRoots, liveClosure } from "./gc-roots.js";
import { lockFile } from "./locks.js";
import { STAGING_DIR, type LocalStore } from "./local-store.js";
import { isStorePath } from "./path.js";

/** What a collection did (or, in a dry run, would do). */
export interface GcResult {
  deleted: string[];
  bytesFreed: number;
  leftoversRemoved: string[];
}

/** Options of collectGarbage. */
export interface GcOptions {
  dryRun?: boolean;
  maxFreed?: number;
}

/** Orders dead paths so that every path comes after all of its (dead) referrers. */
function referrersFirst(store: LocalStore, dead: Set<string>): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (p: string, stack: Set<string>) => {
    if (done.has(p) || stack.has(p)) return;
    stack.add(p);
    for (const r of store.queryReferrers(p)) if (r !== p && dead.has(r)) visit(r, stack);
    stack.delete(p);
    done.add(p);
    order.push(p);
  };
  for (const p of [...dead].sort()) visit(p, new Set());
  return order;
}

function deleteValid(store: LocalStore, p: string): number {
  const size = store.queryPathInfo(p)?.narSize ?? 0;
  store.invalidatePath(p);
  deleteTree(store.physical(p));
  return size;
}

/** Removes store-dir entries that are not valid, not roots (a live process's temp root may be placed
 *  but not yet registered: store/deferred-registrations.ts) and not locked by a running builder. */
function sweepLeftovers(store: LocalStore, roots: Set<string>, dryRun: boolean): string[] {
  const removed: string[] = [];
  for (const n of fs.readdirSync(store.physicalStoreDir)) {
    if (n === STAGING_DIR || n.startsWith(".")) continue;
    const p = `${store.config.storeDir}/${n}`;
    if (!isStorePath(store.config.storeDir, p) || roots.has(p) || store.isValidPath(p)) continue;
    const lock = store.tryLockPath(p);
    if (!lock) continue;
    try {
      if (store.isValidPath(p)) continue;
      if (!dryRun) deleteTree(store.physical(p));
      removed.push(p);
    } finally {
      lock.release();
    }
  }
  return removed;
}

/** Deletes every valid path not reachable from a GC root (see GcOptions). */
export function collectGarbage(store: LocalStore, opts: GcOptions = {}): GcResult {
  const gc = lockFile(store.config.stateDir + "/gc.lock");
  try {
    const roots = new Set(findRoots(store).keys());
    const live = liveClosure(store, roots);
    const dead = new Set(store.queryAllValidPaths().filter((p) => !live.has(p)));
    const result: GcResult = { deleted: [], bytesFreed: 0, leftoversRemoved: [] };
    for (const p of referrersFirst(store, dead)) {
      if (opts.maxFreed !== undefined && result.bytesFreed >= opts.maxFreed) break;
      result.bytesFreed += opts.dryRun ? store.queryPathInfo(p)?.narSize ?? 0 : deleteValid(store, p);
      result.deleted.push(p);
    }
    if (opts.maxFreed === undefined) result.leftoversRemoved = sweepLeftovers(store, roots, !!opts.dryRun);
    return result;
  } finally {
    gc.release();
  }
}

/** Deletes specific paths (Nix's `--delete`): refuses paths that are alive or still referenced. */
export function deletePaths(store: LocalStore, paths: string[]): GcResult {
  const gc = lockFile(store.config.stateDir + "/gc.lock");
  try {
    const live = liveClosure(store, findRoots(store).keys());
    const set = new Set(paths);
    for (const p of set) {
      if (!store.isValidPath(p)) throw new StoreError("invalid-path", `cannot delete '${p}': it is not a valid store path`, p);
      if (live.has(p)) throw new StoreError("path-alive", `cannot delete path '${p}' since it is still alive`, p);
      const other = store.queryReferrers(p).find((r) => r !== p && !set.has(r));
      if (other) throw new StoreError("path-in-use", `cannot delete '${p}': it is still referenced by '${other}'`, p);
    }
    const result: GcResult = { deleted: [], bytesFreed: 0, leftoversRemoved: [] };
    for (const p of referrersFirst(store, set)) {
      result.bytesFreed += deleteValid(store, p);
      result.deleted.push(p);
    }
    return result;
  } finally {
    gc.release();
  }
}
