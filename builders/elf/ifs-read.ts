// Reads IFS text back into an interface: tk's two-document form (ifs-v1 + tk-ifs-ext, the
// extension is authoritative) or a plain llvm-ifs ifs-v1 document (no versions, undefined skipped).
import { yaml } from "./lazy-yaml.js";
import type { ElfInterface, IfaceSymbol, SymKind } from "./interface.js";
import { canonicalise } from "./interface.js";
import { MACHINE_NAMES } from "./constants.js";
import { ElfError } from "./errors.js";

type Obj = Record<string, unknown>;

function bad(msg: string, where?: string): never {
  throw new ElfError("ifs-bad", msg, where);
}

function obj(v: unknown, what: string, where?: string): Obj {
  if (v === null || typeof v !== "object" || Array.isArray(v)) bad(`${what} must be a mapping`, where);
  return v as Obj;
}

function list(v: unknown, what: string, where?: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) bad(`${what} must be a list`, where);
  return v;
}

function str(v: unknown, what: string, where?: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return bad(`${what} must be a string`, where);
}

function num(v: unknown, what: string, where?: string): number {
  if (v === undefined) return 0;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) bad(`${what} must be a non-negative integer`, where);
  return v;
}

const V1_TYPES: Record<string, SymKind> = { Func: "Func", Object: "Object", TLS: "TLS", NoType: "NoType", Unknown: "NoType" };
const EXT_TYPES = new Set<SymKind>(["Func", "Object", "TLS", "IFunc", "Common", "NoType"]);

/** Machine number from an llvm-ifs Arch name (or a number). */
function machineOf(arch: string, where?: string): number {
  for (const [n, name] of MACHINE_NAMES) if (name.toLowerCase() === arch.toLowerCase()) return n;
  if (/^[0-9]+$/.test(arch)) return Number(arch);
  return bad(`unknown Arch ${arch}`, where);
}

const TRIPLE_ARCH: Record<string, [string, number, "little" | "big"]> = {
  x86_64: ["x86_64", 64, "little"], amd64: ["x86_64", 64, "little"], i386: ["i386", 32, "little"], i486: ["i386", 32, "little"],
  i586: ["i386", 32, "little"], i686: ["i386", 32, "little"], aarch64: ["aarch64", 64, "little"], arm64: ["aarch64", 64, "little"],
  arm: ["arm", 32, "little"], armv7: ["arm", 32, "little"], riscv64: ["riscv", 64, "little"], riscv32: ["riscv", 32, "little"],
  powerpc64: ["ppc64", 64, "big"], ppc64: ["ppc64", 64, "big"], powerpc64le: ["ppc64", 64, "little"], ppc64le: ["ppc64", 64, "little"],
  s390x: ["s390x", 64, "big"],
};

/** The Target map for a triple string. */
function tripleTarget(triple: string, where?: string): Obj {
  const a = TRIPLE_ARCH[triple.split("-")[0]] ?? bad(`unknown target triple ${triple}`, where);
  return { ObjectFormat: "ELF", Arch: a[0], BitWidth: a[1], Endianness: a[2] };
}

/** Parses IFS text; `where` names the file in errors. */
export function readIfs(text: string, where?: string): ElfInterface {
  const docs = yaml().parseAllDocuments(text, { uniqueKeys: true });
  if (!Array.isArray(docs) || docs.length === 0) bad("no YAML document", where);
  for (const d of docs) if (d.errors.length > 0) bad(`YAML error: ${d.errors[0].message}`, where);
  const v1 = obj(docs[0].toJS(), "IFS document", where);
  if (docs[0].contents?.tag !== "!ifs-v1") bad("the first document is not tagged !ifs-v1", where);
  if (String(v1.IfsVersion) !== "3" && String(v1.IfsVersion) !== "3.0") bad(`unsupported IfsVersion ${String(v1.IfsVersion)}`, where);
  const extDoc = docs.find((d) => d.contents?.tag === "!tk-ifs-ext");
  const ext = extDoc ? obj(extDoc.toJS(), "tk-ifs-ext document", where) : undefined;
  // Target is a flow map, or (llvm-ifs accepts this too) a triple string such as x86_64-unknown-linux-gnu
  const tgt = typeof v1.Target === "string" ? tripleTarget(v1.Target, where) : obj(v1.Target ?? {}, "Target", where);
  const extT = ext ? obj(ext.Target ?? {}, "Target", where) : {};
  const bw = num(extT.BitWidth ?? tgt.BitWidth ?? 64, "BitWidth", where);
  const endian = str(extT.Endianness ?? tgt.Endianness ?? "little", "Endianness", where);
  const iface: ElfInterface = {
    soname: v1.SoName === undefined ? undefined : str(v1.SoName, "SoName", where),
    target: {
      machine: extT.Machine !== undefined ? num(extT.Machine, "Machine", where) : machineOf(str(tgt.Arch ?? "x86_64", "Arch", where), where),
      is64: bw === 64, le: endian === "little", flags: num(extT.Flags, "Flags", where),
    },
    needed: list(v1.NeededLibs, "NeededLibs", where).map((n) => str(n, "NeededLibs entry", where)),
    versionDefinitions: [], versionRequirements: [], symbols: [],
  };
  if (bw !== 32 && bw !== 64) bad(`BitWidth must be 32 or 64`, where);
  if (endian !== "little" && endian !== "big") bad(`Endianness must be little or big`, where);
  if (!ext) {
    for (const e of list(v1.Symbols, "Symbols", where)) {
      const s = obj(e, "symbol", where);
      if (s.Undefined === true) continue;
      const type = V1_TYPES[str(s.Type, "Type", where)] ?? bad(`unknown symbol Type ${String(s.Type)}`, where);
      iface.symbols.push({ name: str(s.Name, "Name", where), type, size: type === "Func" ? 0 : num(s.Size, "Size", where),
        weak: s.Weak === true, unique: false, protected: false, hidden: false });
    }
    iface.symbols = canonicalise(iface.symbols, undefined, []);
    return iface;
  }
  if (ext.BaseVersion !== undefined) iface.baseVersion = str(ext.BaseVersion, "BaseVersion", where);
  for (const e of list(ext.VersionDefinitions, "VersionDefinitions", where)) {
    const d = obj(e, "version definition", where);
    iface.versionDefinitions.push({ name: str(d.Name, "Name", where),
      parents: list(d.Parents, "Parents", where).map((p) => str(p, "parent", where)), weak: d.Weak === true });
  }
  for (const e of list(ext.VersionRequirements, "VersionRequirements", where)) {
    const r = obj(e, "version requirement", where);
    iface.versionRequirements.push({ file: str(r.File, "File", where), versions: list(r.Versions, "Versions", where).map((v) => {
      const t = str(v, "version", where);
      return t.endsWith(" (weak)") ? { name: t.slice(0, -7), weak: true } : { name: t, weak: false };
    }) });
  }
  const defs = new Set(iface.versionDefinitions.map((d) => d.name));
  const syms: IfaceSymbol[] = [];
  const keys: string[] = [];
  const ranks: number[] = [];
  list(ext.Symbols, "Symbols", where).forEach((e, i) => {
    const s = obj(e, "symbol", where);
    const type = str(s.Type, "Type", where) as SymKind;
    if (!EXT_TYPES.has(type)) bad(`unknown symbol Type ${type}`, where);
    const version = s.Version === undefined ? undefined : str(s.Version, "Version", where);
    if (version !== undefined && !defs.has(version)) bad(`symbol ${String(s.Name)} uses undefined version ${version}`, where);
    syms.push({ name: str(s.Name, "Name", where), type, size: type === "Func" || type === "IFunc" ? 0 : num(s.Size, "Size", where),
      weak: s.Weak === true, unique: s.Unique === true, protected: s.Protected === true, version,
      hidden: version !== undefined && s.Hidden === true });
    keys.push(s.Alias === undefined ? `single:${i}` : `alias:${num(s.Alias, "Alias", where)}`);
    ranks.push(s.AliasRank === undefined ? i : num(s.AliasRank, "AliasRank", where) * 1e7 + i);
  });
  iface.symbols = canonicalise(syms, keys, iface.versionDefinitions, ranks);
  return iface;
}
