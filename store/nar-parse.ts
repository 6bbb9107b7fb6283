// A validating, streaming NAR parser (archive.cc parseDump with every check of spec §5): reads chunks
// from a Buffer or an iterable of Buffers and reports nodes to a visitor without buffering file contents.
import { StoreError } from "./errors.js";

/** A whole NAR in memory, or its chunks in order. */
export type NarSource = Buffer | Iterable<Buffer>;

/** Receives the nodes of a NAR in order; `rel` is "" for the root, else "/a/b" (raw bytes). */
export interface NarVisitor {
  directory(rel: Buffer): void;
  fileStart(rel: Buffer, executable: boolean, size: number, narOffset: number): void;
  fileData(chunk: Buffer): void;
  fileEnd(): void;
  symlink(rel: Buffer, target: Buffer): void;
}

const MAX_TOKEN = 4096;
const SLASH = Buffer.from("/");

class Reader {
  private it: Iterator<Buffer>;
  private cur: Buffer = Buffer.alloc(0);
  private off = 0;
  /** Bytes consumed so far. */
  pos = 0;

  constructor(src: NarSource) {
    this.it = (Buffer.isBuffer(src) ? [src] : src)[Symbol.iterator]();
  }

  fail(msg: string): never {
    throw new StoreError("bad-nar", `invalid NAR at byte ${this.pos}: ${msg}`);
  }

  private fill(): boolean {
    while (this.off >= this.cur.length) {
      const n = this.it.next();
      if (n.done) return false;
      this.cur = n.value;
      this.off = 0;
    }
    return true;
  }

  /** Calls `f` with consecutive pieces totalling exactly n bytes. */
  pieces(n: number, f: (b: Buffer) => void): void {
    while (n > 0) {
      if (!this.fill()) this.fail("unexpected end of archive (truncated NAR)");
      const take = Math.min(n, this.cur.length - this.off);
      f(this.cur.subarray(this.off, this.off + take));
      this.off += take;
      this.pos += take;
      n -= take;
    }
  }

  bytes(n: number): Buffer {
    if (this.fill() && this.cur.length - this.off >= n) {
      const b = this.cur.subarray(this.off, this.off + n);
      this.off += n;
      this.pos += n;
      return b;
    }
    const parts: Buffer[] = [];
    this.pieces(n, (b) => parts.push(b));
    return Buffer.concat(parts);
  }

  int(): number {
    const b = this.bytes(8);
    const hi = b.readUInt32LE(4);
    if (hi >= 0x200000) this.fail("integer too large");
    return hi * 0x100000000 + b.readUInt32LE(0);
  }

  padding(len: number): void {
    const p = (8 - (len % 8)) % 8;
    if (p && !this.bytes(p).every((x) => x === 0)) this.fail("non-zero padding");
  }

  str(max = MAX_TOKEN): Buffer {
    const len = this.int();
    if (len > max) this.fail(`string of ${len} bytes is too long`);
    const b = Buffer.from(this.bytes(len));
    this.padding(len);
    return b;
  }

  expect(tok: string): void {
    const s = this.str().toString("latin1");
    if (s !== tok) this.fail(`expected '${tok}', got '${s.slice(0, 40)}'`);
  }

  atEnd(): boolean {
    return !this.fill();
  }
}

function parseNode(r: Reader, rel: Buffer, v: NarVisitor, depth: number): void {
  if (depth > 1000) r.fail("directory nesting too deep");
  r.expect("(");
  r.expect("type");
  const type = r.str().toString("latin1");
  if (type === "regular") {
    let tok = r.str().toString("latin1");
    let executable = false;
    if (tok === "executable") {
      if (r.str().length !== 0) r.fail("'executable' value must be empty");
      executable = true;
      tok = r.str().toString("latin1");
    }
    if (tok !== "contents") r.fail(`expected 'contents', got '${tok.slice(0, 40)}'`);
    const size = r.int();
    v.fileStart(rel, executable, size, r.pos);
    r.pieces(size, (b) => v.fileData(b));
    r.padding(size);
    v.fileEnd();
    r.expect(")");
  } else if (type === "symlink") {
    r.expect("target");
    const target = r.str();
    if (target.length === 0) r.fail("empty symlink target");
    if (target.includes(0)) r.fail("symlink target contains NUL");
    v.symlink(rel, target);
    r.expect(")");
  } else if (type === "directory") {
    v.directory(rel);
    let prev: Buffer | undefined;
    for (;;) {
      const tok = r.str().toString("latin1");
      if (tok === ")") break;
      if (tok !== "entry") r.fail(`expected 'entry' or ')', got '${tok.slice(0, 40)}'`);
      r.expect("(");
      r.expect("name");
      const name = r.str(255);
      const ns = name.toString("latin1");
      if (name.length === 0 || ns === "." || ns === ".." || name.includes(0x2f) || name.includes(0)) {
        r.fail(`invalid file name '${name.toString()}'`);
      }
      if (prev && Buffer.compare(prev, name) >= 0) r.fail(`file name '${name.toString()}' is not sorted or is duplicated`);
      prev = name;
      r.expect("node");
      parseNode(r, Buffer.concat([rel, SLASH, name]), v, depth + 1);
      r.expect(")");
    }
  } else {
    r.fail(`unknown file type '${type.slice(0, 40)}'`);
  }
}

/** Parses and validates a complete NAR, reporting its nodes to `v`; returns the NAR size. */
export function parseNar(src: NarSource, v: NarVisitor): number {
  const r = new Reader(src);
  let magic: string;
  try {
    magic = r.str(64).toString("latin1");
  } catch (e) {
    throw e instanceof StoreError ? new StoreError("bad-nar", "input is not a NAR archive") : e;
  }
  if (magic !== "nix-archive-1") throw new StoreError("bad-nar", "input is not a NAR archive (bad magic)");
  parseNode(r, Buffer.alloc(0), v, 0);
  if (!r.atEnd()) r.fail("trailing data after the archive");
  return r.pos;
}

/** One entry of a NAR listing. */
export interface NarEntry {
  path: string;
  type: "regular" | "directory" | "symlink";
  size?: number;
  executable?: boolean;
  narOffset?: number;
  target?: string;
}

/** Lists every node of a NAR (paths relative to its root, "" for the root), validating it. */
export function listNar(src: NarSource): NarEntry[] {
  const out: NarEntry[] = [];
  parseNar(src, {
    directory: (rel) => out.push({ path: rel.toString(), type: "directory" }),
    fileStart: (rel, executable, size, narOffset) => out.push({ path: rel.toString(), type: "regular", size, executable, narOffset }),
    fileData: () => {},
    fileEnd: () => {},
    symlink: (rel, target) => out.push({ path: rel.toString(), type: "symlink", target: target.toString() }),
  });
  return out;
}
