// Bounds-checked, endian- and class-aware access to ELF bytes: every read past the end of the
// buffer becomes an ElfError instead of a crash or garbage, and 64-bit values must fit a JS number.
// Reads go through one DataView over the buffer; hot loops check a whole table once with `check`
// and then read with the unchecked `r16`/`r32`/`rWord`. A buffer may be filled lazily from a file
// (see file-image.ts): `check` then asks the loader for the range before anything reads it.
import { ElfError } from "./errors.js";

/** Makes sure `[off, off+len)` of the buffer holds the file's bytes (for lazily read files). */
export type RangeLoader = (off: number, len: number) => void;

const TWO32 = 0x100000000;

/** Reads (and writes) integers of one ELF class and byte order from a buffer, checking every access. */
export class ElfBytes {
  /** A DataView over exactly `buf`. */
  readonly view: DataView;

  constructor(
    /** The whole file. */
    readonly buf: Buffer,
    /** ELFCLASS64 when true. */
    readonly is64: boolean,
    /** Little-endian when true. */
    readonly le: boolean,
    /** Name used in error messages. */
    readonly where = "",
    /** Set when `buf` is filled lazily: called for every checked range. */
    readonly load?: RangeLoader,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Size in bytes of an address / offset / xword field of this class. */
  get wordSize(): number {
    return this.is64 ? 8 : 4;
  }

  /** Throws unless [off, off+len) lies inside the buffer (and loads it, for a lazily read file). */
  check(off: number, len: number, what: string): void {
    this.inFile(off, len, what);
    if (this.load !== undefined && len > 0) this.load(off, len);
  }

  /** Throws unless [off, off+len) lies inside the buffer; loads nothing (a bounds check only). */
  inFile(off: number, len: number, what: string): void {
    if (!Number.isSafeInteger(off) || !Number.isSafeInteger(len) || off < 0 || len < 0 || off + len > this.buf.length) {
      throw new ElfError("elf-truncated", `${what} at offset ${off} (+${len}) lies outside the file (${this.buf.length} bytes)`, this.where || undefined);
    }
  }

  /** Unsigned byte. */
  u8(off: number, what = "byte"): number {
    this.check(off, 1, what);
    return this.buf[off];
  }

  /** Unsigned 16-bit value. */
  u16(off: number, what = "half"): number {
    this.check(off, 2, what);
    return this.view.getUint16(off, this.le);
  }

  /** Unsigned 32-bit value. */
  u32(off: number, what = "word"): number {
    this.check(off, 4, what);
    return this.view.getUint32(off, this.le);
  }

  /** Unsigned 64-bit value; an ElfError when it exceeds 2^53. */
  u64(off: number, what = "xword"): number {
    this.check(off, 8, what);
    return this.r64(off, what);
  }

  /** An address/offset/size field: 4 bytes in ELF32, 8 in ELF64. */
  word(off: number, what = "address"): number {
    return this.is64 ? this.u64(off, what) : this.u32(off, what);
  }

  /** Unchecked 16-bit read: only after `check` covered the range. */
  r16(off: number): number {
    return this.view.getUint16(off, this.le);
  }

  /** Unchecked 32-bit read: only after `check` covered the range. */
  r32(off: number): number {
    return this.view.getUint32(off, this.le);
  }

  /** Unchecked 64-bit read (only after `check`); still an ElfError when the value exceeds 2^53. */
  r64(off: number, what = "xword"): number {
    const lo = this.view.getUint32(this.le ? off : off + 4, this.le);
    const hi = this.view.getUint32(this.le ? off + 4 : off, this.le);
    if (hi >= 0x200000) {
      throw new ElfError("elf-bad-value", `${what} at offset ${off} is too large (0x${hi.toString(16)}${lo.toString(16).padStart(8, "0")})`, this.where || undefined);
    }
    return hi * TWO32 + lo;
  }

  /** Unchecked address/offset/size read of this class (only after `check`). */
  rWord(off: number, what = "address"): number {
    return this.is64 ? this.r64(off, what) : this.view.getUint32(off, this.le);
  }

  /** A NUL-terminated string starting at `off` that must end before `end`. */
  cstr(off: number, end: number, what = "string"): string {
    const limit = Math.min(end, this.buf.length);
    if (!Number.isSafeInteger(off) || off < 0 || off >= limit) {
      throw new ElfError("elf-bad-string", `${what} offset ${off} lies outside its string table`, this.where || undefined);
    }
    if (this.load !== undefined) this.load(off, limit - off);
    const nul = this.buf.indexOf(0, off);
    if (nul < 0 || nul >= limit) {
      throw new ElfError("elf-bad-string", `${what} at offset ${off} is not NUL-terminated`, this.where || undefined);
    }
    return this.buf.toString("latin1", off, nul);
  }

  /** Writes an unsigned 16-bit value. */
  set16(off: number, v: number): void {
    this.check(off, 2, "write");
    this.view.setUint16(off, v, this.le);
  }

  /** Writes an unsigned 32-bit value. */
  set32(off: number, v: number): void {
    this.check(off, 4, "write");
    this.view.setUint32(off, v >>> 0, this.le);
  }

  /** Writes an unsigned 64-bit value (a safe integer). */
  set64(off: number, v: number): void {
    this.check(off, 8, "write");
    const hi = Math.floor(v / TWO32), lo = v - hi * TWO32;
    this.view.setUint32(this.le ? off : off + 4, lo, this.le);
    this.view.setUint32(this.le ? off + 4 : off, hi, this.le);
  }

  /** Writes an address/offset/size field of this class. */
  setWord(off: number, v: number): void {
    if (this.is64) this.set64(off, v); else this.set32(off, v);
  }
}

/**
 * A string table decoded once (latin1, one byte per character) so that names are cheap slices
 * instead of one buffer decode each. Offsets are relative to the table; errors name file offsets.
 */
export class DecodedStrings {
  private readonly text: string;
  private readonly where: string;

  constructor(b: ElfBytes, private readonly offset: number, size: number) {
    b.check(offset, size, "string table");
    this.text = b.buf.toString("latin1", offset, offset + size);
    this.where = b.where;
  }

  /** The NUL-terminated string at `off` (same rules and errors as `ElfBytes.cstr`). */
  at(off: number, what = "string"): string {
    const t = this.text;
    if (!Number.isSafeInteger(off) || off < 0 || off >= t.length) {
      throw new ElfError("elf-bad-string", `${what} offset ${this.offset + off} lies outside its string table`, this.where || undefined);
    }
    const nul = t.indexOf("\0", off);
    if (nul < 0) throw new ElfError("elf-bad-string", `${what} at offset ${this.offset + off} is not NUL-terminated`, this.where || undefined);
    return t.slice(off, nul);
  }
}
