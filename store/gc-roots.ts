// GC roots: symlinks under `<stateDir>/gcroots` pointing into the store (direct roots), or pointing
// at symlinks elsewhere that point into the store (indirect roots such as `result`, in gcroots/auto),
// plus the temp roots of live processes.
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalStore } from "./local-store.js";
import { toStorePath } from "./path.js";
import { readTempRoots } from "./temp-roots.js";

/** Maps a symlink target (logical or physical) to the store path it lies in, if any. */
function storePathOfTarget(store: LocalStore, target: string): string | undefined {
  const { storeDir } = store.config;
  const phys = store.physicalStoreDir;
  let logical: string | undefined;
  if (target.startsWith(phys + "/")) logical = storeDir + target.slice(phys.length);
  else if (target.startsWith(storeDir + "/")) logical = target;
  if (!logical) return undefined;
  try {
    return toStorePath(storeDir, logical);
  } catch {
    return undefined;
  }
}

/** Root store paths, each with the files that root it; stale indirect roots are removed. */
export function findRoots(store: LocalStore): Map<string, string[]> {
  const roots = new Map<string, string[]>();
  const rootsDir = store.config.stateDir + "/gcroots";
  const autoDir = rootsDir + "/auto";
  const add = (p: string, by: string) => {
    const l = roots.get(p);
    if (l) l.push(by);
    else roots.set(p, [by]);
  };
  const walk = (file: string) => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(file);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const n of fs.readdirSync(file)) walk(file + "/" + n);
      return;
    }
    if (!st.isSymbolicLink()) return;
    const target = path.resolve(path.dirname(file), fs.readlinkSync(file));
    const direct = storePathOfTarget(store, target);
    if (direct) {
      add(direct, file);
      return;
    }
    // Indirect root: the link names another symlink (e.g. ./result) that points into the store.
    let tst: fs.Stats | undefined;
    try {
      tst = fs.lstatSync(target);
    } catch {
      tst = undefined;
    }
    if (!tst) {
      if (file.startsWith(autoDir + "/")) fs.rmSync(file, { force: true }); // the link it named is gone
      return;
    }
    if (tst.isSymbolicLink()) {
      const p = storePathOfTarget(store, path.resolve(path.dirname(target), fs.readlinkSync(target)));
      if (p) add(p, target);
    }
  };
  walk(rootsDir);
  for (const p of readTempRoots(store.config.stateDir)) add(p, "{temp}");
  return roots;
}

/** Everything reachable from the roots, plus (keep-derivations) the valid derivers of live paths. */
export function liveClosure(store: LocalStore, roots: Iterable<string>): Set<string> {
  const live = new Set<string>();
  const todo = [...roots].filter((p) => store.isValidPath(p));
  while (todo.length) {
    const p = todo.pop()!;
    if (live.has(p)) continue;
    live.add(p);
    const info = store.queryPathInfo(p);
    if (!info) continue;
    for (const r of info.references) if (!live.has(r)) todo.push(r);
    if (info.deriver && !live.has(info.deriver) && store.isValidPath(info.deriver)) todo.push(info.deriver);
  }
  return live;
}
