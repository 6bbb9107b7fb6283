// Encodes the stub's dynamic tables (dynsym, versym, verdef, verneed) as bytes of the target's class
// and byte order. Version indexes: 1 base, 2.. definitions in order, then requirements.
import { ElfBytes } from "./bytes.js";
import type { ElfInterface } from "./interface.js";
import type { StringTable } from "./string-table.js";
import { elfHash } from "./hash-tables.js";
import { VER_FLG_BASE, VER_FLG_WEAK, VERSYM_HIDDEN } from "./constants.js";

/** A zeroed buffer with an ElfBytes view of the target's class and order. */
export function blank(size: number, is64: boolean, le: boolean): ElfBytes {
  return new ElfBytes(Buffer.alloc(size), is64, le);
}

/** Version index of each definition name (2..) and of each requirement (after the definitions). */
export function versionIndexes(iface: ElfInterface): { defs: Map<string, number>; needs: number[][] } {
  const defs = new Map<string, number>();
  iface.versionDefinitions.forEach((d, i) => defs.set(d.name, i + 2));
  let next = iface.versionDefinitions.length + 2;
  const needs = iface.versionRequirements.map((r) => r.versions.map(() => next++));
  return { defs, needs };
}

/** .gnu.version_d: the base definition followed by every definition with its parents. */
export function encodeVerdef(iface: ElfInterface, base: string, str: StringTable, is64: boolean, le: boolean): Buffer {
  const entries = [{ name: base, parents: [] as string[], flags: VER_FLG_BASE },
    ...iface.versionDefinitions.map((d) => ({ name: d.name, parents: d.parents, flags: d.weak ? VER_FLG_WEAK : 0 }))];
  const size = entries.reduce((n, e) => n + 20 + 8 * (1 + e.parents.length), 0);
  const b = blank(size, is64, le);
  let p = 0;
  entries.forEach((e, i) => {
    const names = [e.name, ...e.parents];
    const len = 20 + 8 * names.length;
    b.set16(p, 1); b.set16(p + 2, e.flags); b.set16(p + 4, i + 1); b.set16(p + 6, names.length);
    b.set32(p + 8, elfHash(e.name)); b.set32(p + 12, 20); b.set32(p + 16, i === entries.length - 1 ? 0 : len);
    names.forEach((n, k) => {
      const a = p + 20 + 8 * k;
      b.set32(a, str.get(n)); b.set32(a + 4, k === names.length - 1 ? 0 : 8);
    });
    p += len;
  });
  return b.buf;
}

/** .gnu.version_r: one entry per required file with its versions. */
export function encodeVerneed(iface: ElfInterface, needs: number[][], str: StringTable, is64: boolean, le: boolean): Buffer {
  const reqs = iface.versionRequirements;
  const size = reqs.reduce((n, r) => n + 16 + 16 * r.versions.length, 0);
  const b = blank(size, is64, le);
  let p = 0;
  reqs.forEach((r, i) => {
    const len = 16 + 16 * r.versions.length;
    b.set16(p, 1); b.set16(p + 2, r.versions.length); b.set32(p + 4, str.get(r.file));
    b.set32(p + 8, r.versions.length ? 16 : 0); b.set32(p + 12, i === reqs.length - 1 ? 0 : len);
    r.versions.forEach((v, k) => {
      const a = p + 16 + 16 * k;
      b.set32(a, elfHash(v.name)); b.set16(a + 4, v.weak ? VER_FLG_WEAK : 0); b.set16(a + 6, needs[i][k]);
      b.set32(a + 8, str.get(v.name)); b.set32(a + 12, k === r.versions.length - 1 ? 0 : 16);
    });
    p += len;
  });
  return b.buf;
}

/** .gnu.version: one half per dynamic symbol (index 0 is local). */
export function encodeVersym(iface: ElfInterface, defs: Map<string, number>, is64: boolean, le: boolean): Buffer {
  const b = blank(2 * (iface.symbols.length + 1), is64, le);
  iface.symbols.forEach((s, i) => {
    const v = s.version === undefined ? 1 : (defs.get(s.version) ?? 1) | (s.hidden ? VERSYM_HIDDEN : 0);
    b.set16(2 * (i + 1), v);
  });
  return b.buf;
}
