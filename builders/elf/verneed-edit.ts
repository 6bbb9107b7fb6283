// Edits .gnu.version_r for relink: drops the entries of removed DT_NEEDED libraries (and turns the
// symbol versions that pointed at them into plain global ones), renames vn_file for replaced ones.
import type { ElfFile } from "./elf-file.js";
import type { VerNeed } from "./versions.js";
import { VERSYM_HIDDEN } from "./constants.js";
import { DecodedStrings } from "./bytes.js";
import { ElfError } from "./errors.js";

/** The verneed list after the edit, with the file-name offset each kept entry will use. */
export interface VerneedEdit { kept: Array<{ need: VerNeed; fileOff: number; rename?: string }>; droppedIndexes: Set<number>; released: number[] }

/** Decides which entries stay. */
export function planVerneed(f: ElfFile, drop: Set<string>, rename: Map<string, string>): VerneedEdit {
  const edit: VerneedEdit = { kept: [], droppedIndexes: new Set(), released: [] };
  for (const n of f.verneeds) {
    if (drop.has(n.file)) {
      n.aux.forEach((a) => edit.droppedIndexes.add(a.other));
      edit.released.push(n.fileNameOff, ...n.aux.map((a) => a.nameOff));
    } else edit.kept.push({ need: n, fileOff: n.fileNameOff, rename: rename.get(n.file) });
  }
  return edit;
}

/** Encodes the kept entries compactly into a zero-filled buffer of the original section size. */
export function encodeVerneedEdit(f: ElfFile, edit: VerneedEdit, size: number): Buffer {
  const b = f.bytes;
  const out = Buffer.alloc(size);
  const w = { le: b.le };
  const set16 = (o: number, v: number): void => { if (w.le) out.writeUInt16LE(v, o); else out.writeUInt16BE(v, o); };
  const set32 = (o: number, v: number): void => { if (w.le) out.writeUInt32LE(v >>> 0, o); else out.writeUInt32BE(v >>> 0, o); };
  let p = 0;
  edit.kept.forEach((k, i) => {
    const n = k.need;
    const len = 16 + 16 * n.aux.length;
    set16(p, 1); set16(p + 2, n.aux.length); set32(p + 4, k.fileOff); set32(p + 8, n.aux.length ? 16 : 0);
    set32(p + 12, i === edit.kept.length - 1 ? 0 : len);
    n.aux.forEach((a, j) => {
      const q = p + 16 + 16 * j;
      set32(q, a.hash); set16(q + 4, a.flags); set16(q + 6, a.other); set32(q + 8, a.nameOff);
      set32(q + 12, j === n.aux.length - 1 ? 0 : 16);
    });
    p += len;
  });
  return out;
}

/** Rewrites versym entries that referred to dropped versions as VER_NDX_GLOBAL, in `out`. */
export function fixVersym(f: ElfFile, out: Buffer, dropped: Set<number>): void {
  if (!f.versym || !f.versymLoc || dropped.size === 0) return;
  f.versym.forEach((v, i) => {
    if (!dropped.has(v & ~VERSYM_HIDDEN)) return;
    const o = f.versymLoc!.offset + 2 * i;
    if (f.bytes.le) out.writeUInt16LE(1, o); else out.writeUInt16BE(1, o);
  });
}

/**
 * `--clear-symbol-version`: the versym entry of every dynamic symbol with one of `names` becomes
 * VER_NDX_GLOBAL (1), like patchelf (requirements and definitions stay; an unused requirement is
 * harmless). Returns how many symbols changed.
 */
export function clearVersions(f: ElfFile, out: Buffer, names: Set<string>): number {
  if (names.size === 0) return 0;
  if (!f.versym || !f.versymLoc || !f.strtab) {
    throw new ElfError("elf-no-versions", "--clear-symbol-version: the file has no symbol version table (.gnu.version)", f.bytes.where || undefined);
  }
  const offs = f.symbolNameOffs ?? Uint32Array.from(f.symbols.map((s) => s.nameOff));
  const strings = new DecodedStrings(f.bytes, f.strtab.offset, f.strtab.size);
  let changed = 0;
  for (let i = 1; i < f.versym.length; i++) {
    if (f.versym[i] === 1 || !names.has(strings.at(offs[i], "symbol name"))) continue;
    const o = f.versymLoc.offset + 2 * i;
    if (f.bytes.le) out.writeUInt16LE(1, o); else out.writeUInt16BE(1, o);
    changed++;
  }
  return changed;
}
