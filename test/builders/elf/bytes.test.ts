// The byte layer: checked and unchecked reads agree in both byte orders, 64-bit values beyond 2^53
// are an ElfError, decoded string tables give cstr's strings and errors, lazy loading is asked for
// every checked range, and the yaml package is only loaded when IFS text needs it.
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ElfBytes, DecodedStrings } from "../../../builders/elf/bytes.js";
import { yaml } from "../../../builders/elf/lazy-yaml.js";
import { ElfError } from "../../../builders/elf/errors.js";
import { tmp } from "./helpers.js";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));

describe("ElfBytes", () => {
  it("reads and writes 16/32/64-bit fields in both byte orders, checked and unchecked alike", () => {
    for (const le of [true, false]) {
      const b = new ElfBytes(Buffer.alloc(32), true, le);
      b.set16(0, 0xbeef); b.set32(2, 0xdeadbeef); b.set64(8, 2 ** 52 + 12345); b.setWord(16, 0x1_0000_0001);
      expect([b.u16(0), b.r16(0)]).toEqual([0xbeef, 0xbeef]);
      expect([b.u32(2), b.r32(2)]).toEqual([0xdeadbeef, 0xdeadbeef]);
      expect([b.u64(8), b.r64(8), b.word(16), b.rWord(16)]).toEqual([2 ** 52 + 12345, 2 ** 52 + 12345, 0x1_0000_0001, 0x1_0000_0001]);
      expect(b.buf.readBigUInt64LE(8) === BigInt(2 ** 52 + 12345)).toBe(le);
      b.buf.fill(0xff, 24, 32);
      expect(() => b.u64(24)).toThrow(ElfError);
      expect(() => b.r64(24)).toThrow(/too large/);
      expect(() => b.u32(30)).toThrow(/outside the file/);
    }
    const b32 = new ElfBytes(Buffer.alloc(8), false, true);
    b32.setWord(0, 0xfffffffe);
    expect([b32.word(0), b32.rWord(0), b32.wordSize]).toEqual([0xfffffffe, 0xfffffffe, 4]);
  });

  it("asks the loader for every checked range and every string", () => {
    const asked: Array<[number, number]> = [];
    const buf = Buffer.from("\0abc\0de\0", "latin1");
    const b = new ElfBytes(buf, true, true, "f", (off, len) => { asked.push([off, len]); });
    b.u8(1); b.check(2, 3, "x"); b.cstr(5, 8);
    expect(asked).toEqual([[1, 1], [2, 3], [5, 3]]);
  });

  it("DecodedStrings gives cstr's strings, and its errors for bad offsets", () => {
    const buf = Buffer.from("XX\0abc\0d\xe9f\0zz", "latin1");
    const b = new ElfBytes(buf, true, true, "lib.so");
    const t = new DecodedStrings(b, 2, 11);
    expect([t.at(0), t.at(1), t.at(3), t.at(4), t.at(5)]).toEqual(["", "abc", "c", "", "d\xe9f"]);
    expect(t.at(5)).toBe(b.cstr(7, 13));
    expect(() => t.at(11)).toThrow(/offset 13 lies outside/);
    expect(() => new DecodedStrings(b, 10, 5)).toThrow(ElfError);
    const open = new DecodedStrings(b, 11, 2);
    expect(() => open.at(0)).toThrow(/offset 11 is not NUL-terminated/);
  });
});

describe("lazy yaml", () => {
  it("yaml() is the yaml package", () => {
    expect(yaml().parse("a: [1, 2]")).toEqual({ a: [1, 2] });
    expect(yaml()).toBe(yaml());
  });

  it.skipIf(!existsSync(join(REPO, "dist/cli/ifs.js")))("the tk ifs verb (built) loads yaml only to read IFS text (or write a double-quoted scalar)", () => {
    const script = `import { createRequire } from "node:module";
      const req = createRequire(${JSON.stringify(join(REPO, "x.js"))});
      const loaded = () => Object.keys(req.cache).some((k) => k.includes("/node_modules/yaml/"));
      const { runIfs } = await import(${JSON.stringify(join(REPO, "dist/cli/ifs.js"))});
      const before = loaded();
      await runIfs("/usr/lib/x86_64-linux-gnu/libz.so.1", { outputElf: "/dev/null" });
      const afterElf = loaded();
      const ifs = ${JSON.stringify(join(tmp(), "z.ifs"))};
      await runIfs("/usr/lib/x86_64-linux-gnu/libz.so.1", { outputIfs: ifs });
      const afterIfs = loaded();
      await runIfs(ifs, { outputElf: "/dev/null" });
      (await import("node:fs")).rmSync(ifs);
      console.log(JSON.stringify([before, afterElf, afterIfs, loaded()]));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([false, false, false, true]);
  });
});
