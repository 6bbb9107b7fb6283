// `--check-against`: verifies, before run time, that every symbol a binary imports (with its
// version) is provided by the given real libraries under glibc's binding rules: a versioned
// reference needs exactly that version; an unversioned one binds to an unversioned definition, or
// to the library's first version (index 2), or to the only non-hidden version; copy-relocated
// objects must keep their size; every required version must be defined.
import type { ElfFile } from "./elf-file.js";
import type { ElfInterface } from "./interface.js";
import { SHN_UNDEF, STB_WEAK, STT_OBJECT, VERSYM_VERSION } from "./constants.js";

/** One library to check against: its interface and a display name. */
export interface CheckLib { name: string; iface: ElfInterface }

/** What the binary imports: name, optional (file, version), weak. */
interface Import { name: string; file?: string; version?: string; weak: boolean }

/** The imports of a parsed binary. */
function importsOf(f: ElfFile): Import[] {
  const byIndex = new Map<number, { file: string; version: string }>();
  for (const n of f.verneeds) for (const a of n.aux) byIndex.set(a.other, { file: n.file, version: a.name });
  const out: Import[] = [];
  f.symbols.forEach((s, i) => {
    if (i === 0 || s.shndx !== SHN_UNDEF || s.name === "") return;
    const v = f.versym ? byIndex.get(f.versym[i] & VERSYM_VERSION) : undefined;
    out.push({ name: s.name, file: v?.file, version: v?.version, weak: s.bind === STB_WEAK });
  });
  return out;
}

/** Returns the problems found (empty when the binary will bind as intended). With `partial`, only
 *  the given libraries are judged (imports that may come from libraries not given are not reported). */
export function checkAgainst(f: ElfFile, libs: CheckLib[], opts: { partial?: boolean } = {}): string[] {
  const problems: string[] = [];
  const bySoname = new Map<string, CheckLib>();
  for (const l of libs) bySoname.set(l.iface.soname ?? l.name.replace(/^.*\//, ""), l);
  for (const n of f.verneeds) {
    const lib = bySoname.get(n.file);
    if (!lib) { if (!opts.partial) problems.push(`${n.file}: required by the binary but not among the libraries given`); continue; }
    const defs = new Set([lib.iface.baseVersion, ...lib.iface.versionDefinitions.map((d) => d.name)]);
    for (const a of n.aux) if (!defs.has(a.name) && !(a.flags & 2)) problems.push(`${n.file}: does not define version ${a.name}`);
  }
  const order = f.needed.map((n) => bySoname.get(n)).filter((l): l is CheckLib => l !== undefined);
  for (const l of libs) if (!order.includes(l)) order.push(l);
  for (const imp of importsOf(f)) {
    if (imp.file !== undefined) {
      const lib = bySoname.get(imp.file);
      if (!lib) continue; // reported above
      if (!lib.iface.symbols.some((s) => s.name === imp.name && s.version === imp.version) && !imp.weak) {
        const dflt = lib.iface.symbols.find((s) => s.name === imp.name && !s.hidden);
        problems.push(`${imp.name}@${imp.version}: not provided by ${imp.file}` + (dflt ? ` (it has ${imp.name}@@${dflt.version ?? "(unversioned)"})` : ""));
      }
      continue;
    }
    let found = false;
    for (const lib of order) {
      const defs = lib.iface.symbols.filter((s) => s.name === imp.name);
      if (defs.length === 0) continue;
      found = true;
      if (defs.some((s) => s.version === undefined)) break;
      const first = lib.iface.versionDefinitions[0]?.name;
      const atFirst = defs.find((s) => s.version === first);
      const visible = defs.filter((s) => !s.hidden);
      const dflt = visible[visible.length - 1];
      if (atFirst && dflt && atFirst !== dflt) {
        problems.push(`${imp.name}: unversioned reference binds to ${imp.name}@${atFirst.version} in ${lib.name}, not the default ${imp.name}@@${dflt.version}`);
      } else if (!atFirst && visible.length !== 1) {
        problems.push(`${imp.name}: unversioned reference cannot bind in ${lib.name} (${visible.length} visible versions)`);
      }
      break;
    }
    if (!found && !imp.weak && !opts.partial) problems.push(`${imp.name}: not provided by any of the libraries given`);
  }
  // copy relocations: objects the binary defines that a library also defines must keep their size
  f.symbols.forEach((s, i) => {
    if (i === 0 || s.shndx === SHN_UNDEF || s.type !== STT_OBJECT) return;
    for (const lib of order) {
      const d = lib.iface.symbols.find((x) => x.name === s.name && !x.hidden && x.type === "Object");
      if (d && d.size !== s.size) problems.push(`${s.name}: copied with ${s.size} bytes but ${lib.name} defines ${d.size}`);
      if (d) break;
    }
  });
  return problems;
}
