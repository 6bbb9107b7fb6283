// Temporary GC roots: each process appends the store paths it just added or is about to use to
// `<stateDir>/temproots/<pid>`, so a concurrent `tk gc` keeps them while that process lives.
import * as fs from "node:fs";

/** Appends paths to this process's temp-roots file (one write). */
export function addTempRoots(stateDir: string, storePaths: Iterable<string>): void {
  let text = "";
  for (const p of storePaths) text += p + "\n";
  if (!text) return;
  const dir = stateDir + "/temproots";
  const file = `${dir}/${process.pid}`;
  let fd = openRoots.get(file);
  if (fd !== undefined && fs.fstatSync(fd).nlink === 0) {
    fs.closeSync(fd); // the state dir was removed under us (tests reuse names): start a new file
    fd = undefined;
  }
  if (fd === undefined) {
    try {
      fd = fs.openSync(file, "a");
    } catch {
      fs.mkdirSync(dir, { recursive: true });
      fd = fs.openSync(file, "a");
    }
    openRoots.set(file, fd);
  }
  fs.writeSync(fd, text);
}

/** Open temp-roots files of this process (kept open, as Nix does: one open, then one write per
 *  root). A file is append-only and only ever removed once its process is gone. */
const openRoots = new Map<string, number>();

/** Appends one path to this process's temp-roots file. */
export function addTempRoot(stateDir: string, storePath: string): void {
  addTempRoots(stateDir, [storePath]);
}

/** True if a process with this pid exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The temp roots of all live processes; files of dead processes are removed. */
export function readTempRoots(stateDir: string): Set<string> {
  const dir = stateDir + "/temproots";
  const roots = new Set<string>();
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return roots;
  }
  for (const n of names) {
    const pid = Number(n);
    if (!Number.isInteger(pid)) continue;
    if (!processAlive(pid)) {
      fs.rmSync(`${dir}/${n}`, { force: true });
      continue;
    }
    for (const line of fs.readFileSync(`${dir}/${n}`, "utf8").split("\n")) if (line) roots.add(line);
  }
  return roots;
}
