// `tk relink`'s engine (patchelf's job): applies a set of edits to an ELF file's interpreter,
// SONAME, RPATH/RUNPATH and DT_NEEDED (with .gnu.version_r kept consistent) and returns the new
// bytes. Edits happen in place when the strings and entries fit; otherwise the file grows by one
// R+W PT_LOAD at its end (see relink-grow.ts). The result is re-parsed as a self-check. Works on
// an EditImage (file-image.ts), so a big file is only read where its tables are.
import { parseElf, type ElfFile } from "./elf-file.js";
import { MemoryImage, type EditImage } from "./file-image.js";
import { ElfBytes } from "./bytes.js";
import { planRelink, type RelinkOps } from "./relink-ops.js";
import { allocateStrings, fixedStringRefs, type StringChange } from "./relink-strings.js";
import { planVerneed, encodeVerneedEdit, fixVersym, clearVersions } from "./verneed-edit.js";
import { planGrowth, evictFor, tkSegmentRange, type Blob } from "./relink-grow.js";
import { writeSegment } from "./segments.js";
import { writeSection } from "./sections.js";
import { dynEntrySize } from "./dynamic.js";
import { finish, liveEnd } from "./relink-write.js";
import { slideFor, applySlide } from "./relink-slide.js";
import * as C from "./constants.js";

const ADDRESS_TAGS = new Set([C.DT_HASH, C.DT_GNU_HASH, C.DT_SYMTAB, C.DT_STRTAB, C.DT_VERSYM, C.DT_VERDEF, C.DT_VERNEED,
  C.DT_RELA, C.DT_REL, C.DT_JMPREL, 0x24 /* DT_RELR */]);
/** Spare DT_NULL slots left in a grown .dynamic so that later edits fit in place. */
const SPARE_DYN = 4;

/**
 * Applies `ops` to the ELF file in `buf`; `where` names it in errors. With `reuseInput` the edits
 * are made in `buf` itself (saves a copy of big files); otherwise `buf` is left untouched.
 */
export function relinkBytes(buf: Buffer, ops: RelinkOps, where = "", reuseInput = false): Buffer {
  const img = new MemoryImage(reuseInput ? buf : Buffer.from(buf));
  relinkImage(img, ops, where);
  return img.buf;
}

/**
 * Applies `ops` to the ELF file in `img` (its `buf` afterwards holds the result). `parsed` may be
 * the file as parseElf read it from `img` (symbol names not needed), to save a second parse.
 */
export function relinkImage(img: EditImage, ops: RelinkOps, where = "", parsed?: ElfFile): void {
  const f = parsed ?? parseElf(img.buf, where, { symbolNames: false, load: img.loader });
  const plan = planRelink(f, ops);
  const out = img.buf;
  const st = { ...f.strtab! };
  const dyn = f.dynamic!;
  const W = f.header.is64 ? 8 : 4;
  const es = dynEntrySize(f.header.is64);
  img.load(st.offset, st.size);

  // strings and version requirements
  const vn = planVerneed(f, plan.dropVerneed, plan.renameVerneed);
  const fixed = fixedStringRefs(f);
  for (const k of vn.kept) {
    fixed.push(...k.need.aux.map((a) => a.nameOff));
    if (!k.rename) fixed.push(k.need.fileNameOff);
  }
  const changes: StringChange[] = [];
  for (const e of plan.entries) {
    if (e.str !== undefined) changes.push({ oldOff: e.orig !== undefined ? e.val : undefined, str: e.str, setOff: (o) => { e.val = o; } });
  }
  for (const k of vn.kept) if (k.rename) changes.push({ oldOff: k.need.fileNameOff, str: k.rename, setOff: (o) => { k.fileOff = o; } });
  let strs = allocateStrings(out.subarray(st.offset, st.offset + st.size), fixed, changes, vn.released);
  if (strs.appended.length > 0) {
    // .dynstr moves anyway: drop the tail that only the changed entries used (e.g. earlier tk edits)
    const tab = out.subarray(st.offset, st.offset + st.size);
    const unchanged = changes.filter((c) => c.oldOff !== undefined && c.oldOff < tab.length
      && tab.toString("latin1", c.oldOff, c.oldOff + c.str.length + 1) === c.str + "\0");
    const live = liveEnd(tab, [...fixed, ...unchanged.map((c) => c.oldOff!)]);
    if (live < st.size) {
      strs = allocateStrings(out.subarray(st.offset, st.offset + live), fixed.filter((o) => o < live), changes, vn.released.filter((o) => o < live));
      strs.table.copy(out, st.offset);
      out.fill(0, st.offset + live, st.offset + st.size);
      st.size = live;
    }
  }
  strs.table.copy(out, st.offset);
  if (f.verneedLoc && f.verneeds.length > 0) {
    const size = f.verneeds.reduce((n, x) => n + 16 + 16 * x.aux.length, 0);
    f.bytes.check(f.verneedLoc.offset, size, "version requirements");
    encodeVerneedEdit(f, vn, size).copy(out, f.verneedLoc.offset);
    const sec = f.sections.find((x) => x.type === C.SHT_GNU_VERNEED);
    if (sec && sec.info !== vn.kept.length) {
      sec.info = vn.kept.length; // (f is ours: later header writes of this section carry the new count)
      writeSection(f.bytes, f.header.shoff, sec);
    }
  }
  fixVersym(f, out, vn.droppedIndexes);
  clearVersions(f, out, new Set(ops.clearSymbolVersion ?? []));

  // the dynamic entries
  let entries = plan.entries.map((e) => ({ tag: e.tag, val: e.val }));
  if (vn.kept.length === 0 && f.verneeds.length > 0) entries = entries.filter((e) => e.tag !== C.DT_VERNEED && e.tag !== C.DT_VERNEEDNUM);
  for (const e of entries) if (e.tag === C.DT_VERNEEDNUM) e.val = vn.kept.length;
  const interpSeg = f.segments.find((s) => s.type === C.PT_INTERP);

  // growth
  const blobs: Blob[] = [];
  const dynstrSec = f.sections.find((s) => s.type === C.SHT_STRTAB && s.addr === st.vaddr && (s.flags & C.SHF_ALLOC));
  // .dynstr grows in place when the movable sections after it can make room; otherwise it moves
  // (not when .dynstr sits in a segment an earlier tk edit added: that segment is rebuilt anyway)
  const tkSeg = tkSegmentRange(f);
  const inTkSeg = dynstrSec !== undefined && tkSeg !== undefined && dynstrSec.offset >= tkSeg.offset && dynstrSec.offset < tkSeg.end;
  let evicted = strs.appended.length > 0 && dynstrSec && !inTkSeg ? evictFor(f, dynstrSec, st.size + strs.appended.length) : undefined;
  // evicting more than .dynstr itself would grow the file more than moving .dynstr does
  if (evicted && evicted.reduce((n, x) => n + x.size, 0) > st.size + strs.appended.length) evicted = undefined;
  if (strs.appended.length > 0 && !evicted) blobs.push({ name: "dynstr", size: st.size + strs.appended.length, align: 1, section: dynstrSec?.name });
  const extendDynstr = (target: Buffer, rb: ElfBytes): void => {
    if (!evicted || !dynstrSec) return;
    rb.check(st.offset + st.size, strs.appended.length, "grown .dynstr");
    strs.appended.copy(target, st.offset + st.size);
    writeSection(rb, f.header.shoff, { ...dynstrSec, size: st.size + strs.appended.length });
    for (const e of entries) if (e.tag === C.DT_STRSZ) e.val = st.size + strs.appended.length;
  };
  const dynGrows = (entries.length + 1) * es > dyn.size;
  if (dynGrows) blobs.push({ name: "dynamic", size: (entries.length + 1 + SPARE_DYN) * es, align: W, section: ".dynamic" });
  const interpBytes = plan.interp !== undefined ? Buffer.from(plan.interp + "\0", "latin1") : undefined;
  const interpGrows = interpBytes !== undefined && interpSeg !== undefined && interpBytes.length > interpSeg.filesz;
  if (interpGrows) blobs.push({ name: "interp", size: interpBytes.length, align: 1, section: ".interp" });
  // when only .dynstr grows, first try sliding what follows it into its segment's padding
  const fitsAlready = evicted !== undefined && evicted.length === 0;
  const slide = strs.appended.length > 0 && dynstrSec && !inTkSeg && !dynGrows && !interpGrows && !fitsAlready
    ? slideFor(f, dynstrSec, st.size + strs.appended.length) : undefined;
  if (slide && dynstrSec) {
    const moved = applySlide(f, slide);
    evicted = [];
    extendDynstr(out, f.bytes);
    for (const e of entries) if (ADDRESS_TAGS.has(e.tag)) e.val = moved.vaddr(e.val);
    finish(f, out, entries, moved.offset(dyn.offset), dyn.size, interpBytes, interpSeg ? moved.offset(interpSeg.offset) : undefined,
      interpSeg?.filesz, where, img.loader);
    return;
  }
  if (blobs.length === 0 && (!evicted || evicted.length === 0)) {
    extendDynstr(out, f.bytes);
    finish(f, out, entries, dyn.offset, dyn.size, interpBytes, interpSeg?.offset, interpSeg?.filesz, where, img.loader);
    return;
  }

  const g = planGrowth(f, blobs, evicted ?? []);
  // the contents of the sections that move, taken before the buffer is replaced
  const movedData = new Map<number, Buffer>();
  for (const s of f.sections) {
    if (!g.moved.has(s.index)) continue;
    f.bytes.check(s.offset, s.size, `section ${s.name}`);
    movedData.set(s.index, Buffer.from(out.subarray(s.offset, s.offset + s.size)));
  }
  img.resize(g.length, Math.min(g.keepLength, out.length));
  const res = img.buf;
  const rb = new ElfBytes(res, f.header.is64, f.header.le, where, img.loader);
  const zeroOld = (offset: number, size: number): void => {
    if (offset >= g.keepLength) return;
    const end = Math.min(offset + size, g.keepLength);
    img.load(offset, end - offset);
    res.fill(0, offset, end);
  };
  // moved sections
  const movedRanges: Array<{ addr: number; size: number; offset: number; to: { offset: number; vaddr: number } }> = [];
  for (const s of f.sections) {
    const to = g.moved.get(s.index);
    const data = movedData.get(s.index);
    if (!to || !data) continue;
    zeroOld(s.offset, s.size);
    data.copy(res, to.offset);
    movedRanges.push({ addr: s.addr, size: s.size, offset: s.offset, to });
    writeSection(rb, f.header.shoff, { ...s, offset: to.offset, addr: to.vaddr });
  }
  extendDynstr(res, rb);
  const mapAddr = (v: number): number => {
    for (const m of movedRanges) if (v >= m.addr && v < m.addr + m.size) return m.to.vaddr + (v - m.addr);
    return v;
  };
  // blobs
  const placeBlob = (name: string, secMatch: (s: typeof f.sections[number]) => boolean, size: number): { offset: number; vaddr: number } | undefined => {
    const at = g.blobs.get(name);
    if (!at) return undefined;
    for (const s of f.sections) if (secMatch(s)) { zeroOld(s.offset, s.size); writeSection(rb, f.header.shoff, { ...s, offset: at.offset, addr: at.vaddr, size }); }
    return at;
  };
  const strAt = placeBlob("dynstr", (s) => s === dynstrSec, st.size + strs.appended.length);
  if (strAt) {
    if (!dynstrSec) zeroOld(st.offset, st.size);
    strs.table.copy(res, strAt.offset);
    strs.appended.copy(res, strAt.offset + st.size);
    for (const e of entries) {
      if (e.tag === C.DT_STRTAB) e.val = strAt.vaddr;
      if (e.tag === C.DT_STRSZ) e.val = st.size + strs.appended.length;
    }
  } else {
    for (const e of entries) if (e.tag === C.DT_STRTAB) e.val = mapAddr(e.val);
  }
  for (const e of entries) if (ADDRESS_TAGS.has(e.tag) && e.tag !== C.DT_STRTAB) e.val = mapAddr(e.val);
  const dynBlob = blobs.find((b) => b.name === "dynamic");
  const dynAt = placeBlob("dynamic", (s) => s.type === C.SHT_DYNAMIC, dynBlob?.size ?? 0);
  const interpAt = placeBlob("interp", (s) => s.name === ".interp", interpBytes?.length ?? 0);
  if (dynAt) zeroOld(dyn.offset, dyn.size);
  if (interpAt && interpSeg) zeroOld(interpSeg.offset, interpSeg.filesz);
  // program headers
  const segs = g.segments;
  for (const s of segs) {
    if (s === g.segment) continue;
    if (s.type === C.PT_DYNAMIC && dynAt) {
      Object.assign(s, { offset: dynAt.offset, vaddr: dynAt.vaddr, paddr: dynAt.vaddr, filesz: dynBlob!.size, memsz: dynBlob!.size });
    } else if (s.type === C.PT_INTERP && interpAt) {
      Object.assign(s, { offset: interpAt.offset, vaddr: interpAt.vaddr, paddr: interpAt.vaddr, filesz: interpBytes!.length, memsz: interpBytes!.length });
    } else if (s.type !== C.PT_LOAD && s.type !== C.PT_PHDR && s.type !== C.PT_GNU_STACK && s.type !== C.PT_GNU_RELRO) {
      // a segment over one moved section, or over several that moved by the same distance
      const m = movedRanges.find((r) => s.offset >= r.offset && s.offset < r.offset + r.size && s.filesz > 0);
      const inside = movedRanges.filter((r) => r.offset < s.offset + s.filesz && s.offset < r.offset + r.size);
      if (m && inside.every((r) => r.to.offset - r.offset === m.to.offset - m.offset)) {
        const d = s.offset - m.offset;
        Object.assign(s, { offset: m.to.offset + d, vaddr: m.to.vaddr + d, paddr: m.to.vaddr + d });
      }
    }
  }
  if (g.added) rb.set16(24 + 3 * W + 8, segs.length);
  segs.forEach((s, i) => writeSegment(rb, f.header.phoff, i, s));
  const mapOff = (o: number): number => {
    for (const m of movedRanges) if (o >= m.offset && o < m.offset + m.size) return m.to.offset + (o - m.offset);
    return o;
  };
  const dynOffset = dynAt ? dynAt.offset : mapOff(dyn.offset);
  const dynSize = dynAt ? dynBlob!.size : dyn.size;
  const interpOffset = interpAt ? interpAt.offset : interpSeg ? mapOff(interpSeg.offset) : undefined;
  finish(f, res, entries, dynOffset, dynSize, interpBytes, interpOffset, interpAt ? interpBytes!.length : interpSeg?.filesz, where, img.loader);
}
