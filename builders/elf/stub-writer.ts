// Writes a linkable stub shared object for an interface, directly as bytes (no toolchain):
// ELF header, PT_LOAD/PT_DYNAMIC/PT_TLS program headers, .hash, .dynsym, .dynstr, .gnu.version,
// .gnu.version_d, .gnu.version_r, NOBITS .text/.tbss/.bss, .dynamic, .shstrtab and section headers.
// The same interface always gives the same bytes.
import type { ElfInterface } from "./interface.js";
import { StringTable } from "./string-table.js";
import { placeSymbols, AREA_TEXT, AREA_TLS } from "./stub-symbols.js";
import { blank, encodeVerdef, encodeVerneed, encodeVersym, versionIndexes } from "./stub-tables.js";
import { buildSysvHash } from "./hash-tables.js";
import { writeSegment, type Segment } from "./segments.js";
import { writeSection, type Section } from "./sections.js";
import * as C from "./constants.js";
import { ElfError } from "./errors.js";

const BIND = { global: C.STB_GLOBAL, weak: C.STB_WEAK, unique: C.STB_GNU_UNIQUE };
const TYPE = { Func: C.STT_FUNC, IFunc: C.STT_GNU_IFUNC, Object: C.STT_OBJECT, Common: C.STT_OBJECT, TLS: C.STT_TLS, NoType: C.STT_NOTYPE };

const up = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Canonical order, except that the members of each alias group follow their alias rank. */
export function dynsymOrder(symbols: ElfInterface["symbols"]): ElfInterface["symbols"] {
  const out = [...symbols];
  const groups = new Map<number, number[]>();
  symbols.forEach((s, i) => {
    if (s.alias === undefined || s.aliasRank === undefined) return;
    const g = groups.get(s.alias);
    if (g) g.push(i); else groups.set(s.alias, [i]);
  });
  for (const positions of groups.values()) {
    const members = positions.map((i) => symbols[i]).sort((a, b) => (a.aliasRank ?? 0) - (b.aliasRank ?? 0));
    positions.forEach((pos, k) => { out[pos] = members[k]; });
  }
  return out;
}

/** Builds the stub's bytes. */
export function writeStub(input: ElfInterface): Buffer {
  const iface = { ...input, symbols: dynsymOrder(input.symbols) };
  const { is64, le, machine } = iface.target;
  const W = is64 ? 8 : 4;
  const page = C.pageSizeFor(machine);
  const versioned = iface.versionDefinitions.length > 0 || iface.versionRequirements.length > 0;
  const base = iface.baseVersion ?? iface.soname ?? "";
  // strings, in a fixed order
  const str = new StringTable();
  if (iface.soname !== undefined) str.add(iface.soname);
  iface.needed.forEach((n) => str.add(n));
  if (iface.versionDefinitions.length > 0) str.add(base);
  iface.versionDefinitions.forEach((d) => { str.add(d.name); d.parents.forEach((p) => str.add(p)); });
  iface.versionRequirements.forEach((r) => { str.add(r.file); r.versions.forEach((v) => str.add(v.name)); });
  const nameOffs = iface.symbols.map((s) => str.add(s.name));
  const { defs, needs } = versionIndexes(iface);
  const place = placeSymbols(iface.symbols, 16);
  const hasTls = place.tlsSize > 0;

  // section contents
  const hashWords = buildSysvHash(["", ...iface.symbols.map((s) => s.name)]);
  const hash = blank(4 * hashWords.length, is64, le);
  for (let i = 0; i < hashWords.length; i++) hash.view.setUint32(4 * i, hashWords[i], le);
  const verdef = iface.versionDefinitions.length > 0 ? encodeVerdef(iface, base, str, is64, le) : Buffer.alloc(0);
  const verneed = iface.versionRequirements.length > 0 ? encodeVerneed(iface, needs, str, is64, le) : Buffer.alloc(0);
  const versym = versioned ? encodeVersym(iface, defs, is64, le) : Buffer.alloc(0);
  const dynstr = str.bytes();
  const symEnt = is64 ? 24 : 16;
  const nsyms = iface.symbols.length + 1;

  // layout of the first (R+X) segment
  const nph = hasTls ? 4 : 3;
  const ehsize = is64 ? 64 : 52;
  const phsize = is64 ? 56 : 32;
  let off = ehsize + nph * phsize;
  const at = (size: number, align: number): number => { off = up(off, align); const o = off; off += size; return o; };
  const hashOff = at(hash.buf.length, 4);
  const symOff = at(nsyms * symEnt, W);
  const strOff = at(dynstr.length, 1);
  const versymOff = at(versym.length, 2);
  const verdefOff = at(verdef.length, 4);
  const verneedOff = at(verneed.length, 4);
  const load1FileEnd = off;
  const textAddr = up(off, 16);
  const load1MemEnd = textAddr + place.textSize;
  // second (RW) segment: .dynamic, then .tbss and .bss
  const dynEntries: Array<[number, number]> = [];
  const dynOff = up(load1FileEnd, W);
  const dynAddr = up(load1MemEnd, page) + (dynOff % page);
  iface.needed.forEach((n) => dynEntries.push([C.DT_NEEDED, str.get(n)]));
  if (iface.soname !== undefined) dynEntries.push([C.DT_SONAME, str.get(iface.soname)]);
  dynEntries.push([C.DT_HASH, hashOff], [C.DT_STRTAB, strOff], [C.DT_SYMTAB, symOff], [C.DT_STRSZ, dynstr.length], [C.DT_SYMENT, symEnt]);
  if (versioned) dynEntries.push([C.DT_VERSYM, versymOff]);
  if (verdef.length) dynEntries.push([C.DT_VERDEF, verdefOff], [C.DT_VERDEFNUM, iface.versionDefinitions.length + 1]);
  if (verneed.length) dynEntries.push([C.DT_VERNEED, verneedOff], [C.DT_VERNEEDNUM, iface.versionRequirements.length]);
  dynEntries.push([C.DT_NULL, 0]);
  const dynSize = dynEntries.length * 2 * W;
  const dynEnd = dynAddr + dynSize;
  const tlsAddr = up(dynEnd, place.tlsAlign);
  const bssAddr = up(dynEnd, Math.max(place.dataAlign, 16));
  const load2MemEnd = bssAddr + place.dataSize;
  const shstr = new StringTable();
  const names = [".hash", ".dynsym", ".dynstr", ".gnu.version", ".gnu.version_d", ".gnu.version_r", ".text", ".dynamic", ".tbss", ".bss", ".shstrtab"];
  names.forEach((n) => shstr.add(n));
  const shstrBytes = shstr.bytes();
  const shstrOff = dynOff + dynSize;
  const shoff = up(shstrOff + shstrBytes.length, W);

  // section headers (index order = address order)
  const secs: Array<Omit<Section, "index" | "nameOff">> = [];
  const S = (name: string, type: number, flags: number, addr: number, offset: number, size: number, link: number, info: number, addralign: number, entsize: number): number => {
    secs.push({ name, type, flags, addr, offset, size, link, info, addralign, entsize });
    return secs.length;
  };
  const A = C.SHF_ALLOC;
  S(".hash", C.SHT_HASH, A, hashOff, hashOff, hash.buf.length, 2, 0, 4, 4);
  S(".dynsym", C.SHT_DYNSYM, A, symOff, symOff, nsyms * symEnt, 3, 1, W, symEnt);
  const iStr = S(".dynstr", C.SHT_STRTAB, A, strOff, strOff, dynstr.length, 0, 0, 1, 0);
  if (versioned) S(".gnu.version", C.SHT_GNU_VERSYM, A, versymOff, versymOff, versym.length, 2, 0, 2, 2);
  if (verdef.length) S(".gnu.version_d", C.SHT_GNU_VERDEF, A, verdefOff, verdefOff, verdef.length, iStr, iface.versionDefinitions.length + 1, 4, 0);
  if (verneed.length) S(".gnu.version_r", C.SHT_GNU_VERNEED, A, verneedOff, verneedOff, verneed.length, iStr, iface.versionRequirements.length, 4, 0);
  const iText = S(".text", C.SHT_NOBITS, A | C.SHF_EXECINSTR, textAddr, textAddr, place.textSize, 0, 0, 16, 0);
  S(".dynamic", C.SHT_DYNAMIC, A | C.SHF_WRITE, dynAddr, dynOff, dynSize, iStr, 0, W, 2 * W);
  const iTls = hasTls ? S(".tbss", C.SHT_NOBITS, A | C.SHF_WRITE | C.SHF_TLS, tlsAddr, dynOff + (tlsAddr - dynAddr), place.tlsSize, 0, 0, place.tlsAlign, 0) : 0;
  const iData = S(".bss", C.SHT_NOBITS, A | C.SHF_WRITE, bssAddr, dynOff + (bssAddr - dynAddr), place.dataSize, 0, 0, Math.max(place.dataAlign, 16), 0);
  const iShstr = S(".shstrtab", C.SHT_STRTAB, 0, 0, shstrOff, shstrBytes.length, 0, 0, 1, 0);
  const shentsize = is64 ? 64 : 40;
  const total = shoff + (secs.length + 1) * shentsize;
  if (!is64 && load2MemEnd > 0xffffffff) throw new ElfError("elf-too-big", "the stub's data does not fit a 32-bit address space");

  const b = blank(total, is64, le);
  const out = b.buf;
  // ELF header
  out.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, le ? 1 : 2, 1], 0);
  b.set16(16, C.ET_DYN); b.set16(18, machine); b.set32(20, 1);
  b.setWord(24, 0); b.setWord(24 + W, ehsize); b.setWord(24 + 2 * W, shoff);
  const o = 24 + 3 * W;
  b.set32(o, iface.target.flags); b.set16(o + 4, ehsize); b.set16(o + 6, phsize); b.set16(o + 8, nph);
  b.set16(o + 10, shentsize); b.set16(o + 12, secs.length + 1); b.set16(o + 14, iShstr);
  // program headers
  const phdrs: Segment[] = [
    { type: C.PT_LOAD, flags: C.PF_R | C.PF_X, offset: 0, vaddr: 0, paddr: 0, filesz: load1FileEnd, memsz: load1MemEnd, align: page },
    { type: C.PT_LOAD, flags: C.PF_R | C.PF_W, offset: dynOff, vaddr: dynAddr, paddr: dynAddr, filesz: dynSize, memsz: load2MemEnd - dynAddr, align: page },
    { type: C.PT_DYNAMIC, flags: C.PF_R | C.PF_W, offset: dynOff, vaddr: dynAddr, paddr: dynAddr, filesz: dynSize, memsz: dynSize, align: W },
  ];
  if (hasTls) phdrs.push({ type: C.PT_TLS, flags: C.PF_R, offset: dynOff + (tlsAddr - dynAddr), vaddr: tlsAddr, paddr: tlsAddr, filesz: 0, memsz: place.tlsSize, align: place.tlsAlign });
  phdrs.forEach((p, i) => writeSegment(b, ehsize, i, p));
  // contents
  hash.buf.copy(out, hashOff);
  out.set(dynstr, strOff);
  out.set(versym, versymOff);
  out.set(verdef, verdefOff);
  out.set(verneed, verneedOff);
  b.check(symOff, nsyms * symEnt, "symbol table");
  const view = b.view;
  let osabiGnu = false;
  for (let i = 0; i < iface.symbols.length; i++) {
    const s = iface.symbols[i];
    const p = symOff + (i + 1) * symEnt;
    const area = place.area[i], rel = place.value[i];
    const shndx = area === AREA_TEXT ? iText : area === AREA_TLS ? iTls : iData;
    const value = area === AREA_TEXT ? textAddr + rel : area === AREA_TLS ? rel : bssAddr + rel;
    const info = ((s.unique ? BIND.unique : s.weak ? BIND.weak : BIND.global) << 4) | TYPE[s.type];
    const other = s.protected ? C.STV_PROTECTED : C.STV_DEFAULT;
    if (s.type === "IFunc" || s.unique) osabiGnu = true;
    view.setUint32(p, nameOffs[i], le);
    if (is64) {
      out[p + 4] = info; out[p + 5] = other; view.setUint16(p + 6, shndx, le);
      b.set64(p + 8, value); b.set64(p + 16, s.size);
    } else {
      view.setUint32(p + 4, value, le); view.setUint32(p + 8, s.size, le); out[p + 12] = info; out[p + 13] = other;
      view.setUint16(p + 14, shndx, le);
    }
  }
  out[7] = osabiGnu ? C.ELFOSABI_GNU : C.ELFOSABI_SYSV;
  dynEntries.forEach(([tag, val], i) => {
    b.setWord(dynOff + i * 2 * W, tag); // the first segment maps file offsets 1:1, so addresses are offsets
    b.setWord(dynOff + i * 2 * W + W, val);
  });
  out.set(shstrBytes, shstrOff);
  secs.forEach((s, i) => writeSection(b, shoff, { ...s, index: i + 1, nameOff: shstr.get(s.name) }));
  return out;
}
