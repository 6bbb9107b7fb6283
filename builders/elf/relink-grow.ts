// Growing a file when edited tables no longer fit: a new PT_LOAD (R+W) is placed after the highest
// mapped address and at the end of the file; it holds the new .dynstr/.dynamic/.interp and the
// sections moved out of the way of the one extra program header. A segment that an earlier tk edit
// added at the end of the file is rebuilt in place instead, so repeated edits do not pile up.
import type { ElfFile } from "./elf-file.js";
import type { Segment } from "./segments.js";
import type { Section } from "./sections.js";
import { ElfError } from "./errors.js";
import * as C from "./constants.js";

/** A new piece of content for the grown segment. `section` names the section it replaces, if any. */
export interface Blob { name: string; size: number; align: number; section?: string }

/** Where things went. */
export interface GrowLayout {
  /** The new segment (already inserted in `segments`). */
  segment: Segment;
  /** Program headers after the edit, in table order. */
  segments: Segment[];
  /** Blob name → file offset and address. */
  blobs: Map<string, { offset: number; vaddr: number }>;
  /** Sections moved: index → new offset/address. */
  moved: Map<number, { offset: number; vaddr: number }>;
  /** The file length after truncation (before the segment data). */
  keepLength: number;
  /** Length of the resulting file. */
  length: number;
  /** True when a program header was added (the table grew by one entry). */
  added: boolean;
}

const MOVABLE = new Set([C.SHT_NOTE, C.SHT_HASH, C.SHT_GNU_HASH, C.SHT_DYNSYM, C.SHT_GNU_VERSYM, C.SHT_GNU_VERDEF,
  C.SHT_GNU_VERNEED, C.SHT_RELA, C.SHT_REL, C.SHT_DYNAMIC, C.SHT_STRTAB]);

/** True for allocated sections only referenced through dynamic tags or program headers. */
export function movable(s: Section, f: ElfFile): boolean {
  if (!(s.flags & C.SHF_ALLOC)) return false;
  if (s.type === C.SHT_PROGBITS) return s.name === ".interp";
  if (s.type === C.SHT_STRTAB) return f.strtab !== undefined && s.addr === f.strtab.vaddr;
  return MOVABLE.has(s.type);
}

const up = (n: number, a: number): number => Math.ceil(n / Math.max(a, 1)) * Math.max(a, 1);

/** The file range of an earlier tk-added segment, if the file has one. */
export function tkSegmentRange(f: ElfFile): { offset: number; end: number } | undefined {
  const i = previousTkSegment(f);
  return i < 0 ? undefined : { offset: f.segments[i].offset, end: f.segments[i].offset + f.segments[i].filesz };
}

/** Finds an earlier tk-added segment: the last PT_LOAD, R+W, ending at EOF, holding only movable sections. */
function previousTkSegment(f: ElfFile): number {
  const loads = f.segments.map((s, i) => [s, i] as const).filter(([s]) => s.type === C.PT_LOAD);
  if (loads.length === 0 || f.sections.length === 0) return -1;
  const [last, idx] = loads.reduce((a, b) => (b[0].vaddr > a[0].vaddr ? b : a));
  if (last.flags !== (C.PF_R | C.PF_W) || last.offset + last.filesz !== f.bytes.buf.length || last.filesz !== last.memsz) return -1;
  const inside = f.sections.filter((s) => s.type !== C.SHT_NOBITS && s.size > 0 && s.offset >= last.offset && s.offset < last.offset + last.filesz);
  if (inside.length === 0 || !inside.every((s) => movable(s, f))) return -1;
  if (f.header.shoff >= last.offset) return -1;
  return idx;
}

/** Plans the grown segment for `blobs`; `buf` is the file as edited in place so far. */
export function planGrowth(f: ElfFile, blobs: Blob[], evicted: Section[] = []): GrowLayout {
  const where = f.bytes.where || undefined;
  const h = f.header;
  const phent = h.is64 ? 56 : 32;
  if (!f.segments.some((s) => s.type === C.PT_LOAD)) throw new ElfError("elf-cannot-grow", "the file has no PT_LOAD segment to grow", where);
  const page = Math.max(C.pageSizeFor(h.machine), ...f.segments.filter((s) => s.type === C.PT_LOAD).map((s) => s.align));
  const segments = f.segments.map((s) => ({ ...s }));
  const replaced = new Set(blobs.map((b) => b.section).filter((x): x is string => x !== undefined));
  const toMove: Section[] = [...evicted];
  let keepLength = f.bytes.buf.length;
  let added = false;
  let segIndex = previousTkSegment(f);
  let vaddr: number, offset: number;
  if (segIndex >= 0) {
    const old = segments[segIndex];
    keepLength = old.offset;
    offset = old.offset;
    vaddr = old.vaddr;
    for (const s of f.sections) {
      if (s.type !== C.SHT_NOBITS && s.size > 0 && s.offset >= old.offset && s.offset < old.offset + old.filesz && !replaced.has(s.name) && !toMove.includes(s)) toMove.push(s);
    }
  } else {
    const nullSlot = segments.findIndex((s) => s.type === C.PT_NULL);
    if (nullSlot < 0) {
      // the table grows by one entry into the sections that follow it; those must move
      added = true;
      const start = h.phoff + h.phnum * phent, end = start + phent;
      const first = segments.find((s) => s.type === C.PT_LOAD && s.offset <= h.phoff);
      if (!first || first.offset + first.filesz < end) throw new ElfError("elf-cannot-grow", "the program header table cannot grow inside its segment", where);
      if (f.sections.length === 0) throw new ElfError("elf-cannot-grow", "cannot make room for a program header in a file without section headers", where);
      for (const s of f.sections) {
        if (s.type === C.SHT_NULL || s.type === C.SHT_NOBITS || s.size === 0 || !(s.flags & C.SHF_ALLOC)) continue;
        if (s.offset < end && s.offset + s.size > start) {
          if (!movable(s, f)) throw new ElfError("elf-cannot-grow", `section ${s.name} sits right after the program headers and cannot be moved`, where);
          if (!replaced.has(s.name) && !toMove.includes(s)) toMove.push(s);
        }
      }
    }
    offset = up(f.bytes.buf.length, 16);
    const maxEnd = Math.max(...segments.filter((s) => s.type === C.PT_LOAD).map((s) => s.vaddr + s.memsz));
    vaddr = up(maxEnd, page) + (offset % page);
    const seg: Segment = { type: C.PT_LOAD, flags: C.PF_R | C.PF_W, offset, vaddr, paddr: vaddr, filesz: 0, memsz: 0, align: page };
    if (nullSlot >= 0) segments[nullSlot] = seg;
    else {
      let lastLoad = -1;
      segments.forEach((s, i) => { if (s.type === C.PT_LOAD) lastLoad = i; });
      segments.splice(lastLoad + 1, 0, seg);
      segIndex = lastLoad + 1;
    }
    if (nullSlot >= 0) segIndex = nullSlot;
  }
  // a segment such as PT_NOTE over several sections must keep them together: move them all
  for (const seg of f.segments) {
    if (seg.type === C.PT_LOAD || seg.type === C.PT_PHDR || seg.type === C.PT_GNU_RELRO || seg.filesz === 0) continue;
    const covered = f.sections.filter((s) => s.type !== C.SHT_NOBITS && s.size > 0 && s.offset >= seg.offset && s.offset + s.size <= seg.offset + seg.filesz);
    if (covered.length < 2 || !covered.some((s) => toMove.includes(s))) continue;
    for (const s of covered) {
      if (toMove.includes(s) || replaced.has(s.name)) continue;
      if (!movable(s, f)) throw new ElfError("elf-cannot-grow", `section ${s.name} shares a segment with a section that must move`, where);
      toMove.push(s);
    }
  }
  // lay out: moved sections first (file order), then blobs
  let pos = 0;
  const moved = new Map<number, { offset: number; vaddr: number }>();
  for (const s of [...toMove].sort((a, b) => a.offset - b.offset)) {
    pos = up(pos, s.addralign);
    moved.set(s.index, { offset: offset + pos, vaddr: vaddr + pos });
    pos += s.size;
  }
  const placed = new Map<string, { offset: number; vaddr: number }>();
  for (const b of blobs) {
    pos = up(pos, b.align);
    placed.set(b.name, { offset: offset + pos, vaddr: vaddr + pos });
    pos += b.size;
  }
  const seg = segments[segIndex];
  seg.filesz = pos; seg.memsz = pos;
  const limit = f.header.is64 ? 2 ** 40 : 2 ** 32;
  if (offset + pos > Math.min(limit, f.bytes.buf.length * 2 + 2 ** 26) || vaddr + pos > (f.header.is64 ? Number.MAX_SAFE_INTEGER : 2 ** 32)) {
    throw new ElfError("elf-cannot-grow", "the grown file would be implausibly large (corrupt section or segment sizes?)", where);
  }
  if (added) for (const s of segments) if (s.type === C.PT_PHDR) { s.filesz += phent; s.memsz += phent; }
  return { segment: seg, segments, blobs: placed, moved, keepLength, length: offset + pos, added };
}

/**
 * Sections to evict so that `sec` can grow in place to `size` bytes: the movable sections that
 * follow it inside the same PT_LOAD, in file order, until enough room is free. Undefined when a
 * section that cannot move is in the way.
 */
export function evictFor(f: ElfFile, sec: Section, size: number): Section[] | undefined {
  const load = f.segments.find((s) => s.type === C.PT_LOAD && sec.offset >= s.offset && sec.offset + sec.size <= s.offset + s.filesz);
  if (!load) return undefined;
  const after = f.sections.filter((s) => s !== sec && s.type !== C.SHT_NULL && s.offset >= sec.offset + sec.size
    && s.offset < load.offset + load.filesz && (s.type !== C.SHT_NOBITS)).sort((a, b) => a.offset - b.offset);
  const evicted: Section[] = [];
  const want = sec.offset + size;
  for (const s of after) {
    if (s.offset >= want) return evicted;
    if (!movable(s, f)) return undefined;
    evicted.push(s);
  }
  return want <= load.offset + load.filesz ? evicted : undefined;
}
