// Programs linked against tk stubs (GNU ld, gold, lld; PIE and non-PIE) must get the same dynamic
// imports and version needs as when linked against the real library, must bind to the default
// (newest) versions, and must run with the real library. Stubs must be bit-exact for one interface.
import { describe, it, expect, beforeAll } from "vitest";
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { parseElf } from "../../../builders/elf/elf-file.js";
import { extractInterface } from "../../../builders/elf/interface.js";
import { writeStub } from "../../../builders/elf/stub-writer.js";
import { filterInterface } from "../../../builders/elf/iface-filter.js";
import { createHash } from "node:crypto";
import { FIXTURES, GOLDENS, SYSLIB, tmp, has, sh, run, buildLibt, dynNeeds } from "./helpers.js";

const stubOf = (path: string): Buffer => writeStub(extractInterface(parseElf(readFileSync(path), path)));
const linkers = ["bfd", "gold", "lld"].filter((l) => has(`ld.${l}`));
const modes = [["pie", "-pie -fPIE"], ["nopie", "-no-pie -fno-PIE"]] as const;
const canBuild = has("gcc") && has("readelf");

describe.skipIf(!canBuild)("stubs link like the real libraries", () => {
  let dir = "";
  const real = (): string => join(dir, "real");
  const stubs = (): string => join(dir, "stubs");
  beforeAll(() => {
    dir = tmp();
    mkdirSync(real()); mkdirSync(stubs());
    buildLibt(real());
    for (const lib of ["libc.so.6", "libm.so.6", "libz.so.1", "libstdc++.so.6"]) writeFileSync(join(stubs(), lib), stubOf(join(SYSLIB, lib)));
    writeFileSync(join(stubs(), "libt.so.1"), stubOf(join(real(), "libt.so.1")));
    copyFileSync(join(SYSLIB, "libc_nonshared.a"), join(stubs(), "libc_nonshared.a"));
  });

  for (const ld of linkers) {
    for (const [mode, flags] of modes) {
      it(`libt with foo@V1/foo@@V2 (${ld}, ${mode})`, () => {
        const cc = `gcc -fuse-ld=${ld} ${flags} ${FIXTURES}/use.c`;
        sh(`${cc} -o ${dir}/use-real-${ld}-${mode} ${real()}/libt.so.1`);
        sh(`${cc} -o ${dir}/use-stub-${ld}-${mode} ${stubs()}/libt.so.1`);
        const want = dynNeeds(`${dir}/use-real-${ld}-${mode}`);
        expect(dynNeeds(`${dir}/use-stub-${ld}-${mode}`)).toBe(want);
        expect(want).toMatch(/foo@V2/);
        expect(want).toMatch(/libt.so.1 V2/);
        const out = sh(`LD_LIBRARY_PATH=${real()} LD_BIND_NOW=1 ${dir}/use-stub-${ld}-${mode}`);
        expect(out).toBe("foo=2 table=9 counter=6 alias=6 tls=3 fast=42 bar=10 prot=7\n");
      });

      it(`libc, libm, libz (${ld}, ${mode})`, () => {
        const cc = `gcc -fuse-ld=${ld} ${flags} ${FIXTURES}/p.c`;
        sh(`${cc} -o ${dir}/p-real-${ld}-${mode} -lm -lz`);
        const s = stubs();
        sh(`${cc} -nodefaultlibs -o ${dir}/p-stub-${ld}-${mode} ${s}/libm.so.6 ${s}/libz.so.1 ${s}/libc.so.6 ${s}/libc_nonshared.a ${s}/libc.so.6 -lgcc`);
        const got = dynNeeds(`${dir}/p-stub-${ld}-${mode}`);
        expect(got).toBe(dynNeeds(`${dir}/p-real-${ld}-${mode}`));
        for (const v of ["memcpy@GLIBC_2.14", "realpath@GLIBC_2.3", "pthread_cond_signal@GLIBC_2.3.2"]) expect(got).toContain(v);
        expect(sh(`${dir}/p-stub-${ld}-${mode}`)).toMatch(/^hello 1 \/ 3 \d+\n$/);
      });
    }
    it(`libstdc++ (${ld})`, () => {
      const s = stubs();
      sh(`g++ -fuse-ld=${ld} -o ${dir}/cxx-real-${ld} ${FIXTURES}/cxx.cc`);
      sh(`g++ -fuse-ld=${ld} -nodefaultlibs -o ${dir}/cxx-stub-${ld} ${FIXTURES}/cxx.cc ${s}/libstdc++.so.6 ${s}/libm.so.6 -lgcc_s -lgcc ${s}/libc.so.6 ${s}/libc_nonshared.a ${s}/libc.so.6`);
      expect(dynNeeds(`${dir}/cxx-stub-${ld}`)).toBe(dynNeeds(`${dir}/cxx-real-${ld}`));
      expect(sh(`${dir}/cxx-stub-${ld}`)).toBe("2 b\n");
    });
  }

  it("--max-version GLIBC_2.2.5 stubs make programs bind to the old versions (like targeting an old glibc)", () => {
    const old = filterInterface(extractInterface(parseElf(readFileSync(join(SYSLIB, "libc.so.6")))), { maxVersion: "GLIBC_2.2.5" });
    mkdirSync(join(dir, "old"), { recursive: true });
    writeFileSync(join(dir, "old", "libc.so.6"), writeStub(old));
    const s = stubs();
    sh(`gcc -nodefaultlibs -o ${dir}/p-old ${FIXTURES}/p.c ${s}/libm.so.6 ${s}/libz.so.1 ${dir}/old/libc.so.6 ${s}/libc_nonshared.a ${dir}/old/libc.so.6 -lgcc`);
    const got = dynNeeds(`${dir}/p-old`);
    expect(got).toContain("memcpy@GLIBC_2.2.5");
    expect(got).toContain("realpath@GLIBC_2.2.5");
    expect(got).not.toMatch(/libc.so.6 GLIBC_2.14/);
  });

  it("hidden versions are present but not linkable", () => {
    writeFileSync(join(dir, "old.c"), "int old_only(void); int main(void) { return old_only(); }\n");
    const r = run(`gcc -o ${dir}/old ${dir}/old.c ${stubs()}/libt.so.1`);
    expect(r.status).not.toBe(0);
    expect(run(`gcc -o ${dir}/old ${dir}/old.c ${real()}/libt.so.1`).status).not.toBe(0);
    expect(sh(`readelf --dyn-syms -W ${stubs()}/libt.so.1`)).toMatch(/old_only@V1/);
  });

  it("the same interface with different code gives identical stubs; the libraries differ", () => {
    const a = buildLibt(dir, 0, "a.so"), b = buildLibt(dir, 1, "b.so");
    const c = buildLibt(dir, 1, "c.so", "-O0 -g -Wl,--build-id=sha1 -Wl,-z,max-page-size=0x10000");
    expect(readFileSync(a).equals(readFileSync(b))).toBe(false);
    expect(stubOf(a).equals(stubOf(b))).toBe(true);
    expect(stubOf(a).equals(stubOf(c))).toBe(true);
    expect(stubOf(a).equals(stubOf(a))).toBe(true);
  });

  it("readelf finds nothing to complain about in the stubs", () => {
    for (const lib of ["libc.so.6", "libstdc++.so.6", "libt.so.1"]) {
      const r = run(`readelf -a -W ${stubs()}/${lib}`);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe("");
    }
  });
});

describe("stub bytes are stable (recorded goldens; a change here changes every stubs store path)", () => {
  for (const lib of ["libz.so.1", "libstdc++.so.6", "libc.so.6"]) {
    it(lib, () => {
      const path = join(SYSLIB, lib);
      const inputSha = createHash("sha256").update(readFileSync(path)).digest("hex");
      const golden = (n: string): string => readFileSync(join(GOLDENS, n), "utf8");
      if (inputSha !== golden(`${lib}.sha256`).trim()) return; // another system library: nothing to compare
      const stub = stubOf(path);
      expect(createHash("sha256").update(stub).digest("hex")).toBe(golden(`${lib}.stub.sha256`).trim());
      if (lib === "libz.so.1" && has("readelf")) {
        const d = tmp();
        writeFileSync(join(d, "z.so"), stub);
        expect(sh(`readelf -d --dyn-syms -V -W ${d}/z.so`).replaceAll(`${d}/z.so`, "STUB")).toBe(golden("libz.so.1.stub.readelf.txt"));
      }
    });
  }
});
