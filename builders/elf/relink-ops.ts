// What `tk relink` can do to a file (patchelf's edits), and how the edits turn into the wanted
// dynamic entries. Edits are planned together, so several in one call never interfere.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ElfFile } from "./elf-file.js";
import { dynString } from "./dynamic.js";
import { ElfError } from "./errors.js";
import { DT_NEEDED, DT_RPATH, DT_RUNPATH, DT_SONAME } from "./constants.js";

/** The edits of one `tk relink` call. */
export interface RelinkOps {
  setInterpreter?: string;
  setSoname?: string;
  setRpath?: string;
  addRpath?: string;
  removeRpath?: boolean;
  shrinkRpath?: boolean;
  allowedRpathPrefixes?: string[];
  /** Write DT_RPATH instead of DT_RUNPATH. */
  forceRpath?: boolean;
  addNeeded?: string[];
  removeNeeded?: string[];
  replaceNeeded?: Array<{ from: string; to: string }>;
  /** Substring rewrites applied to RUNPATH/RPATH, NEEDED and the interpreter. */
  replacePath?: Array<{ from: string; to: string }>;
  /** Dynamic symbols whose version is cleared (versym set to VER_NDX_GLOBAL), as patchelf does. */
  clearSymbolVersion?: string[];
}

/** A wanted dynamic entry: string entries carry their text (and `orig`, the text at `val` before). */
export interface WantEntry { tag: number; val: number; str?: string; orig?: string }

/** The planned result of the edits. */
export interface RelinkPlan {
  entries: WantEntry[];
  interp?: string;
  /** vn_file names whose verneed entries must go (removed DT_NEEDED). */
  dropVerneed: Set<string>;
  /** vn_file renames (replaced DT_NEEDED). */
  renameVerneed: Map<string, string>;
}

const STRING_TAGS = new Set([DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH]);

/** True for dynamic tags whose value is a string-table offset that relink may rewrite. */
export function isStringTag(tag: number): boolean {
  return STRING_TAGS.has(tag);
}

/** Applies every substring rewrite to `s`. */
function rewrite(s: string, reps: Array<{ from: string; to: string }>): string {
  for (const r of reps) if (r.from !== "") s = s.split(r.from).join(r.to);
  return s;
}

/** Keeps the rpath entries that hold a needed library not found earlier (patchelf's --shrink-rpath). */
function shrink(rpath: string, needed: string[], allowed: string[] | undefined): string {
  const found = new Set<string>();
  const kept: string[] = [];
  for (const dir of rpath.split(":")) {
    if (dir === "") continue;
    if (allowed && allowed.length > 0 && !allowed.some((p) => dir.startsWith(p))) continue;
    if (!dir.startsWith("/")) { kept.push(dir); continue; }
    const here = needed.filter((n) => !found.has(n) && existsSync(join(dir, n)));
    if (here.length === 0) continue;
    here.forEach((n) => found.add(n));
    kept.push(dir);
  }
  return kept.join(":");
}

/** Turns the edits into the wanted dynamic entries and side effects. */
export function planRelink(f: ElfFile, ops: RelinkOps): RelinkPlan {
  if (!f.dynamic || !f.strtab) throw new ElfError("elf-no-dynamic", "the file has no dynamic section (statically linked?)", f.bytes.where || undefined);
  const st = f.strtab;
  let entries: WantEntry[] = f.dynamic.entries.map((e) => ({
    tag: e.tag, val: e.val, str: isStringTag(e.tag) ? dynString(f.bytes, st, e.val, "dynamic string") : undefined,
  }));
  for (const e of entries) e.orig = e.str;
  const plan: RelinkPlan = { entries, dropVerneed: new Set(), renameVerneed: new Map() };
  for (const r of ops.replaceNeeded ?? []) {
    for (const e of entries) if (e.tag === DT_NEEDED && e.str === r.from) e.str = r.to;
    if (f.verneeds.some((n) => n.file === r.from)) plan.renameVerneed.set(r.from, r.to);
  }
  for (const name of ops.removeNeeded ?? []) {
    entries = entries.filter((e) => !(e.tag === DT_NEEDED && e.str === name));
    plan.dropVerneed.add(name);
  }
  const have = new Set(entries.filter((e) => e.tag === DT_NEEDED).map((e) => e.str));
  const add = (ops.addNeeded ?? []).filter((n, i, all) => !have.has(n) && all.indexOf(n) === i);
  entries = [...add.map((n) => ({ tag: DT_NEEDED, val: 0, str: n })), ...entries];
  if (ops.setSoname !== undefined) {
    const e = entries.find((x) => x.tag === DT_SONAME);
    if (e) e.str = ops.setSoname; else entries.push({ tag: DT_SONAME, val: 0, str: ops.setSoname });
  }
  // rpath: one value, written as DT_RUNPATH (default) or DT_RPATH (--force-rpath)
  const rp = entries.find((e) => e.tag === DT_RUNPATH) ?? entries.find((e) => e.tag === DT_RPATH);
  let value = rp?.str;
  const touched = ops.setRpath !== undefined || ops.addRpath !== undefined || ops.removeRpath || ops.shrinkRpath || ops.forceRpath;
  if (ops.removeRpath) value = undefined;
  if (ops.setRpath !== undefined) value = ops.setRpath;
  if (ops.addRpath !== undefined) value = value ? `${value}:${ops.addRpath}` : ops.addRpath;
  if (ops.shrinkRpath && value !== undefined) {
    value = shrink(value, entries.filter((e) => e.tag === DT_NEEDED).map((e) => e.str!), ops.allowedRpathPrefixes);
  }
  if (touched) {
    const tag = ops.forceRpath ? DT_RPATH : DT_RUNPATH;
    const pos = entries.findIndex((e) => e.tag === DT_RPATH || e.tag === DT_RUNPATH);
    entries = entries.filter((e) => e.tag !== DT_RPATH && e.tag !== DT_RUNPATH);
    if (value !== undefined) {
      const entry: WantEntry = { tag, val: rp?.val ?? 0, str: value, orig: rp?.orig };
      // like patchelf, a new run path entry goes first
      if (pos >= 0) entries.splice(pos, 0, entry); else entries.unshift(entry);
    }
  }
  for (const e of entries) if (ops.replacePath?.length && e.str !== undefined && (e.tag !== DT_SONAME)) e.str = rewrite(e.str, ops.replacePath);
  for (const [from, to] of plan.renameVerneed) plan.renameVerneed.set(from, rewrite(to, ops.replacePath ?? []));
  for (const n of f.verneeds) {
    const to = rewrite(n.file, ops.replacePath ?? []);
    if (to !== n.file && !plan.renameVerneed.has(n.file)) plan.renameVerneed.set(n.file, to);
  }
  plan.entries = entries;
  let interp = ops.setInterpreter ?? f.interp;
  if (interp !== undefined && ops.replacePath?.length) interp = rewrite(interp, ops.replacePath);
  if (interp !== f.interp) {
    if (f.interp === undefined) throw new ElfError("elf-no-interp", "the file has no PT_INTERP to set", f.bytes.where || undefined);
    plan.interp = interp;
  }
  return plan;
}
