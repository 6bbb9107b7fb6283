// NAR serialisation (libutil/archive.cc): dumping a file tree to a sync sink in big chunks and the
// NAR hash of a path. Parsing is in nar-parse.ts; restoreNar (nar-restore.ts) is re-exported here.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { StoreError } from "./errors.js";
import { fileType, type PathFilter } from "./file-type.js";
import type { Hash } from "./hash.js";

const CAP = 256 * 1024;
const FILE_CHUNK = 1024 * 1024;
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

/** Buffers small NAR tokens and emits chunks; every emitted chunk is a fresh buffer the sink may keep. */
class NarWriter {
  private buf = Buffer.allocUnsafe(CAP);
  private pos = 0;
  constructor(private readonly sink: (chunk: Buffer) => void) {}

  flush(): void {
    if (this.pos === 0) return;
    this.sink(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(CAP);
    this.pos = 0;
  }

  private ensure(n: number): void {
    if (this.pos + n > CAP) this.flush();
  }

  int(n: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(n % 0x100000000, this.pos);
    this.buf.writeUInt32LE(Math.floor(n / 0x100000000), this.pos + 4);
    this.pos += 8;
  }

  pad(len: number): void {
    const p = (8 - (len % 8)) % 8;
    if (p) {
      this.ensure(p);
      this.buf.fill(0, this.pos, this.pos + p);
      this.pos += p;
    }
  }

  /** Copies pre-framed bytes. */
  raw(b: Buffer): void {
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  str(s: string | Buffer): void {
    const b = typeof s === "string" ? Buffer.from(s) : s;
    this.int(b.length);
    if (b.length + 8 > CAP) {
      this.flush();
      this.sink(Buffer.from(b));
    } else {
      this.ensure(b.length);
      b.copy(this.buf, this.pos);
      this.pos += b.length;
    }
    this.pad(b.length);
  }

  /** Writes a file's contents framed as a NAR string, reading it in big chunks. */
  file(path: Buffer, size: number): void {
    this.int(size);
    const fd = fs.openSync(path, "r");
    try {
      let done = 0;
      if (size + 8 <= CAP - this.pos) {
        done = readFull(fd, this.buf, this.pos, size, 0);
        this.pos += done;
      } else {
        this.flush();
        while (done < size) {
          const chunk = Buffer.allocUnsafe(Math.min(FILE_CHUNK, size - done));
          const n = readFull(fd, chunk, 0, chunk.length, done);
          if (n === 0) break;
          this.sink(n === chunk.length ? chunk : chunk.subarray(0, n));
          done += n;
        }
      }
      if (done !== size) {
        throw new StoreError("bad-nar", `file '${path}' shrank while it was being serialised`, path.toString());
      }
    } finally {
      fs.closeSync(fd);
    }
    this.pad(size);
  }
}

function readFull(fd: number, buf: Buffer, off: number, len: number, position: number): number {
  let got = 0;
  while (got < len) {
    const n = fs.readSync(fd, buf, off + got, len - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Directory entries as raw names sorted byte-wise. String readdir is several times faster than
 *  Buffer readdir; a name that is not valid UTF-8 (shown as U+FFFD) makes us re-read as bytes. */
function sortedEntries(dir: string): Buffer[] {
  const names = fs.readdirSync(dir);
  const raw = names.some((n) => n.includes("\uFFFD"))
    ? fs.readdirSync(dir, { encoding: "buffer" })
    : names.map((n) => Buffer.from(n));
  return raw.sort(Buffer.compare);
}

function dumpNode(w: NarWriter, path: Buffer, st: fs.Stats, filter?: PathFilter): void {
  if (st.isFile()) {
    w.raw(T_REGULAR);
    if (st.mode & 0o100) w.raw(T_EXECUTABLE);
    w.raw(T_CONTENTS);
    w.file(path, st.size);
  } else if (st.isDirectory()) {
    w.raw(T_DIRECTORY);
    for (const name of sortedEntries(path.toString())) {
      const child = Buffer.concat([path, SLASH, name]);
      const cst = fs.lstatSync(child);
      if (filter && !filter(child.toString(), fileType(cst))) continue;
      w.raw(T_ENTRY_NAME);
      w.str(name);
      w.raw(T_NODE);
      dumpNode(w, child, cst, filter);
      w.raw(T_CLOSE);
    }
  } else if (st.isSymbolicLink()) {
    w.raw(T_SYMLINK_TARGET);
    w.str(fs.readlinkSync(path, { encoding: "buffer" }));
  } else {
    throw new StoreError("bad-nar", `file '${path}' has an unsupported type`, path.toString());
  }
  w.raw(T_CLOSE);
}

/** Serialises the file tree at `physPath` as a NAR into `sink`, in chunks of up to 1 MiB; `filter`
 *  (if given) decides for every entry below the root whether it is included. */
export function dumpPath(physPath: string, sink: (chunk: Buffer) => void, filter?: PathFilter): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(physPath);
  } catch (e) {
    throw new StoreError("bad-path", `cannot read '${physPath}': ${(e as Error).message}`, physPath);
  }
  const w = new NarWriter(sink);
  w.raw(T_MAGIC);
  dumpNode(w, Buffer.from(physPath), st, filter);
  w.flush();
}

/** The NAR of a single regular, non-executable file with these contents (Nix's dumpString). */
export function narOfBytes(contents: Uint8Array): Buffer {
  const chunks: Buffer[] = [];
  const w = new NarWriter((c) => chunks.push(c));
  for (const t of ["nix-archive-1", "(", "type", "regular", "contents"]) w.str(t);
  w.str(Buffer.from(contents));
  w.str(")");
  w.flush();
  return Buffer.concat(chunks);
}

/** sha256 and size of the NAR of `physPath` (what `nix hash path` prints). */
export function narHashOf(physPath: string, filter?: PathFilter): { hash: Hash; size: number } {
  const h = createHash("sha256");
  let size = 0;
  dumpPath(physPath, (c) => {
    h.update(c);
    size += c.length;
  }, filter);
  return { hash: { algo: "sha256", bytes: h.digest() }, size };
}

export { restoreNar } from "./nar-restore.js";
export { fileType, type PathFilter } from "./file-type.js";
