// Interface filters applied before writing: --exclude GLOB, --soname, --max-version NAME.
import type { ElfInterface, IfaceSymbol } from "./interface.js";
import { ElfError } from "./errors.js";

/** Compiles a shell glob (`*`, `?`, `[...]`) into an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) { re += "\\["; continue; }
      let body = glob.slice(i + 1, end);
      if (body.startsWith("!")) body = "^" + body.slice(1);
      re += "[" + body.replace(/\\/g, "\\\\") + "]";
      i = end;
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp("^" + re + "$", "s");
}

/** Options of the filters. */
export interface FilterOptions { exclude?: string[]; soname?: string; maxVersion?: string }

/** Applies the filters, returning a new interface. */
export function filterInterface(iface: ElfInterface, opts: FilterOptions): ElfInterface {
  let symbols = iface.symbols;
  let defs = iface.versionDefinitions;
  if (opts.exclude && opts.exclude.length > 0) {
    const res = opts.exclude.map(globToRegExp);
    symbols = symbols.filter((s) => !res.some((r) => r.test(s.name)));
  }
  if (opts.maxVersion !== undefined) {
    const pos = defs.findIndex((d) => d.name === opts.maxVersion);
    if (pos < 0) throw new ElfError("elf-unknown-version", `--max-version ${opts.maxVersion}: the library defines no such version`);
    const kept = new Set(defs.slice(0, pos + 1).map((d) => d.name));
    defs = defs.slice(0, pos + 1).map((d) => ({ ...d, parents: d.parents.filter((p) => kept.has(p)) }));
    const hadDefault = new Set(symbols.filter((s) => s.version !== undefined && !s.hidden).map((s) => s.name));
    symbols = symbols.filter((s) => s.version === undefined || kept.has(s.version)).map((s) => ({ ...s }));
    // a name whose default version was dropped gets its newest remaining version as the default
    const byName = new Map<string, IfaceSymbol[]>();
    for (const s of symbols) if (s.version !== undefined) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
    for (const [name, list] of byName) {
      if (!hadDefault.has(name) || list.some((s) => !s.hidden)) continue;
      list[list.length - 1].hidden = false;
    }
  }
  return { ...iface, soname: opts.soname ?? iface.soname, versionDefinitions: defs, symbols };
}
