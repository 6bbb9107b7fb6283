// Writing a relinked file back to disk without copying it through JavaScript: only the bytes
// that changed are written. In place when the file may be edited in place (a writable regular
// file with one link, like patchelf does); otherwise into a kernel copy of the input
// (copy_file_range, or a reflink where the file system has them) that is then renamed over the
// destination, so other hard links and read-only files are never modified.
import { chmodSync, closeSync, copyFileSync, fstatSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import type { FileImage } from "./file-image.js";
import { ElfError } from "./errors.js";

/** True when `path` can be edited in place: a regular file with one link and its owner-write bit set. */
export function editableInPlace(path: string): boolean {
  try {
    const st = statSync(path);
    return st.isFile() && st.nlink === 1 && (st.mode & 0o200) !== 0;
  } catch {
    return false;
  }
}

/** Opens for writing, or undefined when that is refused. */
function openForWrite(path: string): number | undefined {
  try {
    return openSync(path, "r+");
  } catch {
    return undefined;
  }
}

/**
 * Writes the edited image of `img.path` to `dest` (which may be the input itself). Nothing is
 * written when `dest` is the input and no byte changed.
 */
export function writeImage(img: FileImage, dest: string): void {
  const input = img.path;
  const changes = img.changes();
  if (dest === input && changes.length === 0 && img.buf.length === img.fileLength) return;
  const fd = dest === input && editableInPlace(input) ? openForWrite(input) : undefined;
  if (fd !== undefined) {
    try { img.writeChanges(fd, changes); } finally { closeSync(fd); }
    return;
  }
  const tmp = `${dest}.tk-relink-${process.pid}`;
  let mode = 0o755;
  try { mode = statSync(input).mode & 0o7777; } catch { /* keep default */ }
  try {
    copyFileSync(input, tmp);
    chmodSync(tmp, mode | 0o200);
    const fd = openSync(tmp, "r+");
    try {
      if (fstatSync(fd).size !== img.fileLength) throw new ElfError("elf-read", `${input} changed while it was relinked`);
      img.writeChanges(fd, changes);
    } finally { closeSync(fd); }
    chmodSync(tmp, mode);
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
