// How a sandboxed build sees its input closure. bwrap re-reads the mount table after every bind, so a
// bind costs in proportion to the binds before it, and binding every input path made a chain of N
// builds (closures of 1…N paths) cost O(N²) mounts. Nix 2.8 hard-links file inputs into its chroot
// instead; tk cannot (its builder runs as the store's owner, so it could chmod a hard-linked store
// file and write to it), so it copies them: each small regular file or symlink of the closure is
// copied (same bytes, mode and times) into the staging store dir — the writable dir bound at the store
// dir, where the builder also creates its outputs — and whatever the builder does to a copy stays
// there. Directories and big files are still bound read-only, as Nix binds directories.
//
// Creating and deleting files costs a journaled metadata write each (~0.1–0.3 ms here), so staging
// dirs are reused from build to build (a chain's next closure is the last one plus one path): a
// reused dir keeps the copies the next build needs, checked unchanged by inode and ctime (which no
// builder can set back: a write, chmod, rename or link of a copy changes it), and loses everything
// else — the outputs moved out, anything a builder left, copies not in the new closure. (On kernels
// before 6.13, without fine-grained ctimes after a stat, a change within the same clock tick as the
// copy keeps its ctime; the store itself is never affected, only a later build's copy.)
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { removeTree } from "./build-dirs.js";

/** Regular files up to this size are copied into the sandbox; bigger ones are bound. */
export const COPY_INPUT_MAX_BYTES = 256 * 1024;

/** A staging store dir and the copies it holds (base name → inode and ctime right after copying). */
interface StagingDir { dir: string; copies: Map<string, { ino: bigint; ctimeNs: bigint }> }

/** A staging store dir handed to one build: bind `dir` at the store dir, and `binds` read-only. */
export interface StagedInputs { dir: string; binds: Map<string, string>; entry: StagingDir }

/** The staging store dirs of one realise call. */
export class StagingStores {
  private root?: string;
  private seq = 0;
  private readonly free: StagingDir[] = [];

  /** A staging store dir holding copies of the small files and symlinks among `inputs` (logical
   *  store path → physical path) under their base names, and nothing else; `binds` are the inputs
   *  left to bind (directories, big files, and what cannot be read here, for bwrap to report). */
  acquire(inputs: Map<string, string>): StagedInputs {
    const entry = this.free.pop() ?? this.fresh();
    const wanted = new Map<string, string>();
    for (const logical of inputs.keys()) wanted.set(path.basename(logical), logical);
    let names: string[];
    try {
      names = fs.readdirSync(entry.dir);
    } catch {
      removeTree(entry.dir); // a builder made its store dir unreadable: start again
      return this.acquire(inputs);
    }
    for (const name of names) {
      const keep = wanted.has(name) && unchanged(path.join(entry.dir, name), entry.copies.get(name));
      if (!keep) {
        entry.copies.delete(name);
        removeTree(path.join(entry.dir, name));
      }
    }
    const binds = new Map<string, string>();
    for (const [name, logical] of wanted) {
      if (entry.copies.has(name)) continue;
      const physical = inputs.get(logical)!;
      const copied = copyInput(physical, path.join(entry.dir, name));
      if (copied === undefined) binds.set(logical, physical);
      else entry.copies.set(name, copied);
    }
    return { dir: entry.dir, binds, entry };
  }

  /** The build is over and its outputs moved out: the dir may serve another build. */
  release(staged: StagedInputs): void {
    this.free.push(staged.entry);
  }

  /** Remove every staging dir (none may be in use). */
  close(): void {
    for (const e of this.free.splice(0)) removeTree(e.dir);
    if (this.root !== undefined) removeTree(this.root);
    this.root = undefined;
  }

  private fresh(): StagingDir {
    this.root ??= fs.mkdtempSync(path.join(os.tmpdir(), "tk-sandbox-"));
    const dir = path.join(this.root, String(++this.seq));
    fs.mkdirSync(dir, { mode: 0o1775 });
    fs.chmodSync(dir, 0o1775); // not reduced by the umask
    return { dir, copies: new Map() };
  }
}

/** True if `p` is still the copy made as `copy` (same inode, untouched since: same ctime). */
function unchanged(p: string, copy: { ino: bigint; ctimeNs: bigint } | undefined): boolean {
  if (copy === undefined) return false;
  const st = fs.lstatSync(p, { bigint: true, throwIfNoEntry: false });
  return st !== undefined && st.ino === copy.ino && st.ctimeNs === copy.ctimeNs;
}

/** Copy a small file or a symlink with its mode and times; undefined for anything else. */
function copyInput(physical: string, target: string): { ino: bigint; ctimeNs: bigint } | undefined {
  const st = fs.lstatSync(physical, { throwIfNoEntry: false });
  if (st === undefined) return undefined;
  if (st.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(physical), target);
    fs.lutimesSync(target, st.atime, st.mtime);
  } else if (st.isFile() && st.size <= COPY_INPUT_MAX_BYTES) {
    fs.copyFileSync(physical, target); // with the file's mode
    fs.utimesSync(target, st.atime, st.mtime);
  } else {
    return undefined;
  }
  const after = fs.lstatSync(target, { bigint: true });
  return { ino: after.ino, ctimeNs: after.ctimeNs };
}
