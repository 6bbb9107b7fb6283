// Parses and validates the ELF file header (e_ident and the Ehdr fields) of ELF32/ELF64, LE/BE.
import { ElfBytes, type RangeLoader } from "./bytes.js";
import { ElfError } from "./errors.js";
import { ELFCLASS32, ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB } from "./constants.js";

/** The ELF header fields tk uses. */
export interface ElfHeader {
  is64: boolean;
  le: boolean;
  osabi: number;
  abiVersion: number;
  type: number;
  machine: number;
  entry: number;
  phoff: number;
  shoff: number;
  flags: number;
  ehsize: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

/**
 * Reads the header of `buf`; throws ElfError for anything that is not a sane ELF header. With
 * `load`, `buf` is filled lazily and the returned ElfBytes loads every range it checks.
 */
export function readHeader(buf: Buffer, where = "", load?: RangeLoader): { header: ElfHeader; bytes: ElfBytes } {
  const w = where || undefined;
  load?.(0, Math.min(buf.length, 64));
  if (buf.length < 16 || buf[0] !== 0x7f || buf[1] !== 0x45 || buf[2] !== 0x4c || buf[3] !== 0x46) {
    throw new ElfError("elf-not-elf", "not an ELF file (bad magic)", w);
  }
  const cls = buf[4], data = buf[5];
  if (cls !== ELFCLASS32 && cls !== ELFCLASS64) throw new ElfError("elf-bad-class", `unknown ELF class ${cls}`, w);
  if (data !== ELFDATA2LSB && data !== ELFDATA2MSB) throw new ElfError("elf-bad-data", `unknown ELF data encoding ${data}`, w);
  if (buf[6] !== 1) throw new ElfError("elf-bad-version", `unknown ELF version ${buf[6]}`, w);
  const is64 = cls === ELFCLASS64;
  const b = new ElfBytes(buf, is64, data === ELFDATA2LSB, where, load);
  const ehsize = is64 ? 64 : 52;
  b.check(0, ehsize, "ELF header");
  const W = is64 ? 8 : 4;
  const o = 24 + 3 * W; // e_flags
  const header: ElfHeader = {
    is64, le: b.le, osabi: buf[7], abiVersion: buf[8],
    type: b.u16(16), machine: b.u16(18),
    entry: b.word(24), phoff: b.word(24 + W), shoff: b.word(24 + 2 * W),
    flags: b.u32(o), ehsize: b.u16(o + 4), phentsize: b.u16(o + 6), phnum: b.u16(o + 8),
    shentsize: b.u16(o + 10), shnum: b.u16(o + 12), shstrndx: b.u16(o + 14),
  };
  if (header.phnum > 0 && header.phentsize !== (is64 ? 56 : 32)) {
    throw new ElfError("elf-bad-header", `unexpected program header entry size ${header.phentsize}`, w);
  }
  if (header.shnum > 0 && header.shentsize !== (is64 ? 64 : 40)) {
    throw new ElfError("elf-bad-header", `unexpected section header entry size ${header.shentsize}`, w);
  }
  return { header, bytes: b };
}
