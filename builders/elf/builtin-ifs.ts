// builtin:ifs — the stubs builder of the compile/relink split. For every lib/*.so* of the input it
// writes a stub (symlinks are kept, linker scripts and other non-ELF files copied), copies include/,
// and records the normalised target in nix-support/target. Stubs of a foreign target are an error.
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
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
    const libOut = join(outPhysDir, "lib");
    mkdirSync(libOut, { recursive: true });
    const names = readdirSync(libIn).filter((n) => /\.so(\.|$)/.test(n)).sort();
    for (const name of names) {
      const src = join(libIn, name), dst = join(libOut, name);
      const st = lstatSync(src);
      if (st.isSymbolicLink()) {
        const to = readlinkSync(src);
        // keep links inside lib/ relative, so they point at the stub and not at the real library
        symlinkSync(to.startsWith("/") && names.includes(basename(to)) ? basename(to) : to, dst);
        continue;
      }
      if (!st.isFile()) continue;
      const buf = readFileSync(src);
      if (!isElf(buf)) { writeFileSync(dst, buf); continue; }
      const f = parseElf(buf, src);
      if (f.header.type !== ET_DYN || !f.dynamic) continue;
      const arch = archOfMachine(f.header.machine, f.header.is64) ?? `elf${f.header.machine}`;
      if (!target) target = `${arch}-linux-gnu`;
      if (target.split("-")[0] !== arch) {
        throw new ElfError("elf-target-mismatch", `${name} is for ${arch}, but the stubs are for ${target}`, src);
      }
      writeFileSync(dst, writeStub(extractInterface(f)));
    }
  }
  const inc = join(inputPhysDir, "include");
  if (existsSync(inc)) cpSync(inc, join(outPhysDir, "include"), { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(outPhysDir, "nix-support"), { recursive: true });
  writeFileSync(join(outPhysDir, "nix-support", "target"), (target ?? "unknown") + "\n");
}
