// Temporary build directories. One realise call makes one private temp dir (`tk-build-XXXXXX`, mode
// 0700) on first use; build n gets `<root>/<n>` as its build dir, `<n>.log` (its output, when that is
// not followed live), and for a sandboxed build `<n>.store` (a staging store; realise uses the reused
// ones of sandbox-inputs.ts instead) and `<n>.args` (bwrap's options). Directory creation and removal
// are journaled file-system operations that cost ~0.3 ms or more each here, so a build dir its build
// left empty and untouched (still 0700) is handed to the next build as it is — an empty 0700 directory
// is what a fresh one would be; anything else is removed in the background, off the event loop. A
// build dir kept after a failure (--keep-failed) is renamed `<n>-<name>`. close() waits for the
// removals and removes the root.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One build's temporary places. */
export interface BuildDirs {
  /** The build dir (NIX_BUILD_TOP), empty when handed out. */
  buildDir: string;
  /** The sandbox's staging store dir (created by makeStagingStore). */
  staging: string;
  /** A file for bwrap's options when they are too long for the command line. */
  argsFile: string;
  /** Where the builder's output is collected when it is not followed live (removed with the dirs). */
  logFile: string;
  /** Set when the build ran sandboxed (only then are staging and argsFile there to remove). */
  sandboxed?: boolean;
}

/** Make `p` and every directory below it writable by its owner, so it can be removed. */
function makeWritable(p: string): void {
  let st: fs.Stats;
  try { st = fs.lstatSync(p); } catch { return; }
  if (!st.isDirectory()) return;
  try { fs.chmodSync(p, 0o755); } catch { /* not ours */ }
  for (const e of fs.readdirSync(p)) makeWritable(path.join(p, e));
}

/** Remove a tree, making read-only dirs (a builder may leave them) writable first. */
export function removeTree(p: string): void {
  try { fs.rmSync(p, { recursive: true, force: true }); } catch {
    makeWritable(p);
    fs.rmSync(p, { recursive: true, force: true });
  }
}

/** True if `dir` is an empty directory with mode 0700, owned by us: as good as a fresh one. */
function reusable(dir: string): boolean {
  try {
    const st = fs.lstatSync(dir);
    return st.isDirectory() && (st.mode & 0o7777) === 0o700 && st.uid === process.getuid?.() && fs.readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}

/** The build dirs of one realise call (or of one test). */
export class BuildDirPool {
  private root?: string;
  private seq = 0;
  private readonly spare: string[] = [];
  private readonly pending = new Set<Promise<void>>();

  /** An empty build dir for a build (a fresh one, or one an earlier build left empty). */
  make(): BuildDirs {
    this.root ??= fs.mkdtempSync(path.join(os.tmpdir(), "tk-build-"));
    const n = ++this.seq;
    let dir = this.spare.pop();
    if (dir === undefined) {
      dir = path.join(this.root, String(n));
      fs.mkdirSync(dir, { mode: 0o700 });
    }
    // Per build, not per (reused) build dir: an earlier build's staging dir may still be going away.
    const other = path.join(this.root, String(n));
    return { buildDir: dir, staging: other + ".store", argsFile: other + ".args", logFile: other + ".log" };
  }

  /** Done with a build's dirs: the build dir is reused when empty and untouched, else removed in
   *  the background, as are a sandboxed build's staging dir and options file. */
  remove(dirs: BuildDirs): void {
    if (reusable(dirs.buildDir)) this.spare.push(dirs.buildDir);
    else this.removeLater(dirs.buildDir);
    this.removeSideFiles(dirs);
  }

  /** Keep a failed build's dir, renamed `<n>-<drvName>`; returns its path. */
  keep(dirs: BuildDirs, drvName: string): string {
    this.removeSideFiles(dirs);
    const kept = `${dirs.buildDir}-${drvName.slice(0, 60)}`;
    try {
      fs.renameSync(dirs.buildDir, kept);
      return kept;
    } catch {
      return dirs.buildDir;
    }
  }

  private removeSideFiles(dirs: BuildDirs): void {
    this.track(fs.promises.unlink(dirs.logFile).catch(() => undefined));
    if (!dirs.sandboxed) return;
    this.removeLater(dirs.staging);
    this.track(fs.promises.unlink(dirs.argsFile).catch(() => undefined));
  }

  private removeLater(dir: string): void {
    this.track(fs.promises.rmdir(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return;
      return fs.promises.rm(dir, { recursive: true, force: true }).catch(() => removeTree(dir));
    }).catch(() => undefined));
  }

  private track(work: Promise<void>): void {
    const p: Promise<void> = work.finally(() => { this.pending.delete(p); });
    this.pending.add(p);
  }

  /** Wait for background removals, then remove the spare dirs and the root (unless a kept build dir
   *  is in it). */
  async close(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    for (const d of this.spare.splice(0)) { try { fs.rmdirSync(d); } catch { removeTree(d); } }
    if (this.root === undefined) return;
    try { fs.rmdirSync(this.root); } catch { /* a kept failed build dir */ }
    this.root = undefined;
  }
}
