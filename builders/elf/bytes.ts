// Bounds-checked, endian- and class-aware access to ELF bytes: every read past the end of the
// buffer becomes an ElfError instead of a crash or garbage, and 64-bit values must fit a JS number.
import { ElfError } from "./errors.js";

/** Reads (and writes) integers of one ELF class and byte order from a buffer, checking every access. */
export class ElfBytes {
  constructor(
    /** The whole file. */
    readonly buf: Buffer,
    /** ELFCLASS64 when true. */
    readonly is64: boolean,
    /** Little-endian when true. */
    readonly le: boolean,
    /** Name used in error messages. */
    readonly where = "",
  ) {}

  /** Size in bytes of an address / offset / xword field of this class. */
  get wordSize(): number {
    return this.is64 ? 8 : 4;
  }

  /** Throws unless [off, off+len) lies inside the buffer. */
  check(off: number, len: number, what: string): void {
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
    return this.le ? this.buf.readUInt16LE(off) : this.buf.readUInt16BE(off);
  }

  /** Unsigned 32-bit value. */
  u32(off: number, what = "word"): number {
    this.check(off, 4, what);
    return this.le ? this.buf.readUInt32LE(off) : this.buf.readUInt32BE(off);
  }

  /** Unsigned 64-bit value; an ElfError when it exceeds 2^53. */
  u64(off: number, what = "xword"): number {
    this.check(off, 8, what);
    const lo = this.le ? this.buf.readUInt32LE(off) : this.buf.readUInt32BE(off + 4);
    const hi = this.le ? this.buf.readUInt32LE(off + 4) : this.buf.readUInt32BE(off);
    if (hi >= 0x200000) {
      throw new ElfError("elf-bad-value", `${what} at offset ${off} is too large (0x${hi.toString(16)}${lo.toString(16).padStart(8, "0")})`, this.where || undefined);
    }
    return hi * 0x100000000 + lo;
  }

  /** An address/offset/size field: 4 bytes in ELF32, 8 in ELF64. */
  word(off: number, what = "address"): number {
    return this.is64 ? this.u64(off, what) : this.u32(off, what);
  }

  /** A NUL-terminated string starting at `off` that must end before `end`. */
  cstr(off: number, end: number, what = "string"): string {
    const limit = Math.min(end, this.buf.length);
    if (!Number.isSafeInteger(off) || off < 0 || off >= limit) {
      throw new ElfError("elf-bad-string", `${what} offset ${off} lies outside its string table`, this.where || undefined);
    }
    const nul = this.buf.indexOf(0, off);
    if (nul < 0 || nul >= limit) {
      throw new ElfError("elf-bad-string", `${what} at offset ${off} is not NUL-terminated`, this.where || undefined);
    }
    return this.buf.toString("latin1", off, nul);
  }

  /** Writes an unsigned 16-bit value. */
  set16(off: number, v: number): void {
    this.check(off, 2, "write");
    if (this.le) this.buf.writeUInt16LE(v, off); else this.buf.writeUInt16BE(v, off);
  }

  /** Writes an unsigned 32-bit value. */
  set32(off: number, v: number): void {
    this.check(off, 4, "write");
    if (this.le) this.buf.writeUInt32LE(v >>> 0, off); else this.buf.writeUInt32BE(v >>> 0, off);
  }

  /** Writes an unsigned 64-bit value. */
  set64(off: number, v: number): void {
    this.check(off, 8, "write");
    if (this.le) this.buf.writeBigUInt64LE(BigInt(v), off); else this.buf.writeBigUInt64BE(BigInt(v), off);
  }

  /** Writes an address/offset/size field of this class. */
  setWord(off: number, v: number): void {
    if (this.is64) this.set64(off, v); else this.set32(off, v);
  }
}
