// The builtin builders of the compile/relink split, end to end without a store: stubs of a library
// output, a program compiled against the stubs, relinked to the real library, run; same interface
// gives byte-identical stubs; a real library lacking a needed version fails the relink check.
import { describe, it, expect, beforeAll } from "vitest";
import { mkdirSync, symlinkSync, writeFileSync, readFileSync, readlinkSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { buildIfsOutput } from "../../../builders/elf/builtin-ifs.js";
import { relinkOutput, isTextFile } from "../../../builders/elf/builtin-relink.js";
import { normalizeTriple } from "../../../builders/elf/target-triple.js";
import { ElfError } from "../../../builders/elf/errors.js";
import { BuildError } from "../../../store/errors.js";
import { FIXTURES, tmp, has, sh, buildLibt } from "./helpers.js";

/** A library "output": lib/libt.so.1, lib/libt.so -> libt.so.1, include/t.h. */
function libOutput(dir: string, variant: number): string {
  mkdirSync(join(dir, "lib"), { recursive: true });
  mkdirSync(join(dir, "include"), { recursive: true });
  buildLibt(join(dir, "lib"), variant);
  symlinkSync("libt.so.1", join(dir, "lib", "libt.so"));
  writeFileSync(join(dir, "include", "t.h"), "int foo(void);\n");
  return dir;
}

const readTree = (d: string): string[] => readdirSync(d, { recursive: true }).map(String).sort().map((p) => {
  const full = join(d, p);
  const st = lstatSync(full);
  return st.isSymbolicLink() ? `${p} -> ${readlinkSync(full)}` : st.isFile() ? `${p} ${readFileSync(full).toString("base64")}` : `${p}/`;
});

describe.skipIf(!has("gcc"))("builtin ifs + relink", () => {
  let dir = "";
  beforeAll(() => { dir = tmp(); });

  it("normalises target triples", () => {
    expect(normalizeTriple("x86_64-pc-linux-gnu")).toBe("x86_64-linux-gnu");
    expect(normalizeTriple("x86_64-unknown-linux-gnu")).toBe("x86_64-linux-gnu");
    expect(normalizeTriple("x86_64-linux-gnu")).toBe("x86_64-linux-gnu");
    expect(normalizeTriple("aarch64-unknown-linux-musl")).toBe("aarch64-linux-musl");
  });

  it("stubs a library output; same interface gives the same tree; foreign target is an error", () => {
    const a = libOutput(join(dir, "real-a"), 0), b = libOutput(join(dir, "real-b"), 1);
    buildIfsOutput(a, join(dir, "stubs-a"), { target: "x86_64-pc-linux-gnu" });
    buildIfsOutput(b, join(dir, "stubs-b"), { target: "x86_64-unknown-linux-gnu" });
    expect(readTree(join(dir, "stubs-a"))).toEqual(readTree(join(dir, "stubs-b")));
    expect(readTree(a)).not.toEqual(readTree(b));
    expect(readlinkSync(join(dir, "stubs-a", "lib", "libt.so"))).toBe("libt.so.1");
    expect(readFileSync(join(dir, "stubs-a", "include", "t.h"), "utf8")).toBe("int foo(void);\n");
    expect(readFileSync(join(dir, "stubs-a", "nix-support", "target"), "utf8")).toBe("x86_64-linux-gnu\n");
    expect(() => buildIfsOutput(a, join(dir, "stubs-arm"), { target: "aarch64-unknown-linux-gnu" })).toThrow(ElfError);
    // linker scripts and sub-directories
    const c = libOutput(join(dir, "real-c"), 0);
    mkdirSync(join(c, "lib", "sub"));
    buildLibt(join(c, "lib", "sub"), 0, "libt2.so");
    writeFileSync(join(c, "lib", "libtall.so"), `/* GNU ld script */\nGROUP ( ${c}/lib/libt.so.1 AS_NEEDED ( /elsewhere/libother.so.9 ) )\n`);
    buildIfsOutput(c, join(dir, "stubs-c"), {});
    expect(readFileSync(join(dir, "stubs-c", "lib", "libtall.so"), "utf8")).toBe("/* GNU ld script */\nGROUP ( libt.so.1 AS_NEEDED ( /elsewhere/libother.so.9 ) )\n");
    expect(readFileSync(join(dir, "stubs-c", "lib", "sub", "libt2.so")).equals(readFileSync(join(dir, "stubs-a", "lib", "libt.so.1")))).toBe(true);
  });

  it("compile against stubs, relink to the real library, run", () => {
    const real = libOutput(join(dir, "real-r"), 0);
    const stubs = join(dir, "stubs-r");
    buildIfsOutput(real, stubs, {});
    const compile = join(dir, "compile");
    mkdirSync(join(compile, "bin"), { recursive: true });
    mkdirSync(join(compile, "share"), { recursive: true });
    sh(`gcc -o ${compile}/bin/use ${FIXTURES}/use.c -L${stubs}/lib -lt -Wl,-rpath,${stubs}/lib`);
    writeFileSync(join(compile, "share", "paths.txt"), `libdir=${stubs}/lib\n`);
    symlinkSync(`${stubs}/include/t.h`, join(compile, "share", "t.h"));
    const out = join(dir, "relinked");
    relinkOutput(compile, out, [{ from: stubs, to: real }]);
    expect(sh(`${out}/bin/use`)).toBe("foo=2 table=9 counter=6 alias=6 tls=3 fast=42 bar=10 prot=7\n");
    expect(readFileSync(join(out, "share", "paths.txt"), "utf8")).toBe(`libdir=${real}/lib\n`);
    expect(readlinkSync(join(out, "share", "t.h"))).toBe(`${real}/include/t.h`);
    expect(readFileSync(join(out, "bin", "use")).includes(Buffer.from(stubs))).toBe(false);
  });

  it("rewrites text of any length, keeps stub paths only where nothing loads them, and refuses what cannot move", () => {
    const real = libOutput(join(dir, "real-q"), 0), stubs = join(dir, "stubs-qq"); // lengths differ by one
    buildIfsOutput(real, stubs, {});
    const compile = join(dir, "compile-rule");
    mkdirSync(join(compile, "bin"), { recursive: true });
    mkdirSync(join(compile, "share"), { recursive: true });
    // debug info names the stubs' include directory: not loaded, so it may stay
    writeFileSync(join(dir, "dbg.c"), `#include "t.h"\n#include <stdio.h>\nint main(void) { printf("%d\\n", foo()); return 0; }\n`);
    sh(`gcc -g -I${stubs}/include -o ${compile}/bin/dbg ${dir}/dbg.c -L${stubs}/lib -lt -Wl,-rpath,${stubs}/lib`);
    expect(readFileSync(join(compile, "bin", "dbg")).includes(Buffer.from(`${stubs}/include`))).toBe(true);
    // a long text file with the path near its end
    writeFileSync(join(compile, "share", "long.txt"), "x".repeat(20000) + `\n${stubs}/lib\n`);
    relinkOutput(compile, join(dir, "rule-ok"), [{ from: stubs, to: real }]);
    expect(sh(`${dir}/rule-ok/bin/dbg`)).toBe("2\n");
    expect(readFileSync(join(dir, "rule-ok", "share", "long.txt"), "utf8").endsWith(`\n${real}/lib\n`)).toBe(true);
    // a string constant the program loads, a binary file, text that is not UTF-8: BuildErrors naming the file
    const bad = (name: string, make: (c: string) => void, what: RegExp): void => {
      const c = join(dir, `compile-${name}`);
      mkdirSync(join(c, "share"), { recursive: true });
      make(c);
      expect(() => relinkOutput(c, join(dir, `rule-${name}`), [{ from: stubs, to: real }])).toThrow(what);
    };
    bad("const", (c) => sh(`gcc -DDIR='"${stubs}/lib"' -o ${c}/share/k -x c - <<'EOF'\n#include <stdio.h>\nint main(void){puts(DIR);return 0;}\nEOF`),
      /share\/k: the stub path .*stubs-qq is embedded at offset \d+ in data the program loads, and .*real-q has another length \(\d+ vs \d+ bytes\)/);
    bad("bin", (c) => writeFileSync(join(c, "share", "data.bin"), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(stubs)])),
      /share\/data.bin: the stub path .* in a binary file/);
    bad("latin1", (c) => writeFileSync(join(c, "share", "l.txt"), Buffer.concat([Buffer.from([0xe9, 0x0a]), Buffer.from(stubs)])),
      /share\/l.txt: .* in a binary file/);
    expect(isTextFile(Buffer.from("abc\u00e9\n"))).toBe(true);
    expect(isTextFile(Buffer.concat([Buffer.from("a".repeat(9000)), Buffer.from([0])]))).toBe(false);
  });

  it("fails the relink check when the real library lacks a version the program needs", () => {
    const stubs = join(dir, "stubs-r");
    const wrong = join(dir, "wrong");
    mkdirSync(join(wrong, "lib"), { recursive: true });
    writeFileSync(join(dir, "old.c"), "int foo(void) { return 1; } int table[8]; int counter, counter_alias, tls_var; int fast(void) { return 0; } int bar(void) { return 0; } int get_prot(void) { return 0; }\n");
    writeFileSync(join(dir, "old.map"), "V1 { global: *; };\n");
    sh(`gcc -shared -fPIC -o ${wrong}/lib/libt.so.1 -Wl,-soname,libt.so.1 -Wl,--version-script=${dir}/old.map ${dir}/old.c`);
    const compile = join(dir, "compile2");
    mkdirSync(join(compile, "bin"), { recursive: true });
    sh(`gcc -o ${compile}/bin/use ${FIXTURES}/use.c -L${stubs}/lib -lt -Wl,-rpath,${stubs}/lib`);
    expect(() => relinkOutput(compile, join(dir, "relinked2"), [{ from: stubs, to: wrong }])).toThrow(BuildError);
    try { relinkOutput(compile, join(dir, "relinked3"), [{ from: stubs, to: wrong }]); } catch (e) {
      expect((e as Error).message).toMatch(/libt.so.1: does not define version V2/);
    }
  });
});
