// Section headers: reading the table and the section names from .shstrtab.
import type { ElfBytes } from "./bytes.js";
import type { ElfHeader } from "./read-header.js";
import { ElfError } from "./errors.js";
import { SHT_NOBITS } from "./constants.js";

/** One section header, with its name resolved. */
export interface Section {
  index: number; name: string; nameOff: number; type: number; flags: number; addr: number; offset: number;
  size: number; link: number; info: number; addralign: number; entsize: number;
}

/** Reads the section header table; an empty list when there is none (e_shoff or e_shnum zero). */
export function readSections(b: ElfBytes, h: ElfHeader): Section[] {
  if (h.shoff === 0 || h.shnum === 0) return [];
  b.check(h.shoff, h.shnum * h.shentsize, "section header table");
  const out: Section[] = [];
  for (let i = 0; i < h.shnum; i++) {
    const p = h.shoff + i * h.shentsize;
    const s: Section = b.is64
      ? { index: i, name: "", nameOff: b.u32(p), type: b.u32(p + 4), flags: b.u64(p + 8), addr: b.u64(p + 16),
          offset: b.u64(p + 24), size: b.u64(p + 32), link: b.u32(p + 40), info: b.u32(p + 44),
          addralign: b.u64(p + 48), entsize: b.u64(p + 56) }
      : { index: i, name: "", nameOff: b.u32(p), type: b.u32(p + 4), flags: b.u32(p + 8), addr: b.u32(p + 12),
          offset: b.u32(p + 16), size: b.u32(p + 20), link: b.u32(p + 24), info: b.u32(p + 28),
          addralign: b.u32(p + 32), entsize: b.u32(p + 36) };
    out.push(s);
  }
  const strtab = out[h.shstrndx];
  if (h.shstrndx !== 0 && strtab && strtab.type !== SHT_NOBITS) {
    b.check(strtab.offset, strtab.size, "section name table");
    for (const s of out) {
      if (s.nameOff < strtab.size) s.name = b.cstr(strtab.offset + s.nameOff, strtab.offset + strtab.size, "section name");
    }
  }
  for (const s of out) {
    if (s.type !== SHT_NOBITS && s.type !== 0) b.inFile(s.offset, s.size, `section ${s.name || s.index}`);
  }
  return out;
}

/** Writes the fields of section header `s` back at its index. */
export function writeSection(b: ElfBytes, shoff: number, s: Section): void {
  const p = shoff + s.index * (b.is64 ? 64 : 40);
  if (b.is64) {
    b.set32(p, s.nameOff); b.set32(p + 4, s.type); b.set64(p + 8, s.flags); b.set64(p + 16, s.addr);
    b.set64(p + 24, s.offset); b.set64(p + 32, s.size); b.set32(p + 40, s.link); b.set32(p + 44, s.info);
    b.set64(p + 48, s.addralign); b.set64(p + 56, s.entsize);
  } else {
    b.set32(p, s.nameOff); b.set32(p + 4, s.type); b.set32(p + 8, s.flags); b.set32(p + 12, s.addr);
    b.set32(p + 16, s.offset); b.set32(p + 20, s.size); b.set32(p + 24, s.link); b.set32(p + 28, s.info);
    b.set32(p + 32, s.addralign); b.set32(p + 36, s.entsize);
  }
}

/** The first section of the given type, if any. */
export function findSection(sections: Section[], type: number): Section | undefined {
  return sections.find((s) => s.type === type);
}

/** ElfError helper for a section whose entries have the wrong size. */
export function checkEntsize(s: Section, expected: number, where?: string): void {
  if (s.entsize !== 0 && s.entsize !== expected) {
    throw new ElfError("elf-bad-section", `section ${s.name} has entry size ${s.entsize}, expected ${expected}`, where);
  }
}
