// IFS text: the first document must equal what llvm-ifs-14 writes (minus what tk deliberately
// omits: undefined imports and llvm-ifs's fake version-name symbols), llvm-ifs-14 must read tk's
// two-document text, and tk must read its own text back to the same interface and stub bytes.
import { describe, it, expect } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { parseElf } from "../../../builders/elf/elf-file.js";
import { extractInterface } from "../../../builders/elf/interface.js";
import { writeIfs, writeIfsV1 } from "../../../builders/elf/ifs-write.js";
import { readIfs } from "../../../builders/elf/ifs-read.js";
import { writeStub } from "../../../builders/elf/stub-writer.js";
import { filterInterface } from "../../../builders/elf/iface-filter.js";
import { llvmQuoting } from "../../../builders/elf/yaml-style.js";
import { GOLDENS, SYSLIB, tmp, has, sh, run, buildLibt } from "./helpers.js";

const ifaceOf = (p: string) => extractInterface(parseElf(readFileSync(p), p));
/** llvm-ifs output without undefined symbols and without version-name pseudo symbols. */
function llvmComparable(text: string, versionNames: string[]): string {
  const fake = new Set(versionNames);
  return text.split("\n").filter((l) => !l.includes("Undefined: true"))
    .filter((l) => { const m = /^ {2}- \{ Name: ([^,]+), Type: Object, Size: 0 \}$/.exec(l); return !(m && fake.has(m[1])); })
    .join("\n");
}

describe("ifs-v1 layout equals llvm-ifs-14", () => {
  for (const lib of ["libz.so.1", "libstdc++.so.6"]) {
    it(lib, () => {
      const path = join(SYSLIB, lib);
      const iface = ifaceOf(path);
      const ours = writeIfsV1(iface);
      const names = iface.versionDefinitions.map((d) => d.name);
      const sha = createHash("sha256").update(readFileSync(path)).digest("hex");
      const goldenSha = readFileSync(join(GOLDENS, `${lib}.sha256`), "utf8").trim();
      let compared = 0;
      if (sha === goldenSha) {
        expect(ours).toBe(llvmComparable(readFileSync(join(GOLDENS, `${lib}.llvm-ifs-14.ifs`), "utf8"), names));
        compared++;
      }
      if (has("llvm-ifs-14")) {
        const live = sh(`llvm-ifs-14 --output-ifs=- ${path}`);
        expect(ours).toBe(llvmComparable(live, names));
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    });
  }
});

describe("tk's IFS text", () => {
  it("keeps versions, hidden @, parents, protected, IFUNC, TLS, aliases (libt)", () => {
    const dir = tmp();
    const iface = ifaceOf(buildLibt(dir));
    const text = writeIfs(iface);
    expect(text).toContain("  - { Name: V2, Parents: [ V1 ] }");
    expect(text).toContain("  - { Name: foo, Type: Func, Version: V1, Hidden: true }");
    expect(text).toContain("  - { Name: foo, Type: Func, Version: V2 }");
    expect(text).toContain("  - { Name: table, Type: Object, Size: 16, Version: V1, Hidden: true }");
    expect(text).toContain("  - { Name: table, Type: Object, Size: 32, Version: V2 }");
    expect(text).toContain("  - { Name: prot, Type: Object, Size: 4, Version: V1, Protected: true }");
    expect(text).toContain("  - { Name: fast, Type: IFunc, Version: V1 }");
    expect(text).toContain("  - { Name: tls_var, Type: TLS, Size: 4, Version: V1 }");
    expect(text).toMatch(/counter, Type: Object, Size: 4, Version: V1, Alias: 1/);
    expect(text).toMatch(/counter_alias, Type: Object, Size: 4, Version: V1, Weak: true, Alias: 1/);
    expect(text).not.toMatch(/Name: V1, Type/);
  });

  it("reads back to the same interface and the same stub bytes", () => {
    for (const p of [join(SYSLIB, "libc.so.6"), join(SYSLIB, "libstdc++.so.6"), buildLibt(tmp())]) {
      const iface = ifaceOf(p);
      const back = readIfs(writeIfs(iface), "x.ifs");
      expect(back).toEqual(iface);
      expect(writeStub(back).equals(writeStub(iface))).toBe(true);
    }
  });

  it.skipIf(!has("llvm-ifs-14"))("is accepted by llvm-ifs-14 --input-format=IFS (it reads the ifs-v1 document)", () => {
    const dir = tmp();
    const iface = ifaceOf(join(SYSLIB, "libz.so.1"));
    writeFileSync(join(dir, "z.ifs"), writeIfs(iface));
    const r = run(`llvm-ifs-14 --input-format=IFS --output-ifs=- ${dir}/z.ifs`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(writeIfsV1(iface));
    expect(run(`llvm-ifs-14 --input-format=IFS --output-elf=${dir}/z.so ${dir}/z.ifs`).status).toBe(0);
  });

  it.skipIf(!has("llvm-ifs-14"))("llvm-ifs-14 reads tk's stub .so back to the same ifs-v1 symbols", () => {
    const dir = tmp();
    const iface = ifaceOf(join(SYSLIB, "libz.so.1"));
    writeFileSync(join(dir, "z.so"), writeStub(iface));
    const r = run(`llvm-ifs-14 --input-format=ELF --output-ifs=- ${dir}/z.so`);
    expect(r.status).toBe(0);
    expect(llvmComparable(r.stdout, [])).toBe(writeIfsV1(iface));
  });

  it("reads a plain llvm-ifs document (no versions, undefined symbols skipped)", () => {
    const text = readFileSync(join(GOLDENS, "libz.so.1.llvm-ifs-14.ifs"), "utf8");
    const iface = readIfs(text, "z.ifs");
    expect(iface.soname).toBe("libz.so.1");
    expect(iface.needed).toEqual(["libc.so.6"]);
    expect(iface.symbols.find((s) => s.name === "__errno_location")).toBeUndefined();
    expect(iface.symbols.find((s) => s.name === "deflate")?.type).toBe("Func");
    const triple = readIfs(text.replace(/^Target: .*$/m, "Target:          x86_64-unknown-linux-gnu"), "z.ifs");
    expect(triple.target).toEqual(iface.target);
  });

  it("quotes scalars where LLVM does", () => {
    expect(llvmQuoting("libstdc++.so.6")).toBe("single");
    expect(llvmQuoting("_ZNSt6vectorIiSaIiEE")).toBe("none");
    expect(llvmQuoting("foo@@V2")).toBe("single");
    expect(llvmQuoting("true")).toBe("single");
    expect(llvmQuoting("123")).toBe("single");
  });

  it("--exclude, --soname and --max-version filter the interface", () => {
    const iface = ifaceOf(join(SYSLIB, "libc.so.6"));
    const f = filterInterface(iface, { exclude: ["mem*", "str?"], soname: "libc-old.so", maxVersion: "GLIBC_2.2.5" });
    expect(f.soname).toBe("libc-old.so");
    expect(f.symbols.some((s) => s.name.startsWith("mem"))).toBe(false);
    expect(f.symbols.some((s) => s.name === "strlen")).toBe(true);
    expect(f.versionDefinitions.map((d) => d.name)).toEqual(["GLIBC_2.2.5"]);
    // realpath's default was GLIBC_2.3: targeting 2.2.5 makes the old one the default
    const rp = f.symbols.filter((s) => s.name === "realpath");
    expect(rp).toEqual([expect.objectContaining({ version: "GLIBC_2.2.5", hidden: false })]);
    // a compat-only symbol stays hidden
    const orig = iface.symbols.filter((s) => s.name === "_sys_siglist");
    expect(orig.every((s) => s.hidden)).toBe(true);
    expect(f.symbols.filter((s) => s.name === "_sys_siglist").every((s) => s.hidden)).toBe(true);
  });
});
