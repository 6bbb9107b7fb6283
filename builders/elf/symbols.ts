// The dynamic symbol table: how many entries it has (section size, or the hash tables when section
// headers are missing) and the decoded entries.
import { endianness } from "node:os";
import { DecodedStrings, type ElfBytes } from "./bytes.js";
import type { AddressMap } from "./segments.js";
import type { Section } from "./sections.js";
import type { DynTable, StrTab } from "./dynamic.js";
import { dynValue } from "./dynamic.js";
import { gnuSymbolCount, sysvSymbolCount } from "./hash-tables.js";
import { ElfError } from "./errors.js";
import { DT_GNU_HASH, DT_HASH, DT_SYMENT, DT_SYMTAB, SHT_DYNSYM } from "./constants.js";

const HOST_LE = endianness() === "LE";

/** One dynamic symbol, decoded. */
export interface ElfSymbol {
  index: number; name: string; nameOff: number; value: number; size: number;
  type: number; bind: number; visibility: number; shndx: number;
}

/** Size of one symbol entry of this class. */
export function symEntrySize(is64: boolean): number {
  return is64 ? 24 : 16;
}

/** Where .dynsym is and how many entries it has. */
export interface SymTabLoc { offset: number; count: number; vaddr: number }

/** Locates the dynamic symbol table from DT_SYMTAB (preferred) or the SHT_DYNSYM section. */
export function locateDynsym(b: ElfBytes, dyn: DynTable | undefined, map: AddressMap, sections: Section[]): SymTabLoc | undefined {
  const es = symEntrySize(b.is64);
  const where = b.where || undefined;
  const sec = sections.find((s) => s.type === SHT_DYNSYM);
  const vaddr = dyn ? dynValue(dyn, DT_SYMTAB) : undefined;
  if (dyn) {
    const syment = dynValue(dyn, DT_SYMENT);
    if (syment !== undefined && syment !== es) throw new ElfError("elf-bad-dynamic", `DT_SYMENT is ${syment}, expected ${es}`, where);
  }
  if (vaddr === undefined) {
    if (!sec) return undefined;
    return { offset: sec.offset, count: Math.floor(sec.size / es), vaddr: sec.addr };
  }
  let count: number | undefined;
  if (sec && sec.addr === vaddr) count = Math.floor(sec.size / es);
  else if (dyn) {
    const h = dynValue(dyn, DT_HASH);
    const g = dynValue(dyn, DT_GNU_HASH);
    if (h !== undefined) count = sysvSymbolCount(b, map(h, 8, "DT_HASH"));
    else if (g !== undefined) count = gnuSymbolCount(b, map(g, 16, "DT_GNU_HASH"));
  }
  if (count === undefined) throw new ElfError("elf-bad-dynamic", "cannot tell the size of the dynamic symbol table", where);
  const offset = map(vaddr, count * es, "DT_SYMTAB");
  return { offset, count, vaddr };
}

/** Reads `loc.count` symbols, resolving names in the dynamic string table unless `names` is false. */
export function readSymbols(b: ElfBytes, loc: SymTabLoc, str: StrTab | undefined, names = true): ElfSymbol[] {
  const es = symEntrySize(b.is64);
  b.check(loc.offset, loc.count * es, "dynamic symbol table");
  const strings = names && str && loc.count > 1 ? new DecodedStrings(b, str.offset, str.size) : undefined;
  const buf = b.buf;
  const out: ElfSymbol[] = new Array(loc.count);
  for (let i = 0; i < loc.count; i++) {
    const p = loc.offset + i * es;
    let value: number, size: number, info: number, other: number, shndx: number;
    const nameOff = b.r32(p);
    if (b.is64) {
      info = buf[p + 4]; other = buf[p + 5]; shndx = b.r16(p + 6);
      value = b.r64(p + 8, "st_value"); size = b.r64(p + 16, "st_size");
    } else {
      value = b.r32(p + 4); size = b.r32(p + 8); info = buf[p + 12]; other = buf[p + 13]; shndx = b.r16(p + 14);
    }
    const name = i === 0 || strings === undefined ? "" : strings.at(nameOff, `name of dynamic symbol ${i}`);
    out[i] = { index: i, name, nameOff, value, size, type: info & 0xf, bind: info >> 4, visibility: other & 3, shndx };
  }
  return out;
}

/** Only the st_name field of each of `loc.count` symbols (index 0 included): what relink needs. */
export function readSymbolNameOffsets(b: ElfBytes, loc: SymTabLoc): Uint32Array {
  const es = symEntrySize(b.is64);
  b.check(loc.offset, loc.count * es, "dynamic symbol table");
  const out = new Uint32Array(loc.count);
  const at = b.buf.byteOffset + loc.offset;
  if (b.le && HOST_LE && at % 4 === 0) {
    // a 32-bit view of the table (same byte order as the host): st_name is each entry's first word
    const words = new Uint32Array(b.buf.buffer, at, (loc.count * es) / 4);
    const step = es / 4;
    for (let i = 0; i < loc.count; i++) out[i] = words[i * step];
    return out;
  }
  for (let i = 0; i < loc.count; i++) out[i] = b.r32(loc.offset + i * es);
  return out;
}
