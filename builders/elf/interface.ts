// The interface model of a shared library: what a linker needs from it and nothing that changes
// with its code. Extracted from a parsed ELF file; written as IFS text or as a stub .so.
import type { ElfFile } from "./elf-file.js";
import {
  SHN_ABS, SHN_UNDEF, STB_GLOBAL, STB_GNU_UNIQUE, STB_WEAK, STT_COMMON, STT_FUNC, STT_GNU_IFUNC, STT_NOTYPE,
  STT_OBJECT, STT_TLS, STV_DEFAULT, STV_PROTECTED, VER_FLG_BASE, VER_FLG_WEAK, VERSYM_HIDDEN, VERSYM_VERSION,
} from "./constants.js";

/** Symbol kinds the interface keeps. */
export type SymKind = "Func" | "Object" | "TLS" | "IFunc" | "Common" | "NoType";

/** One exported dynamic symbol (one (name, version) pair). */
export interface IfaceSymbol {
  name: string;
  type: SymKind;
  /** st_size for data (Object, TLS, Common, NoType); 0 for functions, whose size is code. */
  size: number;
  weak: boolean;
  /** STB_GNU_UNIQUE binding. */
  unique: boolean;
  protected: boolean;
  /** Version name, or undefined for an unversioned (VER_NDX_GLOBAL) symbol. */
  version?: string;
  /** Hidden version (`name@V`): present for old binaries, not linkable by new links. */
  hidden: boolean;
  /** Alias group id, set only when several symbols shared one (section, value) in the library. */
  alias?: number;
  /** Position within its alias group in the library's own .dynsym order (linkers are sensitive to it). */
  aliasRank?: number;
}

/** A version definition with its parent chain. */
export interface IfaceVersionDef { name: string; parents: string[]; weak: boolean }

/** Versions the library itself needs from one file. */
export interface IfaceVersionNeed { file: string; versions: Array<{ name: string; weak: boolean }> }

/** The ELF target of a stub: enough to write a header the linker accepts. */
export interface IfaceTarget { machine: number; is64: boolean; le: boolean; flags: number }

/** A library's interface. */
export interface ElfInterface {
  soname?: string;
  target: IfaceTarget;
  needed: string[];
  /** Name of the base version definition (VER_FLG_BASE), usually the soname. */
  baseVersion?: string;
  versionDefinitions: IfaceVersionDef[];
  versionRequirements: IfaceVersionNeed[];
  /** Sorted by name (byte order), then version definition order, then hidden last. */
  symbols: IfaceSymbol[];
}

const KINDS = new Map<number, SymKind>([
  [STT_FUNC, "Func"], [STT_OBJECT, "Object"], [STT_TLS, "TLS"], [STT_GNU_IFUNC, "IFunc"], [STT_COMMON, "Common"],
  [STT_NOTYPE, "NoType"],
]);

/** Byte-order comparison (what llvm-ifs uses for sorting). */
export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A fresh copy of a symbol with one fixed property order (fast, monomorphic objects). */
function copySymbol(s: IfaceSymbol, keepAlias: boolean): IfaceSymbol {
  const c: IfaceSymbol = { name: s.name, type: s.type, size: s.size, weak: s.weak, unique: s.unique, protected: s.protected,
    version: s.version, hidden: s.hidden };
  if (keepAlias && s.alias !== undefined) c.alias = s.alias;
  if (keepAlias && s.aliasRank !== undefined) c.aliasRank = s.aliasRank;
  return c;
}

/** Sorts symbols canonically and assigns alias ids from the given group keys (index-aligned). */
export function canonicalise(symbols: IfaceSymbol[], groupKeys: Array<string | number> | undefined, defs: IfaceVersionDef[], ranks?: number[]): IfaceSymbol[] {
  const order = new Map(defs.map((d, i) => [d.name, i + 1]));
  const n = symbols.length;
  const vrank = new Float64Array(n);
  const idx: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = symbols[i].version;
    vrank[i] = v === undefined ? 0 : order.get(v) ?? 1e9;
    idx[i] = i;
  }
  idx.sort((x, y) => {
    const a = symbols[x], b = symbols[y];
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    return vrank[x] - vrank[y] || byteCompare(a.version ?? "", b.version ?? "") || Number(a.hidden) - Number(b.hidden);
  });
  const sorted: IfaceSymbol[] = new Array(n);
  for (let pos = 0; pos < n; pos++) sorted[pos] = copySymbol(symbols[idx[pos]], groupKeys === undefined);
  if (groupKeys) {
    const count = new Map<string | number, number>();
    for (const k of groupKeys) count.set(k, (count.get(k) ?? 0) + 1);
    const ids = new Map<string | number, number>();
    const members: number[][] = [];
    for (let pos = 0; pos < n; pos++) {
      const k = groupKeys[idx[pos]];
      if ((count.get(k) ?? 0) < 2) continue;
      let id = ids.get(k);
      if (id === undefined) { id = ids.size + 1; ids.set(k, id); members.push([]); }
      sorted[pos].alias = id;
      members[id - 1].push(pos);
    }
    // rank = order of the members in the input (the library's .dynsym order, or the IFS's ranks),
    // written only for groups whose input order differs from the canonical one
    for (const positions of members) {
      const byInput = [...positions].sort((x, y) => (ranks?.[idx[x]] ?? idx[x]) - (ranks?.[idx[y]] ?? idx[y]));
      if (byInput.some((p, i) => p !== positions[i])) byInput.forEach((pos, r) => { sorted[pos].aliasRank = r; });
    }
  }
  return sorted;
}

/** Extracts the interface of a parsed shared library. */
export function extractInterface(f: ElfFile): ElfInterface {
  const defsByIndex = new Map(f.verdefs.map((d) => [d.index, d]));
  const base = f.verdefs.find((d) => d.flags & VER_FLG_BASE);
  const versionDefinitions = f.verdefs.filter((d) => !(d.flags & VER_FLG_BASE))
    .map((d) => ({ name: d.name, parents: [...d.parents], weak: (d.flags & VER_FLG_WEAK) !== 0 }));
  const defNames = new Set(f.verdefs.map((d) => d.name));
  const symbols: IfaceSymbol[] = [];
  // alias group keys: one number per (section, value, TLS or not); ABS symbols are never aliases
  const keys: number[] = [];
  const places = new Map<number, Map<number, number>>();
  const groupOf = (shndx: number, value: number, tls: boolean): number => {
    const sec = shndx * 2 + (tls ? 1 : 0);
    let byValue = places.get(sec);
    if (!byValue) places.set(sec, byValue = new Map());
    let id = byValue.get(value);
    if (id === undefined) byValue.set(value, id = keys.length);
    return id;
  };
  f.symbols.forEach((s, i) => {
    if (i === 0 || s.shndx === SHN_UNDEF || s.name === "") return;
    if (s.bind !== STB_GLOBAL && s.bind !== STB_WEAK && s.bind !== STB_GNU_UNIQUE) return;
    if (s.visibility !== STV_DEFAULT && s.visibility !== STV_PROTECTED) return;
    const type = KINDS.get(s.type);
    if (!type) return;
    const vs = f.versym ? f.versym[i] : 1;
    const vi = vs & VERSYM_VERSION;
    if (vi === 0) return;
    const def = vi >= 2 ? defsByIndex.get(vi) : undefined;
    const version = def && !(def.flags & VER_FLG_BASE) ? def.name : undefined;
    // the symbols binutils emits for each version node (ABS, size 0, named like the version)
    if (s.shndx === SHN_ABS && s.value === 0 && s.size === 0 && defNames.has(s.name)) return;
    const code = type === "Func" || type === "IFunc";
    symbols.push({
      name: s.name, type, size: code ? 0 : s.size, weak: s.bind === STB_WEAK, unique: s.bind === STB_GNU_UNIQUE,
      protected: s.visibility === STV_PROTECTED, version, hidden: version !== undefined && (vs & VERSYM_HIDDEN) !== 0,
    });
    keys.push(s.shndx === SHN_ABS ? -1 - i : groupOf(s.shndx, s.value, type === "TLS"));
  });
  return {
    soname: f.soname,
    target: { machine: f.header.machine, is64: f.header.is64, le: f.header.le, flags: f.header.flags },
    needed: [...f.needed],
    baseVersion: base?.name,
    versionDefinitions,
    versionRequirements: f.verneeds.map((n) => ({ file: n.file, versions: n.aux.map((a) => ({ name: a.name, weak: (a.flags & VER_FLG_WEAK) !== 0 })) })),
    symbols: canonicalise(symbols, keys, versionDefinitions),
  };
}
