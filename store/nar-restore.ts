// Restoring a NAR onto disk (nix-store --restore): validated while it streams by nar-parse.ts; file
// names cannot escape the destination (no "/", ".", ".."; sorted, so no entry is written twice).
import * as fs from "node:fs";
import { StoreError } from "./errors.js";
import { deleteTree } from "./fs-util.js";
import { parseNar, type NarSource } from "./nar-parse.js";

/** Restores a NAR to `destPhysPath` (which must not exist), validating it fully; on a bad NAR it
 *  throws StoreError and removes whatever it had created. */
export function restoreNar(nar: NarSource, destPhysPath: string): void {
  if (fs.existsSync(destPhysPath) || isSymlink(destPhysPath)) {
    throw new StoreError("bad-nar", `cannot restore NAR: '${destPhysPath}' already exists`, destPhysPath);
  }
  const dest = Buffer.from(destPhysPath);
  const at = (rel: Buffer) => (rel.length ? Buffer.concat([dest, rel]) : dest);
  let fd = -1;
  let fileOff = 0;
  try {
    parseNar(nar, {
      directory(rel) {
        fs.mkdirSync(at(rel), { mode: 0o755 });
      },
      fileStart(rel, executable) {
        fd = fs.openSync(at(rel), "wx", executable ? 0o755 : 0o644);
        fileOff = 0;
      },
      fileData(chunk) {
        let w = 0;
        while (w < chunk.length) w += fs.writeSync(fd, chunk, w, chunk.length - w, fileOff + w);
        fileOff += chunk.length;
      },
      fileEnd() {
        fs.closeSync(fd);
        fd = -1;
      },
      symlink(rel, target) {
        fs.symlinkSync(target, at(rel));
      },
    });
  } catch (e) {
    if (fd >= 0) fs.closeSync(fd);
    fd = -1;
    deleteTree(destPhysPath);
    if (e instanceof StoreError) throw e;
    // e.g. ENAMETOOLONG from a hostile, very deep NAR, or ENOSPC: still a clear, typed error.
    throw new StoreError("bad-nar", `cannot restore NAR to '${destPhysPath}': ${(e as Error).message}`, destPhysPath);
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
