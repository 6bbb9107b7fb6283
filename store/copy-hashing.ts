// Copying a source tree into the store's staging area while computing its NAR hash in the same pass
// (`tk store add`, path imports): every file is read once, and the staged copy is exactly the bytes
// that were hashed, so it needs no second hashing pass to rule out changes between hash and copy.
// Big trees go through the reader thread of nar-pipeline.ts, which reads and writes each file while
// this thread hashes the NAR.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { StoreError } from "./errors.js";
import type { Hash } from "./hash.js";
import { openForReading } from "./nar-chunks.js";
import { runPipelined, type PipelineOptions } from "./nar-pipeline.js";
import { narPieces, shrankError, type FsPath, type NarPiece, type PathFilter } from "./nar.js";

const CHUNK = 1024 * 1024;

/** Options of copyTreeHashing: from how many NAR bytes on a reader thread copies (nar-pipeline.ts). */
export type CopyOptions = Pick<PipelineOptions, "minBytes" | "overlapBytes">;

/** Copies the tree at `src` to `dest` (which must not exist), applying `filter` below the root, and
 *  returns the sha256 and size of its NAR. Files are made as the store keeps them (0444, or 0555 for
 *  executables; mtime 1), so canonicalising the copy only checks them; directories are 0755. */
export function copyTreeHashing(src: string, dest: string, filter?: PathFilter, opts: CopyOptions = {}): { hash: Hash; size: number } {
  const srcLen = Buffer.byteLength(src);
  const destB = Buffer.from(dest);
  // paths below src start with src itself (as a string, or as bytes below a non-UTF-8 name)
  const target = (p: FsPath) => typeof p === "string" ? dest + p.slice(src.length) : Buffer.concat([destB, p.subarray(srcLen)]);
  const sha = createHash("sha256");
  let size = 0;
  const visit = {
    directory: (p: FsPath) => fs.mkdirSync(target(p), { mode: 0o755 }),
    symlink: (p: FsPath, to: Buffer) => fs.symlinkSync(to, target(p)),
  };
  const serial = (pieces: Iterable<NarPiece>) => {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (const piece of pieces) {
      if (Buffer.isBuffer(piece)) {
        sha.update(piece);
        size += piece.length;
      } else {
        copyFile(piece.path, target(piece.path), piece.size, piece.executable, buf, (c) => sha.update(c));
        size += piece.size;
      }
    }
  };
  const sink = (c: Buffer) => {
    sha.update(c);
    size += c.length;
  };
  runPipelined(narPieces(src, filter, visit), serial, sink, { ...opts, target });
  return { hash: { algo: "sha256", bytes: sha.digest() }, size };
}

/** Copies one file of `size` bytes through `buf`, showing each chunk to `hash` before writing it. */
function copyFile(from: FsPath, to: FsPath, size: number, executable: boolean, buf: Buffer, hash: (c: Buffer) => void): void {
  const inFd = openForReading(from);
  let outFd: number | undefined;
  try {
    outFd = fs.openSync(to, "wx", executable ? 0o555 : 0o444);
    for (let done = 0; done < size;) {
      const n = fs.readSync(inFd, buf, 0, Math.min(CHUNK, size - done), done);
      if (n === 0) throw shrankError(from);
      const chunk = buf.subarray(0, n);
      hash(chunk);
      for (let w = 0; w < n;) w += fs.writeSync(outFd, chunk, w, n - w);
      done += n;
    }
    fs.futimesSync(outFd, 1, 1);
  } catch (e) {
    if (e instanceof StoreError) throw e;
    throw new StoreError("bad-path", `cannot copy '${from}' into the store: ${(e as Error).message}`, from.toString());
  } finally {
    fs.closeSync(inFd);
    if (outFd !== undefined) fs.closeSync(outFd);
  }
}
