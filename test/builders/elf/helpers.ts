// Shared helpers of the ELF tests: temporary dirs, shell commands, tool detection, fixture builds.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** Directory of the C fixtures. */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
/** Directory of the recorded goldens. */
export const GOLDENS = join(dirname(fileURLToPath(import.meta.url)), "goldens");
/** Where the system's shared libraries live. */
export const SYSLIB = "/usr/lib/x86_64-linux-gnu";

/** A fresh temporary directory. */
export function tmp(prefix = "tk-elf-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** True when `tool` is on PATH. */
export function has(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
}

/** Runs a bash command, returning stdout; throws with stderr on failure. */
export function sh(cmd: string, cwd?: string): string {
  return execFileSync("bash", ["-c", cmd], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 });
}

/** Runs a bash command and returns status, stdout and stderr without throwing. */
export function run(cmd: string, cwd?: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync("bash", ["-c", cmd], { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Builds the test library libt (soname libt.so.1) with the given VARIANT into dir/name. */
export function buildLibt(dir: string, variant = 0, name = "libt.so.1", cflags = "-O1"): string {
  const out = join(dir, name);
  sh(`gcc -shared -fPIC ${cflags} -DVARIANT=${variant} -o ${out} -Wl,-soname,libt.so.1 -Wl,--version-script=${FIXTURES}/libt.map ${FIXTURES}/libt.c`);
  return out;
}

/** The parts of `readelf --dyn-syms -V` a program's loader cares about: imported names with versions, and verneed. */
export function dynNeeds(path: string): string {
  const syms = sh(`readelf --dyn-syms -W ${path}`).split("\n").slice(3)
    .map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 8)
    .filter((f) => !(f[3] === "NOTYPE" && f[4] === "WEAK" && f[6] === "UND" && !f[7].includes("@")))
    .map((f) => `${f[3]} ${f[4]} ${f[6] === "UND" ? "UND" : "DEF"} ${f[7]}`).sort();
  const vr = sh(`readelf -V -W ${path}`);
  const start = vr.indexOf(".gnu.version_r");
  const need: string[] = [];
  let file = "";
  for (const line of (start >= 0 ? vr.slice(start) : "").split("\n")) {
    const f = /File: (\S+)/.exec(line);
    if (f) file = f[1];
    const n = /Name: (\S+)\s+Flags: (\S+)/.exec(line);
    if (n) need.push(`${file} ${n[1]} ${n[2]}`);
  }
  return [...syms, "--", ...need.sort()].join("\n");
}

/** True when the file exists. */
export function exists(p: string): boolean {
  return existsSync(p);
}
