// The serial NAR dump: NAR pieces (nar-walk.ts) gathered into big chunks for a sink, file contents
// read straight into the chunk. dumpPath (nar.ts) uses it for small trees and for sinks that keep
// their chunks; the reader thread of nar-pipeline.ts takes over for big ones.
import * as fs from "node:fs";
import { StoreError } from "./errors.js";
import { shrankError, type NarPiece } from "./nar-walk.js";

/** Size of the chunks dumpPath hands to its sink (the last one may be shorter). */
export const NAR_CHUNK = 1024 * 1024;

/** Feeds `pieces` to `sink` in chunks of NAR_CHUNK bytes (the last one may be shorter): fresh
 *  buffers the sink may keep, or with `borrow` one buffer reused for every chunk. */
export function chunkPieces(pieces: Iterable<NarPiece>, sink: (chunk: Buffer) => void, borrow: boolean): void {
  let buf = Buffer.allocUnsafe(NAR_CHUNK);
  let pos = 0;
  const flush = () => {
    sink(buf.subarray(0, pos));
    if (!borrow) buf = Buffer.allocUnsafe(NAR_CHUNK);
    pos = 0;
  };
  for (const piece of pieces) {
    if (Buffer.isBuffer(piece)) {
      for (let off = 0; off < piece.length;) {
        if (pos === NAR_CHUNK) flush();
        const n = piece.copy(buf, pos, off);
        pos += n;
        off += n;
      }
      continue;
    }
    const fd = openForReading(piece.path);
    try {
      for (let done = 0; done < piece.size;) {
        if (pos === NAR_CHUNK) flush();
        const n = fs.readSync(fd, buf, pos, Math.min(NAR_CHUNK - pos, piece.size - done), done);
        if (n === 0) throw shrankError(piece.path);
        pos += n;
        done += n;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  if (pos > 0) flush();
}

/** Opens a file of the tree for reading; failing (vanished, unreadable) is a StoreError naming it. */
export function openForReading(path: string | Buffer): number {
  try {
    return fs.openSync(path, "r");
  } catch (e) {
    throw unreadableError(path, (e as Error).message);
  }
}

/** The error for a file of the tree that cannot be read. */
export function unreadableError(path: string | Buffer, why: string): StoreError {
  return new StoreError("bad-path", `cannot read '${path}' to serialise it: ${why}`, path.toString());
}
