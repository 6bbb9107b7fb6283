// Growing a section in place by sliding the sections after it towards the end of its PT_LOAD, into
// the padding that page alignment leaves before the next segment (up to a page in the file and in
// memory). When a new .dynstr fits this way the file keeps its size and its program headers:
// no new PT_LOAD, nothing appended (patchelf shifts the whole file by a page instead).
import type { ElfFile } from "./elf-file.js";
import { writeSection, type Section } from "./sections.js";
import { writeSegment, type Segment } from "./segments.js";
import { movable } from "./relink-grow.js";
import * as C from "./constants.js";

/** A planned slide: the sections after the grown one move up by `delta` bytes (file and memory). */
export interface Slide {
  /** Distance the following sections move (a multiple of their largest alignment). */
  delta: number;
  /** The sections that move, in file order. */
  sections: Section[];
  /** Index of the PT_LOAD that grows, and its new file/memory size. */
  load: number;
  size: number;
  /** Other program headers (indexes) that lie inside the moved range and move with it. */
  carried: number[];
}

const up = (n: number, a: number): number => Math.ceil(n / Math.max(a, 1)) * Math.max(a, 1);

/** True when the two half-open ranges share a byte. */
const meets = (a: number, b: number, c: number, d: number): boolean => a < d && c < b;

/**
 * Plans growing `sec` to `size` bytes in place, or undefined when it cannot be done without
 * touching something that cannot move or the next segment.
 */
export function slideFor(f: ElfFile, sec: Section, size: number): Slide | undefined {
  const loadIndex = f.segments.findIndex((s) => s.type === C.PT_LOAD && s.filesz > 0
    && sec.offset >= s.offset && sec.offset + sec.size <= s.offset + s.filesz);
  if (loadIndex < 0) return undefined;
  const load = f.segments[loadIndex];
  if (load.filesz !== load.memsz || size <= sec.size) return undefined;
  const secEnd = sec.offset + sec.size, loadEnd = load.offset + load.filesz;
  // everything after the section inside its segment must be able to move
  const after = f.sections.filter((s) => s !== sec && s.type !== C.SHT_NULL && s.offset >= secEnd && s.offset < loadEnd)
    .sort((a, b) => a.offset - b.offset || a.index - b.index);
  if (after.some((s) => (s.type === C.SHT_NOBITS && s.size > 0) || !movable(s, f))) return undefined;
  if (f.sections.some((s) => s !== sec && s.offset < secEnd && s.offset + s.size > secEnd && s.type !== C.SHT_NOBITS)) return undefined;
  const align = Math.max(1, ...after.map((s) => s.addralign));
  const need = sec.offset + size;
  const delta = after.length > 0 ? up(Math.max(0, need - after[0].offset), align) : Math.max(0, need - loadEnd);
  const newSize = after.length > 0 ? load.filesz + delta : Math.max(load.filesz, need - load.offset);
  const newFileEnd = load.offset + newSize, newMemEnd = load.vaddr + newSize;
  if (delta === 0 && newSize === load.filesz) return { delta: 0, sections: [], load: loadIndex, size: newSize, carried: [] };
  // the file bytes taken must be unused: no section, segment or header table may start there
  const taken = (a: number, b: number): boolean => meets(a, b, loadEnd, newFileEnd);
  if (newFileEnd > f.bytes.buf.length) return undefined;
  if (f.sections.some((s) => s.type !== C.SHT_NOBITS && s.size > 0 && !after.includes(s) && s !== sec && taken(s.offset, s.offset + s.size))) return undefined;
  if (f.header.shnum > 0 && taken(f.header.shoff, f.header.shoff + f.header.shnum * f.header.shentsize)) return undefined;
  if (taken(f.header.phoff, f.header.phoff + f.header.phnum * f.header.phentsize)) return undefined;
  // program headers: other loads must not be reached in the file or in memory (nor their pages,
  // when the segment did not share a page with them before); the rest must move whole or not at all
  const page = Math.max(C.pageSizeFor(f.header.machine), load.align);
  const movedFrom = after.length > 0 ? after[0].offset : loadEnd;
  const carried: number[] = [];
  for (const [i, s] of f.segments.entries()) {
    if (i === loadIndex || s.type === C.PT_NULL) continue;
    if (s.filesz > 0 && taken(s.offset, s.offset + s.filesz)) return undefined;
    if (s.type === C.PT_LOAD) {
      if (s.memsz === 0 || s.vaddr + s.memsz <= load.vaddr) continue;
      if (meets(s.vaddr, s.vaddr + s.memsz, load.vaddr + load.memsz, newMemEnd)) return undefined;
      const sharedBefore = up(load.vaddr + load.memsz, page) > Math.floor(s.vaddr / page) * page;
      if (s.vaddr >= newMemEnd && !sharedBefore && up(newMemEnd, page) > Math.floor(s.vaddr / page) * page) return undefined;
      continue;
    }
    if (s.filesz === 0 && s.memsz === 0) continue;
    const inside = s.offset >= movedFrom && s.offset + s.filesz <= loadEnd;
    if (inside && s.filesz > 0) { carried.push(i); continue; }
    if (meets(s.offset, s.offset + Math.max(s.filesz, 1), movedFrom, loadEnd + 1) && s.offset + s.filesz > movedFrom) return undefined;
    if (s.memsz > 0 && meets(s.vaddr, s.vaddr + s.memsz, load.vaddr + load.memsz, newMemEnd)) return undefined;
  }
  return { delta, sections: after, load: loadIndex, size: newSize, carried };
}

/** The program headers after a slide (copies; the loads and carried segments adjusted). */
export function slidSegments(f: ElfFile, slide: Slide): Segment[] {
  return f.segments.map((s, i) => {
    if (i === slide.load) return { ...s, filesz: slide.size, memsz: slide.size };
    if (slide.carried.includes(i)) return { ...s, offset: s.offset + slide.delta, vaddr: s.vaddr + slide.delta, paddr: s.paddr + slide.delta };
    return { ...s };
  });
}

/** Where a slide moved a file offset or an address (unchanged outside the moved range). */
export interface SlideMap { offset(o: number): number; vaddr(v: number): number }

/**
 * Carries out a slide in the file's buffer (through `f.bytes`, which loads what it touches): moves
 * the bytes, zeroes the room it made, and rewrites the moved section headers and the program
 * headers. The caller fills the grown section and updates dynamic entries with the returned map.
 */
export function applySlide(f: ElfFile, slide: Slide): SlideMap {
  const b = f.bytes;
  const load = f.segments[slide.load];
  const loadEnd = load.offset + load.filesz;
  const from = slide.sections.length > 0 ? slide.sections[0].offset : loadEnd;
  const fromAddr = from - load.offset + load.vaddr, endAddr = load.vaddr + load.filesz;
  const d = slide.delta;
  if (d > 0) {
    b.check(from, loadEnd + d - from, "slid sections");
    b.buf.copyWithin(from + d, from, loadEnd);
    b.buf.fill(0, from, from + d);
  }
  for (const s of slide.sections) writeSection(b, f.header.shoff, { ...s, offset: s.offset + d, addr: s.addr + d });
  slidSegments(f, slide).forEach((s, i) => writeSegment(b, f.header.phoff, i, s));
  return {
    offset: (o) => (o >= from && o < loadEnd ? o + d : o),
    vaddr: (v) => (v >= fromAddr && v < endAddr ? v + d : v),
  };
}
