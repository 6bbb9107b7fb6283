// The dynamic section: its entries (from PT_DYNAMIC, or the SHT_DYNAMIC section when there is no
// program header) and the string table they point into.
import type { ElfBytes } from "./bytes.js";
import type { Segment } from "./segments.js";
import type { Section } from "./sections.js";
import type { AddressMap } from "./segments.js";
import { ElfError } from "./errors.js";
import { DT_NULL, DT_STRSZ, DT_STRTAB, PT_DYNAMIC, SHT_DYNAMIC, SHT_NOBITS } from "./constants.js";

/** One dynamic entry and where it sits in the file. */
export interface DynEntry { tag: number; val: number; fileOff: number }

/** Where the dynamic table is: file offset, size in bytes, virtual address. */
export interface DynTable { offset: number; size: number; vaddr: number; entries: DynEntry[] }

/** Size of one dynamic entry of this class. */
export function dynEntrySize(is64: boolean): number {
  return is64 ? 16 : 8;
}

/** Locates and reads the dynamic table; undefined for a file without one (static, relocatable). */
export function readDynamic(b: ElfBytes, segments: Segment[], sections: Section[]): DynTable | undefined {
  const where = b.where || undefined;
  let offset: number, size: number, vaddr: number;
  const pt = segments.find((s) => s.type === PT_DYNAMIC);
  const sh = sections.find((s) => s.type === SHT_DYNAMIC);
  if (pt) {
    offset = pt.offset; size = pt.filesz; vaddr = pt.vaddr;
  } else if (sh && sh.type !== SHT_NOBITS) {
    offset = sh.offset; size = sh.size; vaddr = sh.addr;
  } else {
    return undefined;
  }
  const es = dynEntrySize(b.is64);
  b.check(offset, size, "dynamic section");
  const entries: DynEntry[] = [];
  let terminated = false;
  for (let p = offset; p + es <= offset + size; p += es) {
    const tag = b.is64 ? b.u64(p, "dynamic tag") : b.u32(p, "dynamic tag");
    const val = b.word(p + es / 2, "dynamic value");
    if (tag === DT_NULL) { terminated = true; break; }
    entries.push({ tag, val, fileOff: p });
  }
  if (!terminated) throw new ElfError("elf-bad-dynamic", "dynamic section has no DT_NULL terminator", where);
  return { offset, size, vaddr, entries };
}

/** The value of the first entry with `tag`, if any. */
export function dynValue(t: DynTable, tag: number): number | undefined {
  return t.entries.find((e) => e.tag === tag)?.val;
}

/** The dynamic string table (DT_STRTAB/DT_STRSZ) as a file range. */
export interface StrTab { offset: number; size: number; vaddr: number }

/** Resolves DT_STRTAB/DT_STRSZ to a checked file range. */
export function dynStrTab(b: ElfBytes, t: DynTable, map: AddressMap, sections: Section[]): StrTab | undefined {
  const vaddr = dynValue(t, DT_STRTAB);
  if (vaddr === undefined) return undefined;
  let size = dynValue(t, DT_STRSZ);
  const sec = sections.find((s) => s.addr === vaddr && s.type !== SHT_NOBITS && s.addr !== 0);
  if (size === undefined) size = sec?.size;
  if (size === undefined) throw new ElfError("elf-bad-dynamic", "DT_STRTAB without DT_STRSZ", b.where || undefined);
  const offset = map(vaddr, size, "DT_STRTAB");
  b.check(offset, size, "dynamic string table");
  return { offset, size, vaddr };
}

/** Reads a string at `off` of the dynamic string table. */
export function dynString(b: ElfBytes, st: StrTab, off: number, what: string): string {
  return b.cstr(st.offset + off, st.offset + st.size, what);
}
