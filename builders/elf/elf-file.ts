// Parses a whole ELF file into the pieces tk works with: header, segments, sections, dynamic
// table, dynamic strings, dynamic symbols and GNU version tables. Works from PT_DYNAMIC when
// section headers are missing; every malformed input ends in an ElfError.
import { readHeader, type ElfHeader } from "./read-header.js";
import { readSegments, makeAddressMap, type Segment, type AddressMap } from "./segments.js";
import { readSections, type Section } from "./sections.js";
import { readDynamic, dynStrTab, dynValue, dynString, type DynTable, type StrTab } from "./dynamic.js";
import { locateDynsym, readSymbols, readSymbolNameOffsets, type ElfSymbol, type SymTabLoc } from "./symbols.js";
import { readVersym, readVerdefs, readVerneeds, type VerDef, type VerNeed } from "./versions.js";
import type { ElfBytes, RangeLoader } from "./bytes.js";
import { ElfError } from "./errors.js";
import {
  DT_NEEDED, DT_RPATH, DT_RUNPATH, DT_SONAME, DT_VERDEF, DT_VERDEFNUM, DT_VERNEED, DT_VERNEEDNUM, DT_VERSYM,
  PT_INTERP, SHT_GNU_VERDEF, SHT_GNU_VERNEED, SHT_GNU_VERSYM,
} from "./constants.js";

/** Location of a version table: file offset and size limit. */
export interface TableLoc { offset: number; size: number; vaddr: number }

/** Everything tk reads from an ELF file. */
export interface ElfFile {
  header: ElfHeader;
  bytes: ElfBytes;
  segments: Segment[];
  sections: Section[];
  map: AddressMap;
  dynamic?: DynTable;
  strtab?: StrTab;
  dynsym?: SymTabLoc;
  /** The dynamic symbols (empty when parsed with `symbolNames: false`). */
  symbols: ElfSymbol[];
  /** st_name of every dynamic symbol, when parsed with `symbolNames: false`. */
  symbolNameOffs?: Uint32Array;
  /** Number of dynamic symbols. */
  symbolCount: number;
  versym?: Uint16Array;
  versymLoc?: TableLoc;
  verdefs: VerDef[];
  verdefLoc?: TableLoc;
  verneeds: VerNeed[];
  verneedLoc?: TableLoc;
  soname?: string;
  needed: string[];
  rpath?: string;
  runpath?: string;
  interp?: string;
}

/** Finds a version table from its dynamic tag, falling back to the section of the given type. */
function tableLoc(f: { dynamic?: DynTable; map: AddressMap; sections: Section[] }, tag: number, shtype: number, minSize: number): TableLoc | undefined {
  const sec = f.sections.find((s) => s.type === shtype);
  const v = f.dynamic ? dynValue(f.dynamic, tag) : undefined;
  if (v === undefined) return sec ? { offset: sec.offset, size: sec.size, vaddr: sec.addr } : undefined;
  if (sec && sec.addr === v) return { offset: sec.offset, size: sec.size, vaddr: v };
  const offset = f.map(v, minSize, "version table");
  return { offset, size: Number.MAX_SAFE_INTEGER, vaddr: v };
}

/**
 * How much of the symbol table to decode: everything, or (`symbolNames: false`) only the name
 * offsets, in `symbolNameOffs` (what relink needs; much faster on big tables); `load` when `buf` is
 * filled lazily (see file-image.ts).
 */
export interface ParseOptions { symbolNames?: boolean; load?: RangeLoader }

/** Parses `buf` (the whole file); `where` names it in error messages. */
export function parseElf(buf: Buffer, where = "", opts: ParseOptions = {}): ElfFile {
  const { header, bytes } = readHeader(buf, where, opts.load);
  const segments = readSegments(bytes, header);
  const sections = readSections(bytes, header);
  const map = makeAddressMap(segments, sections, where || undefined);
  const dynamic = readDynamic(bytes, segments, sections);
  const strtab = dynamic ? dynStrTab(bytes, dynamic, map, sections) : undefined;
  const f: ElfFile = { header, bytes, segments, sections, map, dynamic, strtab, symbols: [], symbolCount: 0, verdefs: [], verneeds: [], needed: [] };
  const interp = segments.find((s) => s.type === PT_INTERP);
  if (interp) f.interp = bytes.cstr(interp.offset, interp.offset + interp.filesz, "interpreter");
  if (!dynamic) return f;
  const str = (tag: number): string | undefined => {
    const v = dynValue(dynamic, tag);
    if (v === undefined) return undefined;
    if (!strtab) throw new ElfError("elf-bad-dynamic", "dynamic string tag without DT_STRTAB", where || undefined);
    return dynString(bytes, strtab, v, "dynamic string");
  };
  f.soname = str(DT_SONAME);
  f.rpath = str(DT_RPATH);
  f.runpath = str(DT_RUNPATH);
  for (const e of dynamic.entries) {
    if (e.tag !== DT_NEEDED) continue;
    if (!strtab) throw new ElfError("elf-bad-dynamic", "DT_NEEDED without DT_STRTAB", where || undefined);
    f.needed.push(dynString(bytes, strtab, e.val, "DT_NEEDED"));
  }
  f.dynsym = locateDynsym(bytes, dynamic, map, sections);
  if (f.dynsym) {
    if (opts.symbolNames ?? true) f.symbols = readSymbols(bytes, f.dynsym, strtab);
    else f.symbolNameOffs = readSymbolNameOffsets(bytes, f.dynsym);
    f.symbolCount = f.dynsym.count;
  }
  const vs = tableLoc(f, DT_VERSYM, SHT_GNU_VERSYM, 2 * f.symbolCount);
  if (vs && f.symbolCount > 0) {
    f.versymLoc = vs;
    f.versym = readVersym(bytes, vs.offset, f.symbolCount);
  }
  if (strtab) {
    const vd = tableLoc(f, DT_VERDEF, SHT_GNU_VERDEF, 20);
    if (vd) {
      const num = dynValue(dynamic, DT_VERDEFNUM) ?? f.sections.find((s) => s.type === SHT_GNU_VERDEF)?.info ?? 0;
      f.verdefLoc = vd;
      f.verdefs = readVerdefs(bytes, vd.offset, num, Math.min(vd.size, buf.length - vd.offset), strtab);
    }
    const vn = tableLoc(f, DT_VERNEED, SHT_GNU_VERNEED, 16);
    if (vn) {
      const num = dynValue(dynamic, DT_VERNEEDNUM) ?? f.sections.find((s) => s.type === SHT_GNU_VERNEED)?.info ?? 0;
      f.verneedLoc = vn;
      f.verneeds = readVerneeds(bytes, vn.offset, num, Math.min(vn.size, buf.length - vn.offset), strtab);
    }
  }
  return f;
}
