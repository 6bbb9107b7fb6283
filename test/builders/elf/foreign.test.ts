// Foreign layouts made with llvm-mc + ld.lld: a big-endian ELF64 (powerpc64) library and a 32-bit
// (i386) one. tk must extract their interfaces, write stubs that lld links like the real library,
// and relink them (growing) into files readelf accepts.
import { describe, it, expect, beforeAll } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseElf } from "../../../builders/elf/elf-file.js";
import { extractInterface } from "../../../builders/elf/interface.js";
import { writeStub } from "../../../builders/elf/stub-writer.js";
import { relinkBytes } from "../../../builders/elf/relink.js";
import { FIXTURES, tmp, has, sh, run, dynNeeds } from "./helpers.js";

const ok = has("llvm-mc-14") && has("ld.lld") && has("readelf");

describe.skipIf(!ok)("big-endian ELF64 and ELF32 libraries", () => {
  let dir = "";
  beforeAll(() => {
    dir = tmp();
    sh(`llvm-mc-14 -triple=powerpc64-unknown-linux-gnu -filetype=obj -o ${dir}/be.o ${FIXTURES}/ppc64-lib.s`);
    sh(`ld.lld -shared -soname libbe.so.1 --version-script ${FIXTURES}/ppc64-lib.map -o ${dir}/libbe.so ${dir}/be.o`);
    sh(`llvm-mc-14 -triple=powerpc64-unknown-linux-gnu -filetype=obj -o ${dir}/use.o ${FIXTURES}/ppc64-use.s`);
    sh(`llvm-mc-14 -triple=i386-unknown-linux-gnu -filetype=obj -o ${dir}/i386.o ${FIXTURES}/i386-lib.s`);
    sh(`ld.lld -shared -soname libi386.so.1 -o ${dir}/libi386.so ${dir}/i386.o`);
  });

  it("extracts the powerpc64 interface with versions", () => {
    const f = parseElf(readFileSync(`${dir}/libbe.so`));
    expect(f.header.le).toBe(false);
    const i = extractInterface(f);
    expect(i.target).toEqual({ machine: 21, is64: true, le: false, flags: 2 });
    expect(i.symbols.map((s) => `${s.name}${s.hidden ? "@" : "@@"}${s.version} ${s.type} ${s.size}`))
      .toEqual(["foo@V1 Func 0", "foo@@V2 Func 0", "table@@V1 Object 16"]);
  });

  it("a program links against the powerpc64 stub like against the real library (lld)", () => {
    writeFileSync(`${dir}/stub/libbe.so`.replace("/stub/", "/stub-"), writeStub(extractInterface(parseElf(readFileSync(`${dir}/libbe.so`)))));
    sh(`ld.lld -o ${dir}/prog-real ${dir}/use.o ${dir}/libbe.so`);
    sh(`ld.lld -o ${dir}/prog-stub ${dir}/use.o ${dir}/stub-libbe.so`);
    expect(dynNeeds(`${dir}/prog-stub`)).toBe(dynNeeds(`${dir}/prog-real`));
    expect(dynNeeds(`${dir}/prog-stub`)).toContain("foo@V2");
    expect(run(`readelf -a -W ${dir}/stub-libbe.so`).stderr).toBe("");
  });

  for (const lib of ["libbe.so", "libi386.so"]) {
    it(`relinks ${lib} with a growing run path and a new soname`, () => {
      const path = `${dir}/${lib}`;
      const before = extractInterface(parseElf(readFileSync(path)));
      const out = relinkBytes(readFileSync(path), { setRpath: "/opt/" + "r".repeat(600), setSoname: "libnew-name.so.9" }, lib);
      writeFileSync(`${path}.relinked`, out);
      const r = run(`readelf -d -l -S -V -W ${path}.relinked`);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toContain(`Library runpath: [/opt/${"r".repeat(600)}]`);
      expect(r.stdout).toContain("Library soname: [libnew-name.so.9]");
      const after = extractInterface(parseElf(out));
      expect(after).toEqual({ ...before, soname: "libnew-name.so.9" });
    });
  }
});
