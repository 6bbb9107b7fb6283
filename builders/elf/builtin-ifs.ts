// builtin:ifs — the stubs builder of the compile/relink split. For every lib/**/*.so* of the input it
// writes a stub (symlinks kept; linker scripts copied with sibling paths made bare names), copies include/,
// and records the normalised target in nix-support/target. Stubs of a foreign target are an error.
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseElf } from "./elf-file.js";
import { extractInterface } from "./interface.js";
import { writeStub } from "./stub-writer.js";
import { normalizeTriple, archOfMachine } from "./target-triple.js";
import { ElfError } from "./errors.js";
import { ET_DYN } from "./constants.js";

const isElf = (b: Buffer): boolean => b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;

/** Builds the stubs output `outPhysDir` from the library output `inputPhysDir`. */
export function buildIfsOutput(inputPhysDir: string, outPhysDir: string, opts: { target?: string }): void {
  mkdirSync(outPhysDir, { recursive: true });
  let target = opts.target ? normalizeTriple(opts.target) : undefined;
  const libIn = join(inputPhysDir, "lib");
  if (existsSync(libIn)) {
    const rels = walkLibs(libIn, "");
    const names = new Set(rels.map((r) => basename(r)));
    for (const rel of rels) {
      const src = join(libIn, rel), dst = join(outPhysDir, "lib", rel);
      mkdirSync(dirname(dst), { recursive: true });
      const st = lstatSync(src);
      if (st.isSymbolicLink()) {
        const to = readlinkSync(src);
        // keep links inside lib/ relative, so they point at the stub and not at the real library
        symlinkSync(to.startsWith("/") && names.has(basename(to)) ? basename(to) : to, dst);
        continue;
      }
      if (!st.isFile()) continue;
      const buf = readFileSync(src);
      if (!isElf(buf)) {
        // a linker script (e.g. GROUP ( /…/libc.so.6 … )): refer to sibling libraries by name, so the
        // stubs do not depend on the real library's store path
        writeFileSync(dst, buf.toString("latin1").replace(/\/[^\s()]*\/([^/\s()]+)/g, (m, b: string) => (names.has(b) ? b : m)), "latin1");
        continue;
      }
      const f = parseElf(buf, src);
      if (f.header.type !== ET_DYN || !f.dynamic) continue;
      const arch = archOfMachine(f.header.machine, f.header.is64) ?? `elf${f.header.machine}`;
      if (!target) target = `${arch}-linux-gnu`;
      if (target.split("-")[0] !== arch) {
        throw new ElfError("elf-target-mismatch", `${rel} is for ${arch}, but the stubs are for ${target}`, src);
      }
      writeFileSync(dst, writeStub(extractInterface(f)));
    }
  }
  const inc = join(inputPhysDir, "include");
  if (existsSync(inc)) cpSync(inc, join(outPhysDir, "include"), { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(outPhysDir, "nix-support"), { recursive: true });
  writeFileSync(join(outPhysDir, "nix-support", "target"), (target ?? "unknown") + "\n");
}

/** Relative paths of every `*.so*` entry under `dir` (sub-directories included), sorted. */
function walkLibs(root: string, rel: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(join(root, rel)).sort()) {
    const r = rel ? `${rel}/${n}` : n;
    const st = lstatSync(join(root, r));
    if (st.isDirectory()) out.push(...walkLibs(root, r));
    else if (/\.so(\.|$)/.test(n)) out.push(r);
  }
  return out;
}
