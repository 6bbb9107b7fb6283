// builtin:relink — the cheap last step of the compile/relink split. Copies the compile output and
// rewrites every stub store path into the real library path: in ELF files through their dynamic
// fields (RUNPATH/RPATH, NEEDED, interpreter; see relink.ts) plus equal-length byte rewrites
// elsewhere, in every other file and symlink as plain strings (binary files: equal length only). Then checks each relinked ELF file's
// imports against the real libraries it now finds on its run path.
import { cpSync, lstatSync, readdirSync, readFileSync, readlinkSync, symlinkSync, unlinkSync, writeFileSync, chmodSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseElf } from "./elf-file.js";
import { relinkBytes } from "./relink.js";
import { checkAgainst, type CheckLib } from "./check-against.js";
import { loadInterface } from "./load-interface.js";
import { BuildError } from "../../store/errors.js";
import { storeConfigFromEnv } from "../../store/config.js";

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
    } else {
      // text files take any rewrite; binary ones (archives, objects, data) only same-length ones
      const binary = buf.subarray(0, 8192).includes(0);
      out = replaceAll(buf, rewrites, binary);
    }
    if (!out.equals(buf)) writeFileSync(p, out);
    chmodSync(p, st.mode & 0o7777);
  }
  if (problems.length > 0) {
    throw new BuildError("relink-check", `relinked files do not match the real libraries:\n  ${problems.join("\n  ")}`);
  }
}
