// File-system helpers of the store: canonicalising a new store path (read-only, mtime 1, no
// setuid/setgid) and deleting read-only trees. (Source trees are copied by copy-hashing.ts.)
import * as fs from "node:fs";
import { StoreError } from "./errors.js";

/** Makes a tree look like Nix store contents: 0444/0555 modes, mtime 1; rejects odd file types. */
export function canonicalisePath(phys: string): void {
  const st = fs.lstatSync(phys);
  if (st.isSymbolicLink()) {
    fs.lutimesSync(phys, 1, 1);
    return;
  }
  if (!st.isFile() && !st.isDirectory()) {
    throw new StoreError("bad-path", `file '${phys}' has an unsupported type (not a file, directory or symlink)`, phys);
  }
  if (st.isDirectory()) {
    if ((st.mode & 0o700) !== 0o700) fs.chmodSync(phys, 0o755);
    for (const n of fs.readdirSync(phys)) canonicalisePath(phys + "/" + n);
  }
  const mode = st.mode & 0o7777;
  const want = 0o444 | (st.mode & 0o100 || st.isDirectory() ? 0o111 : 0);
  if (mode !== want || st.isDirectory()) fs.chmodSync(phys, want);
  if (st.mtimeMs !== 1000 || st.isDirectory()) fs.utimesSync(phys, 1, 1);
}

/** Recursively makes directories writable so the tree can be deleted or changed. */
export function makeWritable(phys: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(phys);
  } catch {
    return;
  }
  if (!st.isDirectory()) return;
  let names: string[];
  try {
    if ((st.mode & 0o700) !== 0o700) fs.chmodSync(phys, (st.mode & 0o7777) | 0o700);
    names = fs.readdirSync(phys);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return; // deleted concurrently
    throw e;
  }
  for (const n of names) makeWritable(phys + "/" + n);
}

/** Deletes a file tree, including read-only store contents; missing paths (or paths another
 *  process deletes at the same time) are fine. */
export function deleteTree(phys: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      makeWritable(phys);
      fs.rmSync(phys, { recursive: true, force: true });
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== "ENOENT" && code !== "ENOTEMPTY")) throw e;
    }
  }
}

/** True if something (even a dangling symlink) exists at `phys`. */
export function pathExists(phys: string): boolean {
  try {
    return fs.lstatSync(phys, { throwIfNoEntry: false }) !== undefined; // no exception when missing
  } catch {
    return false;
  }
}
