// Benchmarks of the ELF tools: `tk ifs` vs `llvm-ifs-14` (stub .so of libz and libstdc++), and
// `tk relink --set-rpath` vs `patchelf --set-rpath` on a fresh copy of a large binary (node).
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Benchmark } from "./harness.js";
import { tkArgv } from "./tk-cmd.js";

const SYSLIB = "/usr/lib/x86_64-linux-gnu";

/** tk ifs --output-elf vs llvm-ifs-14 --output-elf on one system library. */
function ifsPair(lib: string, name: string): Benchmark {
  return {
    name,
    description: `stub .so of ${lib} (tk ifs --output-elf vs llvm-ifs-14 --output-elf)`,
    referenceTool: "llvm-ifs-14",
    runs: 7,
    prepare() {
      const dir = mkdtempSync(join(tmpdir(), "tk-bench-ifs-"));
      return {
        tk: { argv: tkArgv("ifs", join(SYSLIB, lib), "--output-elf", join(dir, "tk.so")) },
        reference: { argv: ["llvm-ifs-14", `--output-elf=${join(dir, "llvm.so")}`, join(SYSLIB, lib)] },
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

/** tk ifs vs llvm-ifs-14 on libz. */
export const ifsLibz = ifsPair("libz.so.1", "ifs-libz");
/** tk ifs vs llvm-ifs-14 on libstdc++. */
export const ifsLibstdcxx = ifsPair("libstdc++.so.6", "ifs-libstdcxx");

/** tk relink --set-rpath vs patchelf --set-rpath on a fresh copy of /usr/bin/node (~100 MB). */
export const relinkNode: Benchmark = {
  name: "relink-node",
  description: "set-rpath on a fresh copy of /usr/bin/node (tk relink vs patchelf 0.14)",
  referenceTool: "patchelf",
  runs: 5,
  prepare() {
    const dir = mkdtempSync(join(tmpdir(), "tk-bench-relink-"));
    const a = join(dir, "node-tk"), b = join(dir, "node-pe");
    const rpath = "$ORIGIN/../lib:/opt/custom/lib";
    return {
      tk: { argv: tkArgv("relink", "--set-rpath", rpath, a) },
      reference: { argv: ["patchelf", "--set-rpath", rpath, b] },
      before: () => { copyFileSync("/usr/bin/node", a); copyFileSync("/usr/bin/node", b); },
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};
