// The NAR tree walk (libutil/archive.cc's dump order): yields the NAR of a file tree as framing
// bytes and regular-file pieces for a consumer to read (narPieces), in Nix's entry order (names
// sorted byte-wise), with executables, symlinks, empty files and non-UTF-8 names. The dumps to a
// sink are in nar.ts (serial) and nar-pipeline.ts (a reader thread feeding the main thread).
import * as fs from "node:fs";
import { StoreError } from "./errors.js";
import { fileType, type PathFilter } from "./file-type.js";

const SLASH = Buffer.from("/");
/** NAR string framing of a token: 8-byte little-endian length, bytes, zero padding to 8. */
function frame(...tokens: string[]): Buffer {
  return Buffer.concat(tokens.map((t) => {
    const b = Buffer.from(t);
    const out = Buffer.alloc(8 + b.length + ((8 - (b.length % 8)) % 8));
    out.writeUInt32LE(b.length, 0);
    b.copy(out, 8);
    return out;
  }));
}

// Pre-framed token sequences: the hot path copies these instead of encoding each token.
const T_MAGIC = frame("nix-archive-1");
const T_REGULAR = frame("(", "type", "regular");
const T_EXECUTABLE = frame("executable", "");
const T_CONTENTS = frame("contents");
const T_DIRECTORY = frame("(", "type", "directory");
const T_ENTRY_NAME = frame("entry", "(", "name");
const T_NODE = frame("node");
const T_CLOSE = frame(")");
const T_SYMLINK_TARGET = frame("(", "type", "symlink", "target");

/** A file-system path: a string, or raw bytes below a name that is not valid UTF-8. */
export type FsPath = string | Buffer;

/** The contents of one regular file inside a NAR, to be read by whoever consumes the pieces. */
export interface FilePiece {
  path: FsPath;
  size: number;
  executable: boolean;
}

/** Told about the other nodes as the walk reaches them (before their contents): lets a consumer
 *  mirror the tree while it hashes it (copy-hashing.ts). Empty files come as file pieces too. */
export interface NarVisitor {
  directory(path: FsPath): void;
  symlink(path: FsPath, target: Buffer): void;
}

/** A piece of a NAR: framing bytes (valid only until the walk resumes) or a file's contents. */
export type NarPiece = Buffer | FilePiece;

/** Accumulates framing bytes in one reused buffer between file pieces. */
class Framing {
  private buf = Buffer.allocUnsafe(64 * 1024);
  pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  raw(b: Buffer): void {
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  int(n: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(n % 0x100000000, this.pos);
    this.buf.writeUInt32LE(Math.floor(n / 0x100000000), this.pos + 4);
    this.pos += 8;
  }

  pad(len: number): void {
    const p = (8 - (len % 8)) % 8;
    this.ensure(p);
    this.buf.fill(0, this.pos, this.pos + p);
    this.pos += p;
  }

  str(b: Buffer): void {
    this.int(b.length);
    this.raw(b);
    this.pad(b.length);
  }

  /** A NAR string from a JS string (UTF-8), without an intermediate Buffer. */
  text(s: string): void {
    const len = Buffer.byteLength(s);
    this.int(len);
    this.ensure(len);
    this.pos += this.buf.write(s, this.pos, "utf8");
    this.pad(len);
  }

  /** The bytes so far (a view, valid until the next write), and starts afresh. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.pos = 0;
    return out;
  }
}

const ASCII = /^[\x00-\x7f]*$/;
const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Directory entries sorted byte-wise (Nix's order). Strings (string readdir is several times
 *  faster than Buffer readdir; for ASCII names code-unit order is byte order); raw bytes only when a
 *  name is not valid UTF-8 (shown as U+FFFD). */
function sortedEntries(dir: FsPath): FsPath[] {
  const names = fs.readdirSync(dir);
  if (names.every((n) => ASCII.test(n))) return names.sort();
  if (!names.some((n) => n.includes("\uFFFD"))) return names.sort(utf8Order);
  return fs.readdirSync(dir, { encoding: "buffer" }).sort(Buffer.compare);
}

function childPath(dir: FsPath, name: FsPath): FsPath {
  if (typeof dir === "string" && typeof name === "string") return dir + "/" + name;
  return Buffer.concat([Buffer.from(dir), SLASH, Buffer.from(name)]);
}

function* walk(f: Framing, path: FsPath, st: fs.Stats, filter?: PathFilter, visit?: NarVisitor): Generator<NarPiece> {
  if (st.isFile()) {
    const executable = (st.mode & 0o100) !== 0;
    f.raw(T_REGULAR);
    if (executable) f.raw(T_EXECUTABLE);
    f.raw(T_CONTENTS);
    f.int(st.size);
    if (st.size > 0 || visit) {
      yield f.take();
      yield { path, size: st.size, executable };
    }
    f.pad(st.size);
  } else if (st.isDirectory()) {
    visit?.directory(path);
    f.raw(T_DIRECTORY);
    for (const name of sortedEntries(path)) {
      const child = childPath(path, name);
      const cst = fs.lstatSync(child);
      if (filter && !filter(child.toString(), fileType(cst))) continue;
      f.raw(T_ENTRY_NAME);
      if (typeof name === "string") f.text(name);
      else f.str(name);
      f.raw(T_NODE);
      yield* walk(f, child, cst, filter, visit);
      f.raw(T_CLOSE);
    }
  } else if (st.isSymbolicLink()) {
    const target = fs.readlinkSync(path, { encoding: "buffer" });
    visit?.symlink(path, target);
    f.raw(T_SYMLINK_TARGET);
    f.str(target);
  } else {
    throw new StoreError("bad-nar", `file '${path}' has an unsupported type`, path.toString());
  }
  f.raw(T_CLOSE);
}

/** The NAR of the tree at `physPath` as a sequence of pieces, in order; `filter` (if given) decides
 *  for every entry below the root whether it is included. Framing pieces are views into a reused
 *  buffer: copy them before resuming the generator. With a visitor, empty files are pieces too. */
export function* narPieces(physPath: string, filter?: PathFilter, visit?: NarVisitor): Generator<NarPiece> {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(physPath);
  } catch (e) {
    throw new StoreError("bad-path", `cannot read '${physPath}': ${(e as Error).message}`, physPath);
  }
  const f = new Framing();
  f.raw(T_MAGIC);
  yield* walk(f, physPath, st, filter, visit);
  yield f.take();
}

/** The error for a file that ended before the size lstat gave. */
export function shrankError(path: FsPath): StoreError {
  return new StoreError("bad-nar", `file '${path}' shrank while it was being serialised`, path.toString());
}

/** The NAR of a single regular, non-executable file with these contents (Nix's dumpString). */
export function narOfBytes(contents: Uint8Array): Buffer {
  const f = new Framing();
  f.raw(T_MAGIC);
  f.raw(T_REGULAR);
  f.raw(T_CONTENTS);
  f.str(Buffer.from(contents.buffer, contents.byteOffset, contents.length));
  f.raw(T_CLOSE);
  return Buffer.from(f.take());
}
