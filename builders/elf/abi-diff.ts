// A version-aware ABI diff of two library interfaces (no DWARF needed). Each change is classified
// by whom it breaks: old binaries (removed symbol or version, type change, object size change,
// SONAME change) = breaking; additions (new symbols, versions, a default moved to a new version
// while the old one stays) = additions; the rest (binding, visibility, NEEDED) = notes.
import type { ElfInterface, IfaceSymbol } from "./interface.js";

/** How a change affects users of the library. */
export type Severity = "breaking" | "addition" | "note";

/** One difference. */
export interface AbiChange { severity: Severity; kind: string; symbol?: string; detail: string }

/** The overall result. */
export interface AbiReport { verdict: "compatible" | "additions" | "breaking"; changes: AbiChange[] }

const label = (s: IfaceSymbol): string => (s.version === undefined ? s.name : `${s.name}${s.hidden ? "@" : "@@"}${s.version}`);
const key = (s: IfaceSymbol): string => `${s.name}\u0000${s.version ?? ""}`;
const dataLike = (t: string): boolean => t === "Object" || t === "TLS" || t === "Common" || t === "NoType";
const family = (t: string): string => (t === "IFunc" ? "Func" : t === "Common" ? "Object" : t);

/** Compares `old` with `neu`. */
export function abiDiff(old: ElfInterface, neu: ElfInterface): AbiReport {
  const changes: AbiChange[] = [];
  const add = (severity: Severity, kind: string, detail: string, symbol?: string): void => { changes.push({ severity, kind, symbol, detail }); };
  if (old.soname !== neu.soname) add("breaking", "soname", `SONAME ${old.soname ?? "(none)"} -> ${neu.soname ?? "(none)"}`);
  const t = (i: ElfInterface): string => `machine ${i.target.machine}, ${i.target.is64 ? 64 : 32}-bit, ${i.target.le ? "little" : "big"}-endian`;
  if (t(old) !== t(neu)) add("breaking", "target", `target ${t(old)} -> ${t(neu)}`);
  else if (old.target.flags !== neu.target.flags) add("note", "target", `e_flags 0x${old.target.flags.toString(16)} -> 0x${neu.target.flags.toString(16)}`);
  const oldDefs = new Map(old.versionDefinitions.map((d) => [d.name, d]));
  const newDefs = new Map(neu.versionDefinitions.map((d) => [d.name, d]));
  for (const d of old.versionDefinitions) if (!newDefs.has(d.name)) add("breaking", "version-removed", `version ${d.name} removed`);
  for (const d of neu.versionDefinitions) {
    const o = oldDefs.get(d.name);
    if (!o) add("addition", "version-added", `version ${d.name} added`);
    else if (o.parents.join(",") !== d.parents.join(",")) add("note", "version-parents", `version ${d.name} parents [${o.parents.join(", ")}] -> [${d.parents.join(", ")}]`);
  }
  const newSyms = new Map(neu.symbols.map((s) => [key(s), s]));
  const oldSyms = new Map(old.symbols.map((s) => [key(s), s]));
  for (const o of old.symbols) {
    const n = newSyms.get(key(o));
    if (!n) {
      const visible = neu.symbols.filter((s) => s.name === o.name && !s.hidden);
      if (o.version === undefined && visible.length === 1 && family(visible[0].type) === family(o.type)) {
        add("note", "now-versioned", `${o.name} is now versioned as ${label(visible[0])}`, o.name);
      } else add("breaking", "removed", `${label(o)} (${o.type}) removed`, o.name);
      continue;
    }
    if (family(o.type) !== family(n.type)) add("breaking", "type", `${label(o)}: type ${o.type} -> ${n.type}`, o.name);
    else if (o.type !== n.type) add("note", "type", `${label(o)}: type ${o.type} -> ${n.type}`, o.name);
    if (dataLike(o.type) && dataLike(n.type) && o.size !== n.size) add("breaking", "size", `${label(o)}: size ${o.size} -> ${n.size} bytes`, o.name);
    if (o.weak !== n.weak || o.unique !== n.unique) {
      const b = (s: IfaceSymbol): string => (s.unique ? "UNIQUE" : s.weak ? "WEAK" : "GLOBAL");
      add("note", "binding", `${label(o)}: binding ${b(o)} -> ${b(n)}`, o.name);
    }
    if (o.protected !== n.protected) add("note", "visibility", `${label(o)}: ${o.protected ? "PROTECTED" : "DEFAULT"} -> ${n.protected ? "PROTECTED" : "DEFAULT"}`, o.name);
    if (!o.hidden && n.hidden) {
      const moved = neu.symbols.find((s) => s.name === o.name && !s.hidden);
      add(moved ? "addition" : "breaking", moved ? "default-moved" : "hidden",
        moved ? `${o.name}: default version ${o.version} -> ${moved.version} (old binaries keep ${o.name}@${o.version}; new links get ${label(moved)})`
          : `${label(o)} became hidden: new links can no longer use ${o.name}`, o.name);
    } else if (o.hidden && !n.hidden) add("addition", "unhidden", `${o.name}@${o.version} became the default`, o.name);
  }
  for (const n of neu.symbols) {
    if (oldSyms.has(key(n))) continue;
    const wasUnversioned = n.version !== undefined && !n.hidden && oldSyms.has(`${n.name}\u0000`);
    if (!wasUnversioned) add("addition", "added", `${label(n)} (${n.type}) added`, n.name);
  }
  const on = old.needed.join(", "), nn = neu.needed.join(", ");
  if (on !== nn) add("note", "needed", `NEEDED [${on}] -> [${nn}]`);
  const order: Record<Severity, number> = { breaking: 0, addition: 1, note: 2 };
  changes.sort((a, b) => order[a.severity] - order[b.severity]);
  const verdict = changes.some((c) => c.severity === "breaking") ? "breaking" : changes.some((c) => c.severity === "addition") ? "additions" : "compatible";
  return { verdict, changes };
}

/** Human-readable report. */
export function formatAbiReport(r: AbiReport): string {
  const count = (s: Severity): number => r.changes.filter((c) => c.severity === s).length;
  const head = `${r.verdict}: ${count("breaking")} breaking, ${count("addition")} additions, ${count("note")} notes`;
  return [head, ...r.changes.map((c) => `  ${c.severity.padEnd(8)} ${c.kind.padEnd(15)} ${c.detail}`)].join("\n") + "\n";
}
