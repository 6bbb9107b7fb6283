// Corpus test over every ELF shared object of the system library directories: `tk ifs` reads each
// one and writes its stub (llvm-ifs-14 fails on libc and libm), the stub reads back to the same
// interface, and wherever llvm-ifs-14 succeeds the exported symbol names agree (minus llvm-ifs's
// version-name pseudo-symbols, which are not symbols of the library).
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadInterface, interfaceOfBytes } from "../../../builders/elf/load-interface.js";
import { writeStub } from "../../../builders/elf/stub-writer.js";
import { has } from "./helpers.js";

const DIRS = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu"];

/** Real paths of the ELF shared objects (ET_DYN, not executables with an interpreter we skip) in DIRS. */
function sharedObjects(): string[] {
  const seen = new Set<string>();
  for (const dir of DIRS.filter(existsSync)) {
    for (const name of readdirSync(dir)) {
      if (!/\.so(\.|$)/.test(name)) continue;
      let real: string;
      try {
        real = realpathSync(join(dir, name));
        if (!statSync(real).isFile()) continue;
      } catch {
        continue; // dangling link
      }
      if (isElfDyn(real)) seen.add(real);
    }
  }
  return [...seen].sort();
}

function isElfDyn(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(18);
    if (readSync(fd, head, 0, 18, 0) < 18) return false;
    return head.readUInt32BE(0) === 0x7f454c46 && head.readUInt16LE(16) === 3; // "\x7fELF", ET_DYN
  } finally {
    closeSync(fd);
  }
}

/**
 * llvm-ifs-14's symbols of a library, null if it fails: `defined` without its Object/Size 0
 * version-name entries, and `undefined` (imports). llvm-ifs merges symbols by name, so a name the
 * library both imports and defines under a compat version shows up only as an import.
 */
function llvmIfsSymbols(path: string, versionNames: Set<string>): { defined: Set<string>; undefined: Set<string> } | null {
  const r = spawnSync("llvm-ifs-14", ["--input-format=ELF", "--output-ifs=-", path], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) return null;
  const defined = new Set<string>();
  const undef = new Set<string>();
  for (const m of r.stdout.matchAll(/^ {2}- \{ Name: +('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^,]+), Type: (\w+)(?:, Size: (\d+))?(.*)$/gm)) {
    let name = m[1]!.trim();
    if (name.startsWith("'")) name = name.slice(1, -1).replace(/''/g, "'");
    else if (name.startsWith('"')) name = JSON.parse(name) as string;
    if (m[4]!.includes("Undefined: true")) undef.add(name);
    else if (!(m[2] === "Object" && m[3] === "0" && versionNames.has(name))) defined.add(name);
  }
  return { defined, undefined: undef };
}

const libs = sharedObjects();

describe("tk ifs on every system shared object", () => {
  it("finds a real corpus", () => {
    expect(libs.length).toBeGreaterThan(50);
    expect(libs.some((l) => /\/libc\.so\.6$/.test(l))).toBe(true);
  });

  it("reads each library and writes a stub that reads back to the same interface", () => {
    const failures: string[] = [];
    for (const lib of libs) {
      try {
        const iface = loadInterface(lib);
        const back = interfaceOfBytes(writeStub(iface), `${lib} (stub)`);
        expect(back.symbols.map((s) => `${s.name}@${s.version ?? ""}${s.hidden ? "h" : ""}`)).toEqual(
          iface.symbols.map((s) => `${s.name}@${s.version ?? ""}${s.hidden ? "h" : ""}`),
        );
      } catch (e) {
        failures.push(`${lib}: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it.runIf(has("llvm-ifs-14"))("agrees with llvm-ifs-14 on the symbol names wherever llvm-ifs succeeds", () => {
    const disagreements: string[] = [];
    let compared = 0;
    const llvmFailed: string[] = [];
    for (const lib of libs) {
      const iface = loadInterface(lib);
      const versionNames = new Set(iface.versionDefinitions.map((d) => d.name));
      if (iface.baseVersion) versionNames.add(iface.baseVersion);
      const theirs = llvmIfsSymbols(lib, versionNames);
      if (theirs === null) {
        llvmFailed.push(lib);
        continue;
      }
      compared++;
      // llvm-ifs drops STB_GNU_UNIQUE symbols and merges a defined name into an import of the same name.
      const ours = new Set(iface.symbols.filter((s) => !s.unique).map((s) => s.name));
      const onlyOurs = [...ours].filter((n) => !theirs.defined.has(n) && !theirs.undefined.has(n));
      const onlyTheirs = [...theirs.defined].filter((n) => !ours.has(n));
      if (onlyOurs.length || onlyTheirs.length) {
        disagreements.push(`${lib}: only tk ${onlyOurs.slice(0, 5).join(" ")} | only llvm-ifs ${onlyTheirs.slice(0, 5).join(" ")}`);
      }
    }
    console.info(`tk ifs vs llvm-ifs-14: ${libs.length} shared objects, ${compared} compared, llvm-ifs failed on ${llvmFailed.length}: ${llvmFailed.map((l) => l.split("/").pop()).join(" ")}`);
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(libs.length / 2);
    // llvm-ifs cannot read glibc's libc and libm (several versions of one name with different sizes or types).
    expect(llvmFailed.some((l) => /\/libc\.so\.6$/.test(l))).toBe(true);
  }, 600_000);
});
