// ELF numeric constants used by the reader, the stub writer and the relinker (names as in <elf.h>).

/** Object file types. */
export const ET_REL = 1, ET_EXEC = 2, ET_DYN = 3;
/** e_ident[EI_CLASS] and e_ident[EI_DATA] values. */
export const ELFCLASS32 = 1, ELFCLASS64 = 2, ELFDATA2LSB = 1, ELFDATA2MSB = 2;
/** OS ABI values. */
export const ELFOSABI_SYSV = 0, ELFOSABI_GNU = 3;

/** Program header types. */
export const PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6, PT_TLS = 7;
/** GNU program header types. */
export const PT_GNU_EH_FRAME = 0x6474e550, PT_GNU_STACK = 0x6474e551, PT_GNU_RELRO = 0x6474e552,
  PT_GNU_PROPERTY = 0x6474e553;
/** Segment permission flags. */
export const PF_X = 1, PF_W = 2, PF_R = 4;

/** Section header types. */
export const SHT_NULL = 0, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_RELA = 4, SHT_HASH = 5,
  SHT_DYNAMIC = 6, SHT_NOTE = 7, SHT_NOBITS = 8, SHT_REL = 9, SHT_DYNSYM = 11, SHT_GNU_HASH = 0x6ffffff6,
  SHT_GNU_VERDEF = 0x6ffffffd, SHT_GNU_VERNEED = 0x6ffffffe, SHT_GNU_VERSYM = 0x6fffffff;
/** Section flags. */
export const SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4, SHF_TLS = 0x400;
/** Special section indexes. */
export const SHN_UNDEF = 0, SHN_LORESERVE = 0xff00, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2, SHN_XINDEX = 0xffff;

/** Dynamic tags. */
export const DT_NULL = 0, DT_NEEDED = 1, DT_PLTRELSZ = 2, DT_HASH = 4, DT_STRTAB = 5, DT_SYMTAB = 6,
  DT_RELA = 7, DT_STRSZ = 10, DT_SYMENT = 11, DT_SONAME = 14, DT_RPATH = 15, DT_REL = 17, DT_DEBUG = 21,
  DT_JMPREL = 23, DT_RUNPATH = 29, DT_FLAGS = 30, DT_GNU_HASH = 0x6ffffef5, DT_VERSYM = 0x6ffffff0,
  DT_VERDEF = 0x6ffffffc, DT_VERDEFNUM = 0x6ffffffd, DT_VERNEED = 0x6ffffffe, DT_VERNEEDNUM = 0x6fffffff,
  DT_FLAGS_1 = 0x6ffffffb;

/** Symbol types. */
export const STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4, STT_COMMON = 5,
  STT_TLS = 6, STT_GNU_IFUNC = 10;
/** Symbol bindings. */
export const STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2, STB_GNU_UNIQUE = 10;
/** Symbol visibilities. */
export const STV_DEFAULT = 0, STV_INTERNAL = 1, STV_HIDDEN = 2, STV_PROTECTED = 3;

/** Symbol-version constants. */
export const VER_NDX_LOCAL = 0, VER_NDX_GLOBAL = 1, VERSYM_HIDDEN = 0x8000, VERSYM_VERSION = 0x7fff,
  VER_FLG_BASE = 1, VER_FLG_WEAK = 2;

/** Machines tk knows by name (llvm-ifs spelling); others are written as numbers. */
export const MACHINE_NAMES: ReadonlyMap<number, string> = new Map([
  [3, "i386"], [8, "mips"], [20, "ppc"], [21, "ppc64"], [22, "s390x"], [40, "arm"], [62, "x86_64"],
  [183, "aarch64"], [243, "riscv"], [258, "loongarch"],
]);

/** Page size a loader of this machine expects (the alignment of new PT_LOAD segments). */
export function pageSizeFor(machine: number): number {
  return machine === 3 || machine === 62 ? 0x1000 : 0x10000;
}
