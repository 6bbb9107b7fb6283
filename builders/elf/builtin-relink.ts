// builtin:relink — the cheap last step of the compile/relink split. Copies the compile output and
// rewrites every stub store path into the real library path. The rule, by kind of file:
//   - ELF files: the dynamic fields (RUNPATH/RPATH, NEEDED, interpreter; see relink.ts) take any
//     new length; elsewhere only equal-length byte rewrites are possible. A stub path left in
//     bytes the program loads (PT_LOAD ranges, allocated sections) is a BuildError; left in
//     unloaded parts (debug info, .comment, .symtab) it is never used at run time and stays.
//   - text files (no NUL byte anywhere, valid UTF-8): rewrites of any length;
//   - other files (archives, objects, data): equal-length rewrites only; a stub path that would
//     need another length is a BuildError (its offsets cannot move safely).
//   - symlinks: their targets are rewritten as text.
// Give a stubs output a name as long as its library's to make every rewrite possible. Then each
// relinked ELF file's imports are checked against the real libraries on its run path.
import { cpSync, lstatSync, readdirSync, readFileSync, readlinkSync, symlinkSync, unlinkSync, writeFileSync, chmodSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseElf } from "./elf-file.js";
import { relinkBytes } from "./relink.js";
import { checkAgainst, type CheckLib } from "./check-against.js";
import { loadInterface } from "./load-interface.js";
import { BuildError } from "../../store/errors.js";
import { storeConfigFromEnv } from "../../store/config.js";
import { PT_LOAD, SHF_ALLOC, SHT_NOBITS } from "./constants.js";

const isElf = (b: Buffer): boolean => b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;

/** Replaces every occurrence of each `from` by its `to` in a buffer (any length). */
function replaceAll(buf: Buffer, rewrites: Array<{ from: string; to: string }>, sameLengthOnly: boolean): Buffer {
  let out = buf;
  for (const r of rewrites) {
    const from = Buffer.from(r.from), to = Buffer.from(r.to);
    if (from.length === 0 || (sameLengthOnly && from.length !== to.length) || out.indexOf(from) < 0) continue;
    const parts: Buffer[] = [];
    let pos = 0;
    for (let i = out.indexOf(from); i >= 0; i = out.indexOf(from, i + from.length)) { parts.push(out.subarray(pos, i), to); pos = i + from.length; }
    parts.push(out.subarray(pos));
    out = Buffer.concat(parts);
  }
  return out;
}

/** A text file for rewriting: no NUL byte anywhere and valid UTF-8. */
export function isTextFile(buf: Buffer): boolean {
  if (buf.includes(0)) return false;
  try { new TextDecoder("utf-8", { fatal: true }).decode(buf); return true; } catch { return false; }
}

/** The file ranges of an ELF file that a program loads: PT_LOAD segments and allocated sections. */
function loadedRanges(buf: Buffer, where: string): Array<[number, number]> {
  const f = parseElf(buf, where, { symbolNames: false });
  return [
    ...f.segments.filter((s) => s.type === PT_LOAD).map((s): [number, number] => [s.offset, s.offset + s.filesz]),
    ...f.sections.filter((s) => (s.flags & SHF_ALLOC) && s.type !== SHT_NOBITS).map((s): [number, number] => [s.offset, s.offset + s.size]),
  ];
}

/** The first rewrite source still in `buf` (inside `ranges` when given), with its offset. */
function leftover(buf: Buffer, rewrites: Array<{ from: string; to: string }>, ranges?: Array<[number, number]>): { from: string; to: string; at: number } | undefined {
  for (const r of rewrites) {
    const needle = Buffer.from(r.from);
    if (needle.length === 0) continue;
    for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + 1)) {
      if (!ranges || ranges.some(([a, b]) => at < b && at + needle.length > a)) return { ...r, at };
    }
  }
  return undefined;
}

/** The BuildError for a stub path that cannot be rewritten in a file. */
function cannotRewrite(file: string, hit: { from: string; to: string; at: number }, what: string): BuildError {
  return new BuildError("relink-rewrite", `${file}: the stub path ${hit.from} is embedded at offset ${hit.at} in ${what}, and ${hit.to} `
    + `has another length (${Buffer.byteLength(hit.to)} vs ${Buffer.byteLength(hit.from)} bytes), so it cannot be rewritten in place; `
    + `name the stubs output as long as the library's, or do not embed the path there`);
}

/** Lists every path under `dir` (depth first, sorted). */
function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    out.push(p);
    const st = lstatSync(p);
    if (st.isDirectory()) walk(p, out);
  }
  return out;
}

/** The real libraries an ELF file will load, found on its run path (physical paths). */
function librariesOf(buf: Buffer, where: string): CheckLib[] {
  const f = parseElf(buf, where);
  const root = storeConfigFromEnv().storeRoot;
  const dirs = (f.runpath ?? f.rpath ?? "").split(":").filter((d) => d.startsWith("/"));
  const libs: CheckLib[] = [];
  for (const n of f.needed) {
    const hit = n.includes("/") ? [root + n].find(existsSync) : dirs.map((d) => join(root + d, n)).find(existsSync);
    if (hit) libs.push({ name: hit, iface: loadInterface(hit) });
  }
  return libs;
}

/** Builds the relink output `outPhysDir` from the compile output with the given path rewrites. */
export function relinkOutput(compilePhysDir: string, outPhysDir: string, rewrites: Array<{ from: string; to: string }>): void {
  cpSync(compilePhysDir, outPhysDir, { recursive: true, verbatimSymlinks: true });
  const problems: string[] = [];
  for (const p of walk(outPhysDir)) {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) {
      const to = readlinkSync(p);
      const nt = replaceAll(Buffer.from(to), rewrites, false).toString();
      if (nt !== to) { unlinkSync(p); symlinkSync(nt, p); }
      continue;
    }
    if (!st.isFile()) continue;
    chmodSync(p, (st.mode & 0o7777) | 0o200);
    const buf = readFileSync(p);
    let out: Buffer;
    if (isElf(buf)) {
      let relinked: Buffer = buf;
      const f = parseElf(buf, p);
      if (f.dynamic) {
        relinked = relinkBytes(buf, { replacePath: rewrites }, p);
        const libs = librariesOf(relinked, p);
        if (libs.length > 0) problems.push(...checkAgainst(parseElf(relinked, p), libs, { partial: true }).map((m) => `${p.slice(outPhysDir.length + 1)}: ${m}`));
      }
      out = replaceAll(relinked, rewrites, true);
      const hit = leftover(out, rewrites, loadedRanges(out, p));
      if (hit) throw cannotRewrite(p.slice(outPhysDir.length + 1), hit, "data the program loads");
    } else {
      // text files take any rewrite; binary ones (archives, objects, data) only same-length ones
      const text = isTextFile(buf);
      out = replaceAll(buf, rewrites, !text);
      const hit = text ? undefined : leftover(out, rewrites);
      if (hit) throw cannotRewrite(p.slice(outPhysDir.length + 1), hit, "a binary file");
    }
    if (!out.equals(buf)) writeFileSync(p, out);
    chmodSync(p, st.mode & 0o7777);
  }
  if (problems.length > 0) {
    throw new BuildError("relink-check", `relinked files do not match the real libraries:\n  ${problems.join("\n  ")}`);
  }
}
