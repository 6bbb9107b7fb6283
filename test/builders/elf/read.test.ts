// The ELF reader: agrees with readelf on real libraries, works from PT_DYNAMIC when section headers
// are gone, and handles ELF32 and big-endian files (written by tk's stub writer, checked by readelf).
import { describe, it, expect } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseElf } from "../../../builders/elf/elf-file.js";
import { extractInterface, type ElfInterface } from "../../../builders/elf/interface.js";
import { writeStub } from "../../../builders/elf/stub-writer.js";
import { writeIfs } from "../../../builders/elf/ifs-write.js";
import { readIfs } from "../../../builders/elf/ifs-read.js";
import { ElfError } from "../../../builders/elf/errors.js";
import { TkError } from "../../../store/errors.js";
import { SYSLIB, tmp, has, sh, buildLibt } from "./helpers.js";

/** Zeroes e_shoff/e_shnum/e_shstrndx of an ELF64 LE file. */
function stripSectionHeaders(buf: Buffer): Buffer {
  const b = Buffer.from(buf);
  b.writeBigUInt64LE(0n, 40); b.writeUInt16LE(0, 60); b.writeUInt16LE(0, 62);
  return b;
}

describe("ELF reader", () => {
  it("agrees with readelf on libc.so.6 (soname, needed, dynsym count, versions)", () => {
    const p = join(SYSLIB, "libc.so.6");
    const f = parseElf(readFileSync(p), p);
    expect(f.soname).toBe("libc.so.6");
    expect(f.needed).toEqual(["ld-linux-x86-64.so.2"]);
    if (has("readelf")) {
      const n = Number(/contains (\d+) entries/.exec(sh(`readelf --dyn-syms -W ${p}`))![1]);
      expect(f.symbols.length).toBe(n);
      const vd = sh(`readelf -V -W ${p}`);
      expect(f.verdefs.length).toBe(Number(/\.gnu\.version_d' contains (\d+) entries/.exec(vd)![1]));
    }
    expect(f.verdefs.find((d) => d.name === "GLIBC_2.3")?.parents).toEqual(["GLIBC_2.2.6"]);
  });

  it("reads the same interface without section headers (PT_DYNAMIC, DT_GNU_HASH count)", () => {
    for (const lib of ["libz.so.1", "libstdc++.so.6"]) {
      const buf = readFileSync(join(SYSLIB, lib));
      const a = extractInterface(parseElf(buf, lib));
      const bare = parseElf(stripSectionHeaders(buf), lib);
      expect(bare.sections).toEqual([]);
      expect(extractInterface(bare)).toEqual(a);
    }
  });

  it("reads stubs back (DT_HASH count, no sections needed) for ELF32/ELF64, LE/BE", () => {
    const dir = tmp();
    const base = extractInterface(parseElf(readFileSync(buildLibt(dir)), "libt"));
    for (const [is64, le, machine] of [[true, true, 62], [false, true, 3], [true, false, 21], [false, false, 20]] as const) {
      const iface: ElfInterface = { ...base, target: { machine, is64, le, flags: 0 } };
      const stub = writeStub(iface);
      expect(extractInterface(parseElf(stub, "stub"))).toEqual(iface);
      const f = parseElf(stub, "stub");
      expect(f.header.is64).toBe(is64);
      expect(f.header.le).toBe(le);
      if (has("readelf")) {
        const path = join(dir, `stub-${is64 ? 64 : 32}${le ? "le" : "be"}.so`);
        writeFileSync(path, stub);
        const out = sh(`readelf -a -W ${path} 2>&1`);
        expect(out).not.toMatch(/[Ww]arning|[Ee]rror/);
        expect(out).toContain("foo@V1");
        expect(out).toContain("foo@@V2");
      }
    }
  });

  it("stub layout: distinct addresses, shared alias address, writable NOBITS data with sizes, TLS section", () => {
    const stub = parseElf(writeStub(extractInterface(parseElf(readFileSync(buildLibt(tmp())), "libt"))), "stub");
    const sym = (name: string, hidden?: boolean) => stub.symbols.find((s, i) => s.name === name
      && (hidden === undefined || ((stub.versym![i] & 0x8000) !== 0) === hidden))!;
    const sec = (i: number) => stub.sections[i];
    expect(sym("counter").value).toBe(sym("counter_alias").value);
    expect(sym("foo", true).value).not.toBe(sym("foo", false).value);
    expect(sym("table", true).value).not.toBe(sym("table", false).value);
    expect([sym("table", true).size, sym("table", false).size]).toEqual([16, 32]);
    const data = sec(sym("table", false).shndx);
    expect(data.type).toBe(8); // SHT_NOBITS
    expect(data.flags & 1).toBe(1); // SHF_WRITE
    const tls = sec(sym("tls_var").shndx);
    expect(tls.flags & 0x400).toBe(0x400); // SHF_TLS
    expect(stub.segments.some((s) => s.type === 7)).toBe(true); // PT_TLS
    expect(sym("fast").type).toBe(10); // STT_GNU_IFUNC
    expect(sym("prot").visibility).toBe(3); // STV_PROTECTED
    const values = stub.symbols.slice(1).filter((s) => s.name !== "counter" && s.name !== "counter_alias" && s.type !== 6).map((s) => s.value);
    expect(new Set(values).size).toBe(values.length);
  });

  it("random interfaces survive stub write + read and IFS write + read unchanged (both classes, both byte orders)", () => {
    let seed = 4242;
    const r = (n: number): number => { seed = (seed * 1103515245 + 12345) >>> 0; return Math.floor((seed / 0x100000000) * n); };
    const kinds = ["Func", "Object", "TLS", "IFunc", "NoType"] as const;
    for (let round = 0; round < 60; round++) {
      const defs = Array.from({ length: r(4) }, (_, i) => ({ name: `VER_${round}_${i}`, parents: i > 0 && r(2) ? [`VER_${round}_${i - 1}`] : [], weak: false }));
      const symbols: ElfInterface["symbols"] = [];
      const n = 1 + r(40);
      for (let i = 0; i < n; i++) {
        const type = kinds[r(kinds.length)];
        const version = defs.length && r(3) ? defs[r(defs.length)].name : undefined;
        const unique = type === "Object" && r(10) === 0;
        symbols.push({ name: `sym_${r(1000)}_${i}`, type, size: type === "Func" || type === "IFunc" ? 0 : r(300), weak: !unique && r(4) === 0,
          unique, protected: r(8) === 0, version, hidden: version !== undefined && r(4) === 0 });
      }
      // a few alias groups among data objects (same area, so they share one address in the stub)
      const objs = symbols.filter((x) => x.type === "Object");
      for (let k = 1; k <= r(3) && objs.length >= 2; k++) { objs[r(objs.length)].alias = k; objs[r(objs.length)].alias = k; }
      const [is64, le] = [r(2) === 1, r(2) === 1];
      const raw: ElfInterface = { soname: `libr${round}.so.1`, target: { machine: is64 ? 62 : 3, is64, le, flags: r(3) },
        needed: r(2) ? ["libc.so.6"] : [], baseVersion: defs.length ? `libr${round}.so.1` : undefined, versionDefinitions: defs,
        versionRequirements: r(2) ? [{ file: "libc.so.6", versions: [{ name: "GLIBC_2.2.5", weak: false }] }] : [], symbols };
      const iface = readIfs(writeIfs(raw), "r.ifs");
      const back = extractInterface(parseElf(writeStub(iface), "stub"));
      expect(back).toEqual(iface);
      expect(readIfs(writeIfs(back), "r.ifs")).toEqual(iface);
    }
  });

  it("rejects non-ELF and truncated input with ElfError (a TkError)", () => {
    expect(() => parseElf(Buffer.from("hello world, not elf"), "x")).toThrow(ElfError);
    const buf = readFileSync(join(SYSLIB, "libz.so.1"));
    try {
      parseElf(buf.subarray(0, 100), "libz-truncated");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TkError);
      expect((e as ElfError).code).toMatch(/^elf-/);
      expect((e as Error).message).toMatch(/libz-truncated/);
    }
  });
});
