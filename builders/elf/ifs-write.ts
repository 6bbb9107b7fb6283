// Writes an interface as IFS text: first an `--- !ifs-v1` document laid out exactly as llvm-ifs-14
// writes it (llvm-ifs reads it and ignores the rest), then a `--- !tk-ifs-ext` document carrying what
// ifs-v1 cannot say: versions (definitions with parents, per symbol, hidden @ vs default @@),
// requirements, protected visibility, GNU unique binding, IFUNC and alias groups.
import { flow } from "./yaml-style.js";
import type { ElfInterface, IfaceSymbol } from "./interface.js";
import { MACHINE_NAMES } from "./constants.js";

/** `Key:` padded so that the value starts at column 18, as LLVM's YAML writer does. */
function kv(key: string, value: string): string {
  const k = key + ":";
  return k + " ".repeat(Math.max(1, 17 - k.length)) + value;
}

/** The symbol as llvm-ifs lists it (Name, Type, Size, Weak); IFUNC and Common are given as Func and Object. */
function ifsV1Entry(s: IfaceSymbol): Record<string, unknown> {
  const type = s.type === "IFunc" ? "Func" : s.type === "Common" ? "Object" : s.type;
  const e: Record<string, unknown> = { Name: s.name, Type: type };
  if (type !== "Func") e.Size = s.size;
  if (s.weak) e.Weak = true;
  return e;
}

/** The llvm-ifs architecture name of a machine (numbers for machines it has no name for). */
export function archName(machine: number): string {
  return MACHINE_NAMES.get(machine) ?? String(machine);
}

/** The text of the first (llvm-ifs compatible) document: linkable names only, one entry each. */
export function writeIfsV1(iface: ElfInterface): string {
  const t = iface.target;
  const lines = ["--- !ifs-v1", kv("IfsVersion", "3.0")];
  if (iface.soname !== undefined) lines.push(kv("SoName", flow(iface.soname)));
  lines.push(kv("Target", flow({ ObjectFormat: "ELF", Arch: archName(t.machine), Endianness: t.le ? "little" : "big", BitWidth: t.is64 ? 64 : 32 })));
  if (iface.needed.length > 0) {
    lines.push("NeededLibs:");
    for (const n of iface.needed) lines.push("  - " + flow(n));
  }
  lines.push("Symbols:");
  const seen = new Set<string>();
  for (const s of iface.symbols) {
    // like llvm-ifs: GNU unique symbols are not listed here (the extension document has them)
    if (s.hidden || s.unique || seen.has(s.name)) continue;
    seen.add(s.name);
    lines.push("  - " + flow(ifsV1Entry(s)));
  }
  if (seen.size === 0) lines[lines.length - 1] = "Symbols:         []";
  lines.push("...");
  return lines.join("\n") + "\n";
}

/** The text of the extension document (every symbol, with versions and the rest). */
export function writeIfsExt(iface: ElfInterface): string {
  const t = iface.target;
  const lines = ["--- !tk-ifs-ext", kv("TkIfsExt", "1"),
    kv("Target", flow({ Machine: t.machine, BitWidth: t.is64 ? 64 : 32, Endianness: t.le ? "little" : "big", Flags: t.flags }))];
  if (iface.baseVersion !== undefined) lines.push(kv("BaseVersion", flow(iface.baseVersion)));
  if (iface.versionDefinitions.length > 0) {
    lines.push("VersionDefinitions:");
    for (const d of iface.versionDefinitions) {
      const e: Record<string, unknown> = { Name: d.name };
      if (d.parents.length > 0) e.Parents = d.parents;
      if (d.weak) e.Weak = true;
      lines.push("  - " + flow(e));
    }
  }
  if (iface.versionRequirements.length > 0) {
    lines.push("VersionRequirements:");
    for (const r of iface.versionRequirements) {
      lines.push("  - " + flow({ File: r.file, Versions: r.versions.map((v) => (v.weak ? `${v.name} (weak)` : v.name)) }));
    }
  }
  lines.push(iface.symbols.length > 0 ? "Symbols:" : "Symbols:         []");
  for (const s of iface.symbols) {
    const e: Record<string, unknown> = { Name: s.name, Type: s.type };
    if (s.type !== "Func" && s.type !== "IFunc") e.Size = s.size;
    if (s.version !== undefined) e.Version = s.version;
    if (s.hidden) e.Hidden = true;
    if (s.weak) e.Weak = true;
    if (s.unique) e.Unique = true;
    if (s.protected) e.Protected = true;
    if (s.alias !== undefined) e.Alias = s.alias;
    if (s.aliasRank !== undefined) e.AliasRank = s.aliasRank;
    lines.push("  - " + flow(e));
  }
  lines.push("...");
  return lines.join("\n") + "\n";
}

/** The complete IFS text: the ifs-v1 document followed by the extension document. */
export function writeIfs(iface: ElfInterface): string {
  return writeIfsV1(iface) + writeIfsExt(iface);
}
