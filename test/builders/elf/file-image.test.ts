// Relinking a file on disk without reading it whole: FileImage reads only the chunks the ELF code
// touches and writes back only changed bytes; the result is byte-identical to relinking the whole
// file in memory, in place or into --output, and never modifies other hard links or read-only
// files in place.
import { describe, it, expect } from "vitest";
import { readFileSync, writeFileSync, copyFileSync, linkSync, chmodSync, statSync, openSync, closeSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { FileImage, MemoryImage } from "../../../builders/elf/file-image.js";
import { editableInPlace, writeImage } from "../../../builders/elf/relink-file.js";
import { relinkBytes, relinkImage } from "../../../builders/elf/relink.js";
import type { RelinkOps } from "../../../builders/elf/relink-ops.js";
import { parseElf } from "../../../builders/elf/elf-file.js";
import { readSymbolNameOffsets } from "../../../builders/elf/symbols.js";
import { extractInterface } from "../../../builders/elf/interface.js";
import { writeStub } from "../../../builders/elf/stub-writer.js";
import { TkError } from "../../../store/errors.js";
import { FIXTURES, tmp, has, sh } from "./helpers.js";

const CHUNK = 1 << 16;

/** Relinks `path` through a FileImage into `dest` (default: in place). */
function relinkOnDisk(path: string, ops: RelinkOps, dest = path): void {
  const img = new FileImage(path);
  try { relinkImage(img, ops, path); writeImage(img, dest); } finally { img.close(); }
}

describe("FileImage", () => {
  it("reads only the chunks asked for, and reports exactly the bytes that changed", () => {
    const dir = tmp();
    const path = join(dir, "f");
    const data = randomBytes(5 * CHUNK + 123);
    writeFileSync(path, data);
    const img = new FileImage(path);
    expect(img.bytesRead).toBe(0);
    img.load(CHUNK + 10, 20);
    expect(img.bytesRead).toBe(CHUNK);
    expect(img.buf.subarray(CHUNK + 10, CHUNK + 30).equals(data.subarray(CHUNK + 10, CHUNK + 30))).toBe(true);
    expect(img.changes()).toEqual([]);
    img.buf[CHUNK + 12] ^= 1; img.buf[CHUNK + 17] ^= 1;
    expect(img.changes()).toEqual([{ offset: CHUNK + 12, length: 6 }]);
    // growth: [0, keep) stays, the rest is new zeros and counts as changed past the old end
    img.load(5 * CHUNK, 123);
    img.resize(5 * CHUNK + 200, 5 * CHUNK + 100);
    expect(img.changes()).toEqual([{ offset: CHUNK + 12, length: 6 }, { offset: 5 * CHUNK + 100, length: 100 }]);
    const copy = join(dir, "g");
    copyFileSync(path, copy);
    const fd = openSync(copy, "r+");
    img.writeChanges(fd);
    closeSync(fd);
    img.close();
    const expected = Buffer.concat([data.subarray(0, 5 * CHUNK + 100), Buffer.alloc(100)]);
    expected[CHUNK + 12] ^= 1; expected[CHUNK + 17] ^= 1;
    expect(readFileSync(copy).equals(expected)).toBe(true);
    // MemoryImage: the same resize in memory
    const mem = new MemoryImage(Buffer.from(data));
    mem.resize(10, 4);
    expect(mem.buf.equals(Buffer.concat([data.subarray(0, 4), Buffer.alloc(6)]))).toBe(true);
    expect(mem.loader).toBeUndefined();
  });

  it("reads a missing file as a clear ElfError", () => {
    expect(() => new FileImage("/nonexistent/x")).toThrow(/cannot read \/nonexistent\/x: ENOENT/);
  });
});

describe.skipIf(!has("gcc"))("relinking files on disk", () => {
  const cases: RelinkOps[] = [
    { setRpath: "/o" },
    { setRpath: "/opt/a/rather/long/run/path/that/does/not/fit/in/place:/and/another/long/one/after/it" },
    { addNeeded: ["libz.so.1"], setInterpreter: "/lib64/ld-linux-x86-64.so.2.and-a-much-longer-interpreter-name" },
    { removeNeeded: ["libm.so.6"], replaceNeeded: [{ from: "libc.so.6", to: "libc.so.6" }] },
  ];

  it("gives the same bytes as relinking in memory, in place and into --output", () => {
    const dir = tmp();
    sh(`gcc -o ${dir}/p ${FIXTURES}/p.c -lm -lz && gcc -no-pie -fno-PIE -o ${dir}/q ${FIXTURES}/p.c -lm -lz`);
    for (const prog of ["p", "q"]) {
      for (const ops of cases) {
        const orig = readFileSync(join(dir, prog));
        const want = relinkBytes(orig, ops, prog);
        const a = join(dir, `${prog}-a`), b = join(dir, `${prog}-b`);
        writeFileSync(a, orig, { mode: 0o755 });
        relinkOnDisk(a, ops);
        expect(readFileSync(a).equals(want)).toBe(true);
        relinkOnDisk(a, ops); // again: relinking the relinked file in place matches memory too
        expect(readFileSync(a).equals(relinkBytes(want, ops, prog))).toBe(true);
        relinkOnDisk(join(dir, prog), ops, b);
        expect(readFileSync(b).equals(want)).toBe(true);
        expect(readFileSync(join(dir, prog)).equals(orig)).toBe(true);
        if (ops.setRpath !== undefined) expect(sh(b)).toMatch(/^hello 1 \/ 3 /);
      }
    }
  });

  it("never edits a hard-linked or read-only file in place", () => {
    const dir = tmp();
    sh(`gcc -o ${dir}/p ${FIXTURES}/p.c -lm -lz`);
    const orig = readFileSync(join(dir, "p"));
    linkSync(join(dir, "p"), join(dir, "p-link"));
    expect(editableInPlace(join(dir, "p"))).toBe(false);
    relinkOnDisk(join(dir, "p"), { setRpath: "/o" });
    expect(parseElf(readFileSync(join(dir, "p"))).runpath).toBe("/o");
    expect(readFileSync(join(dir, "p-link")).equals(orig)).toBe(true);
    copyFileSync(join(dir, "p-link"), join(dir, "r"));
    chmodSync(join(dir, "r"), 0o555);
    expect(editableInPlace(join(dir, "r"))).toBe(false);
    relinkOnDisk(join(dir, "r"), { setRpath: "/o" });
    expect(parseElf(readFileSync(join(dir, "r"))).runpath).toBe("/o");
    expect(statSync(join(dir, "r")).mode & 0o7777).toBe(0o555);
    writeFileSync(join(dir, "w"), orig, { mode: 0o755 });
    expect(editableInPlace(join(dir, "w"))).toBe(true);
    const ino = statSync(join(dir, "w")).ino;
    relinkOnDisk(join(dir, "w"), { setRpath: "/o" });
    expect(statSync(join(dir, "w")).ino).toBe(ino);
  });

  it("readSymbolNameOffsets gives the st_name of every symbol", () => {
    const f = parseElf(readFileSync("/usr/lib/x86_64-linux-gnu/libz.so.1"));
    expect([...readSymbolNameOffsets(f.bytes, f.dynsym!)]).toEqual(f.symbols.map((s) => s.nameOff));
    const g = parseElf(readFileSync("/usr/lib/x86_64-linux-gnu/libz.so.1"), "z", { symbolNames: false });
    expect(g.symbols).toEqual([]);
    expect(g.symbolCount).toBe(f.symbols.length);
    expect([...g.symbolNameOffs!]).toEqual(f.symbols.map((s) => s.nameOff));
    // the byte-by-byte path: big-endian and ELF32 stubs
    for (const [is64, le] of [[false, false], [true, false], [false, true]] as const) {
      const iface = extractInterface(f);
      const stub = writeStub({ ...iface, target: { ...iface.target, is64, le, machine: le ? 3 : 21 } });
      const full = parseElf(stub, "stub"), offs = parseElf(stub, "stub", { symbolNames: false });
      expect([...offs.symbolNameOffs!]).toEqual(full.symbols.map((s) => s.nameOff));
    }
  });
});

describe.skipIf(!existsSync("/usr/bin/node"))("relinking a big executable (node, ~100 MB)", () => {
  it("reads a few tables, keeps the size (the new run path slides into padding), and the program runs", () => {
    const dir = tmp();
    const f = join(dir, "node");
    copyFileSync("/usr/bin/node", f);
    const size = statSync(f).size;
    const img = new FileImage(f);
    try {
      relinkImage(img, { setRpath: "$ORIGIN/../lib:/opt/custom/lib" }, f);
      expect(img.bytesRead).toBeLessThan(size / 5);
      writeImage(img, f);
    } finally { img.close(); }
    expect(statSync(f).size).toBe(size);
    expect(parseElf(readFileSync(f), f, { symbolNames: false }).runpath).toBe("$ORIGIN/../lib:/opt/custom/lib");
    expect(sh(`LD_BIND_NOW=1 ${f} -e "console.log(6 * 7)"`)).toBe("42\n");
  });
});

describe.skipIf(!has("gcc"))("relinking malformed files on disk", () => {
  it("hundreds of truncated and bit-flipped files: the same result as in memory, or a TkError and the file untouched", () => {
    const dir = tmp();
    sh(`gcc -o ${dir}/seed ${FIXTURES}/p.c -lm -lz`);
    const seed = readFileSync(join(dir, "seed"));
    let s = 12345;
    const r = (): number => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 0x100000000; };
    const ops: RelinkOps[] = [{ setRpath: "/a/rather/long/run/path/" + "x".repeat(80) }, { addNeeded: ["libq.so"], setSoname: "libs.so" }, { removeRpath: true }];
    let ok = 0, failed = 0;
    for (let i = 0; i < 300; i++) {
      // truncated, or bits flipped in the headers' first 4 KB, or anywhere
      const variant = Buffer.from(i % 3 === 0 ? seed.subarray(0, Math.floor(r() * seed.length)) : seed);
      if (i % 3 !== 0) {
        const flips = 1 + Math.floor(r() * 6);
        for (let k = 0; k < flips; k++) variant[Math.floor(r() * (i % 3 === 1 ? 4096 : variant.length))] ^= 1 << Math.floor(r() * 8);
      }
      const f = join(dir, `v${i}`);
      writeFileSync(f, variant, { mode: 0o755 });
      const op = ops[i % ops.length];
      let want: Buffer | string;
      try { want = relinkBytes(variant, op, f); } catch (e) { want = (e as TkError).code ?? String(e); }
      let got: Buffer | string;
      try { relinkOnDisk(f, op); got = readFileSync(f); } catch (e) {
        if (!(e instanceof TkError)) throw e;
        got = e.code;
        expect(readFileSync(f).equals(variant)).toBe(true);
      }
      if (typeof want === "string") { expect(got).toBe(want); failed++; } else { expect(Buffer.isBuffer(got) && got.equals(want)).toBe(true); ok++; }
    }
    expect(readdirSync(dir).filter((n) => n.includes(".tk-relink-"))).toEqual([]);
    expect(ok).toBeGreaterThan(30);
    expect(failed).toBeGreaterThan(30);
  });
});
