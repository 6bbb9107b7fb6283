// Copying a source tree into the store's staging area while computing its NAR hash in the same pass
// (`tk store add`, path imports): every file is read once, and the staged copy is exactly the bytes
// that were hashed, so it needs no second hashing pass to rule out changes between hash and copy.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { StoreError } from "./errors.js";
import type { Hash } from "./hash.js";
import { narPieces, shrankError, type FsPath, type PathFilter } from "./nar.js";

const CHUNK = 1024 * 1024;

/** Copies the tree at `src` to `dest` (which must not exist; files 0644/0755, directories 0755),
 *  applying `filter` below the root, and returns the sha256 and size of its NAR. */
export function copyTreeHashing(src: string, dest: string, filter?: PathFilter): { hash: Hash; size: number } {
  const srcLen = Buffer.byteLength(src);
  const destB = Buffer.from(dest);
  // paths below src start with src itself (as a string, or as bytes below a non-UTF-8 name)
  const target = (p: FsPath) => typeof p === "string" ? dest + p.slice(src.length) : Buffer.concat([destB, p.subarray(srcLen)]);
  const sha = createHash("sha256");
  const buf = Buffer.allocUnsafe(CHUNK);
  let size = 0;
  const visit = {
    directory: (p: FsPath) => fs.mkdirSync(target(p), { mode: 0o755 }),
    symlink: (p: FsPath, to: Buffer) => fs.symlinkSync(to, target(p)),
  };
  for (const piece of narPieces(src, filter, visit)) {
    if (Buffer.isBuffer(piece)) {
      sha.update(piece);
      size += piece.length;
      continue;
    }
    const inFd = fs.openSync(piece.path, "r");
    let outFd: number | undefined;
    try {
      outFd = fs.openSync(target(piece.path), "wx", piece.executable ? 0o755 : 0o644);
      for (let done = 0; done < piece.size;) {
        const n = fs.readSync(inFd, buf, 0, Math.min(CHUNK, piece.size - done), done);
        if (n === 0) throw shrankError(piece.path);
        const chunk = buf.subarray(0, n);
        sha.update(chunk);
        for (let w = 0; w < n;) w += fs.writeSync(outFd, chunk, w, n - w);
        done += n;
      }
      size += piece.size;
    } catch (e) {
      if (e instanceof StoreError) throw e;
      throw new StoreError("bad-path", `cannot copy '${piece.path}' into the store: ${(e as Error).message}`, piece.path.toString());
    } finally {
      fs.closeSync(inFd);
      if (outFd !== undefined) fs.closeSync(outFd);
    }
  }
  return { hash: { algo: "sha256", bytes: sha.digest() }, size };
}
