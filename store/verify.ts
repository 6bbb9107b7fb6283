// Store verification (`tk store verify`): every valid path must exist and match its content address
// (if it has one); with checkContents its NAR hash must match the database; leftovers (invalid
// entries) are reported. Repair invalidates broken paths together with everything that refers to
// them, so they can be rebuilt or re-added.
import * as fs from "node:fs";
import { isContentAddressed } from "./content-address.js";
import { deleteTree, pathExists } from "./fs-util.js";
import { hashEquals } from "./hash.js";
import type { LocalStore } from "./local-store.js";
import { STAGING_DIR } from "./local-store.js";
import { narHashOf } from "./nar.js";
import { isStorePath } from "./path.js";

/** One problem found by verifyStore. */
export interface VerifyProblem {
  path: string;
  kind: "missing" | "hash-mismatch" | "bad-ca" | "leftover";
  message: string;
}

/** What verifyStore found and (with repair) did. */
export interface VerifyResult {
  checked: number;
  problems: VerifyProblem[];
  invalidated: string[];
}

/** Checks the store; see the module comment. */
export function verifyStore(store: LocalStore, opts: { checkContents?: boolean; repair?: boolean } = {}): VerifyResult {
  const problems: VerifyProblem[] = [];
  const all = store.queryAllValidPaths();
  for (const p of all) {
    const phys = store.physical(p);
    if (!pathExists(phys)) {
      problems.push({ path: p, kind: "missing", message: `path '${p}' is valid but missing from disk` });
      continue;
    }
    const info = store.queryPathInfo(p)!;
    if (info.ca && !isContentAddressed(store.config.storeDir, info)) {
      problems.push({ path: p, kind: "bad-ca", message: `path '${p}' does not match its content address '${info.ca}'` });
    }
    if (opts.checkContents) {
      const got = narHashOf(phys);
      if (!hashEquals(got.hash, info.narHash) || got.size !== info.narSize) {
        problems.push({ path: p, kind: "hash-mismatch", message: `path '${p}' was modified! expected hash '${info.narHash.bytes.toString("hex")}', got '${got.hash.bytes.toString("hex")}'` });
      }
    }
  }
  for (const n of fs.readdirSync(store.physicalStoreDir)) {
    if (n === STAGING_DIR || n.startsWith(".")) continue;
    const p = `${store.config.storeDir}/${n}`;
    if (isStorePath(store.config.storeDir, p) && !store.isValidPath(p)) {
      problems.push({ path: p, kind: "leftover", message: `path '${p}' is on disk but not valid (leftover)` });
    }
  }
  const invalidated: string[] = [];
  if (opts.repair) {
    const broken = problems.filter((x) => x.kind !== "leftover").map((x) => x.path);
    const doomed = new Set<string>();
    const todo = [...broken];
    while (todo.length) {
      const p = todo.pop()!;
      if (doomed.has(p)) continue;
      doomed.add(p);
      for (const r of store.queryReferrers(p)) todo.push(r);
    }
    // Referrers first, so the database never holds a reference to an invalid path.
    const order = [...doomed].sort((a, b) => depth(store, b, doomed) - depth(store, a, doomed));
    for (const p of order) {
      const lock = store.lockPaths([p]);
      try {
        store.invalidatePath(p);
        deleteTree(store.physical(p));
        invalidated.push(p);
      } finally {
        lock.release();
      }
    }
    for (const x of problems.filter((y) => y.kind === "leftover")) {
      const lock = store.tryLockPath(x.path);
      if (!lock) continue;
      try {
        if (!store.isValidPath(x.path)) deleteTree(store.physical(x.path));
      } finally {
        lock.release();
      }
    }
  }
  return { checked: all.length, problems, invalidated };
}

/** Length of the longest referrer chain above `p` within `set` (referrers get larger depths). */
function depth(store: LocalStore, p: string, set: Set<string>, memo = new Map<string, number>()): number {
  const m = memo.get(p);
  if (m !== undefined) return m;
  memo.set(p, 0);
  let d = 0;
  for (const r of store.queryReferrers(p)) if (r !== p && set.has(r)) d = Math.max(d, depth(store, r, set, memo) + 1);
  memo.set(p, d);
  return d;
}
