// Temporary build directories. One realise call makes one private temp dir (`tk-build-XXXXXX`, mode
// 0700) on first use; each build gets `<root>/<n>-<name>` as its build dir (one mkdir), plus for a
// sandboxed build `<n>-<name>.store` (the staging store) and `<n>-<name>.args` (bwrap's options).
// Removal happens in the background, off the event loop (one rmdir per dir when the build left it
// empty); close() waits for it and removes the root.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One build's temporary places. */
export interface BuildDirs {
  /** The build dir (NIX_BUILD_TOP), created empty. */
  buildDir: string;
  /** The sandbox's staging store dir (created by makeStagingStore). */
  staging: string;
  /** A file for bwrap's options when they are too long for the command line. */
  argsFile: string;
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

/** The build dirs of one realise call (or of one test). */
export class BuildDirPool {
  private root?: string;
  private seq = 0;
  private readonly pending = new Set<Promise<void>>();

  /** Make a fresh, empty build dir for a derivation named `drvName`. */
  make(drvName: string): BuildDirs {
    this.root ??= fs.mkdtempSync(path.join(os.tmpdir(), "tk-build-"));
    const base = path.join(this.root, `${++this.seq}-${drvName.slice(0, 60)}`);
    fs.mkdirSync(base, { mode: 0o700 });
    return { buildDir: base, staging: base + ".store", argsFile: base + ".args" };
  }

  /** Remove a build's dirs (all but the build dir itself with `keepBuildDir`) in the background, off
   *  the event loop: one rmdir each when they are empty, else a recursive removal. */
  remove(dirs: BuildDirs, keepBuildDir = false): void {
    if (!keepBuildDir) this.removeLater(dirs.buildDir);
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

  /** Wait for background removals, then remove the root unless something was kept in it. */
  async close(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.root === undefined) return;
    try { fs.rmdirSync(this.root); } catch { /* a kept failed build dir */ }
    this.root = undefined;
  }
}
