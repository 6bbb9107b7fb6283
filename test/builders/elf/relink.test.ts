// tk relink against patchelf 0.14 on gcc-built programs and libraries: the same `readelf -d`
// meaning, programs that still run, and the cases patchelf gets wrong (remove-needed with
// version requirements, combined edits, growth on repeated edits, no section headers).
import { describe, it, expect, beforeAll } from "vitest";
import { readFileSync, writeFileSync, copyFileSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { runRelink } from "../../../cli/relink.js";
import { relinkBytes } from "../../../builders/elf/relink.js";
import type { RelinkOps } from "../../../builders/elf/relink-ops.js";
import { parseElf } from "../../../builders/elf/elf-file.js";
import { existsSync } from "node:fs";
import { FIXTURES, GOLDENS, tmp, has, sh, run } from "./helpers.js";

/** patchelf 0.14's results (readelf -d meaning, temp dir as $DIR), recorded with TK_RECORD_GOLDENS=1. */
const GOLDEN = join(GOLDENS, "relink-patchelf-0.14.json");
const golden: Record<string, string> = existsSync(GOLDEN) ? JSON.parse(readFileSync(GOLDEN, "utf8")) : {};
const recorded: Record<string, string> = {};

const canBuild = has("gcc") && has("readelf");
const patchelf = has("patchelf");

/** The meaning of `readelf -d` (NEEDED, SONAME, RPATH, RUNPATH in order), the interpreter and verneed files. */
function meaning(path: string): string {
  const all = sh(`readelf -dW ${path}`).split("\n")
    .map((l) => /\((NEEDED|SONAME|RPATH|RUNPATH)\)\s+.*\[(.*)\]/.exec(l)).filter((m) => m).map((m) => `${m![1]} ${m![2]}`);
  // NEEDED order is the search order; where the other entries sit does not matter
  const d = [...all.filter((l) => l.startsWith("NEEDED")), ...all.filter((l) => !l.startsWith("NEEDED")).sort()];
  const interp = /program interpreter: (.*)\]/.exec(sh(`readelf -lW ${path}`))?.[1] ?? "";
  const vr = sh(`readelf -VW ${path}`);
  const files = [...vr.matchAll(/File: (\S+)/g)].map((m) => m[1]);
  return [...d, `INTERP ${interp}`, `VERNEED ${files.join(",")}`].join("\n");
}

const loads = (p: string): number => (sh(`readelf -lW ${p}`).match(/^\s+LOAD/gm) ?? []).length;

describe.skipIf(!canBuild)("tk relink", () => {
  let dir = "";
  const P = (n: string): string => join(dir, n);
  const copy = (from: string, to: string): string => { copyFileSync(P(from), P(to)); return P(to); };
  const tk = (file: string, ops: RelinkOps): void => { writeFileSync(file, relinkBytes(readFileSync(file), ops, file)); };

  beforeAll(() => {
    dir = tmp();
    mkdirSync(P("lib")); mkdirSync(P("lib2"));
    sh(`gcc -shared -fPIC -DVALUE=1 -o ${P("lib")}/libv.so -Wl,-soname,libv.so -Wl,--version-script=${FIXTURES}/libv.map ${FIXTURES}/libv.c`);
    sh(`gcc -shared -fPIC -DVALUE=2 -o ${P("lib2")}/libv2.so -Wl,-soname,libv2.so -Wl,--version-script=${FIXTURES}/libv.map ${FIXTURES}/libv.c`);
    sh(`gcc -o ${P("prog")} ${FIXTURES}/main-v.c -L${P("lib")} -lv`);
    sh(`gcc -no-pie -fno-PIE -o ${P("prog-nopie")} ${FIXTURES}/main-v.c -L${P("lib")} -lv`);
    sh(`gcc -o ${P("prog-rp")} ${FIXTURES}/main-v.c -L${P("lib")} -lv -Wl,-rpath,${P("lib")}`);
    sh(`gcc -o ${P("prog-oldtags")} ${FIXTURES}/main-v.c -L${P("lib")} -lv -Wl,-rpath,${P("lib")} -Wl,--disable-new-dtags`);
    sh(`gcc -o ${P("prog-zlib")} ${FIXTURES}/p.c -lm -lz`);
    for (const ld of ["gold", "lld"]) {
      if (has(`ld.${ld}`)) sh(`gcc -fuse-ld=${ld} -o ${P(`prog-${ld}`)} ${FIXTURES}/main-v.c -L${P("lib")} -lv`);
      if (has(`ld.${ld}`)) sh(`gcc -fuse-ld=${ld} -no-pie -fno-PIE -o ${P(`prog-${ld}-nopie`)} ${FIXTURES}/main-v.c -L${P("lib")} -lv`);
    }
  });

  const cases: Array<[string, string, RelinkOps, string]> = [
    ["set-rpath (PIE)", "prog", { setRpath: "LIB" }, "--set-rpath LIB"],
    ["set-rpath (non-PIE)", "prog-nopie", { setRpath: "LIB" }, "--set-rpath LIB"],
    ["set-rpath long, growing", "prog", { setRpath: "LIB:" + "/x".repeat(2048) }, "--set-rpath LIB:" + "/x".repeat(2048)],
    ["set-rpath long, growing (non-PIE)", "prog-nopie", { setRpath: "LIB:" + "/y".repeat(2048) }, "--set-rpath LIB:" + "/y".repeat(2048)],
    ["force-rpath", "prog", { setRpath: "LIB", forceRpath: true }, "--force-rpath --set-rpath LIB"],
    ["add-rpath", "prog-rp", { addRpath: "/opt/extra" }, "--add-rpath /opt/extra"],
    ["remove-rpath", "prog-rp", { removeRpath: true }, "--remove-rpath"],
    ["shrink-rpath with allowed prefixes", "prog-rp", { addRpath: "/usr/lib:/nonexistent" }, "--add-rpath /usr/lib:/nonexistent"],
    ["shrink-rpath on a DT_RPATH binary", "prog-oldtags", { shrinkRpath: true }, "--shrink-rpath"],
    ["add-rpath on a DT_RPATH binary", "prog-oldtags", { addRpath: "/x" }, "--add-rpath /x"],
    ["shrink-rpath to nothing", "prog-oldtags", { shrinkRpath: true, allowedRpathPrefixes: ["/nonexistent"] }, "--shrink-rpath --allowed-rpath-prefixes /nonexistent"],
    ["replace-needed", "prog", { replaceNeeded: [{ from: "libv.so", to: "libv2.so" }], setRpath: "LIB2" }, ""],
    ["add-needed", "prog-zlib", { addNeeded: ["libv.so"], setRpath: "LIB" }, ""],
  ];

  for (const [name, prog, ops, pflags] of cases) {
    it(`${name}: same readelf -d meaning as patchelf, and runs`, () => {
      const sub = (o: RelinkOps): RelinkOps => JSON.parse(JSON.stringify(o).replaceAll("LIB2", P("lib2")).replaceAll("LIB", P("lib")));
      const o = sub(ops);
      const mine = copy(prog, `${prog}-tk-${name.replace(/\W+/g, "_")}`);
      tk(mine, o);
      if (patchelf) {
        const theirs = copy(prog, `${prog}-pe-${name.replace(/\W+/g, "_")}`);
        // patchelf 0.14 corrupts combined --replace-needed/--set-rpath: give it one edit per call
        const calls: string[] = pflags ? [pflags.replaceAll("LIB2", P("lib2")).replaceAll("LIB", P("lib"))] : [];
        if (!pflags) {
          for (const r of o.replaceNeeded ?? []) calls.push(`--replace-needed ${r.from} ${r.to}`);
          for (const a of o.addNeeded ?? []) calls.push(`--add-needed ${a}`);
          if (o.setRpath) calls.push(`--set-rpath ${o.setRpath}`);
        }
        for (const c of calls) sh(`patchelf ${c} ${theirs}`);
        expect(meaning(mine)).toBe(meaning(theirs));
        recorded[name] = meaning(theirs).replaceAll(dir, "$DIR");
        if (process.env.TK_RECORD_GOLDENS === "1") writeFileSync(GOLDEN, JSON.stringify(recorded, null, 1) + "\n");
      }
      if (golden[name] !== undefined) expect(meaning(mine).replaceAll(dir, "$DIR")).toBe(golden[name]);
      else expect(patchelf).toBe(true);
      if (prog !== "prog-zlib" || o.setRpath) {
        const r = run(`LD_BIND_NOW=1 LD_LIBRARY_PATH=${name === "remove-rpath" || name.startsWith("shrink") ? P("lib") : ""} ${mine}`);
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
      }
    });
  }

  it("shrink-rpath keeps only directories that hold needed libraries, under the allowed prefixes", () => {
    const f = copy("prog", "prog-shrink");
    tk(f, { setRpath: `/nonexistent:${P("lib2")}:${P("lib")}:/usr/lib/x86_64-linux-gnu` });
    tk(f, { shrinkRpath: true, allowedRpathPrefixes: [dir] });
    expect(parseElf(readFileSync(f)).runpath).toBe(P("lib"));
    if (patchelf) {
      const g = copy("prog", "prog-shrink-pe");
      sh(`patchelf --set-rpath /nonexistent:${P("lib2")}:${P("lib")}:/usr/lib/x86_64-linux-gnu ${g}`);
      sh(`patchelf --shrink-rpath --allowed-rpath-prefixes ${dir} ${g}`);
      expect(meaning(f)).toBe(meaning(g));
    }
    expect(sh(f)).toBe("vfun=1\n");
  });

  it("set-soname and set-interpreter (longer path, grows) like patchelf", () => {
    const lib = copy("lib/libv.so", "libv-soname.so");
    tk(lib, { setSoname: "libv-renamed-with-a-much-longer-soname.so.42" });
    expect(parseElf(readFileSync(lib)).soname).toBe("libv-renamed-with-a-much-longer-soname.so.42");
    const longDir = P("a-rather-long-directory-name-for-the-dynamic-loader/and/more");
    mkdirSync(longDir, { recursive: true });
    symlinkSync("/lib64/ld-linux-x86-64.so.2", join(longDir, "ld.so"));
    const prog = copy("prog", "prog-interp");
    tk(prog, { setInterpreter: join(longDir, "ld.so"), setRpath: P("lib") });
    expect(parseElf(readFileSync(prog)).interp).toBe(join(longDir, "ld.so"));
    expect(sh(prog)).toBe("vfun=1\n");
    if (patchelf) {
      const pl = copy("lib/libv.so", "libv-soname-pe.so");
      sh(`patchelf --set-soname libv-renamed-with-a-much-longer-soname.so.42 ${pl}`);
      expect(meaning(lib)).toBe(meaning(pl));
      const pp = copy("prog", "prog-interp-pe");
      sh(`patchelf --set-interpreter ${join(longDir, "ld.so")} ${pp} && patchelf --set-rpath ${P("lib")} ${pp}`);
      expect(meaning(prog)).toBe(meaning(pp));
    }
  });

  it("remove-needed prunes .gnu.version_r (patchelf leaves it and ld.so asserts)", () => {
    const f = copy("prog", "prog-rm");
    tk(f, { removeNeeded: ["libv.so"], addNeeded: ["libv2.so"], setRpath: P("lib2") });
    expect(meaning(f)).toContain("VERNEED libc.so.6");
    expect(meaning(f)).not.toContain("libv.so");
    expect(sh(`readelf -VW ${f}`)).toMatch(/'\.gnu\.version_r' contains 1 entry/);
    const r = run(`LD_BIND_NOW=1 ${f}`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("vfun=2\n");
    if (patchelf) {
      const g = copy("prog", "prog-rm-pe");
      sh(`patchelf --remove-needed libv.so ${g} && patchelf --add-needed libv2.so ${g} && patchelf --set-rpath ${P("lib2")} ${g}`);
      expect(run(g).status).not.toBe(0);
    }
  });

  it("--replace-path rewrites RUNPATH, NEEDED and the interpreter in one go", () => {
    const f = copy("prog", "prog-rp2");
    tk(f, { setRpath: `${P("lib")}:/stub/store/abc-libv/lib`, addNeeded: ["/stub/store/abc-libv/lib/libv.so"] });
    tk(f, { replacePath: [{ from: "/stub/store/abc-libv", to: dir }] });
    const e = parseElf(readFileSync(f));
    expect(e.runpath).toBe(`${P("lib")}:${dir}/lib`);
    expect(e.needed[0]).toBe(`${dir}/lib/libv.so`);
    expect(readFileSync(f).includes(Buffer.from("/stub/store"))).toBe(false);
    expect(sh(f)).toBe("vfun=1\n");
  });

  it("edits in place when the value fits (no growth, same size), deterministic", () => {
    const a = copy("prog-rp", "prog-fit-a");
    const before = readFileSync(a).length;
    tk(a, { setRpath: P("LIB") });
    expect(readFileSync(a).length).toBe(before);
    expect(loads(a)).toBe(loads(P("prog-rp")));
    const b = copy("prog-rp", "prog-fit-b");
    tk(b, { setRpath: P("LIB") });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    // the old value is gone from the file
    expect(readFileSync(a).includes(Buffer.from(P("lib") + "\0"))).toBe(false);
  });

  it("is reversible for in-place edits and reuses freed string space (no growth)", () => {
    const orig = readFileSync(P("prog-rp"));
    const f = copy("prog-rp", "prog-rev");
    tk(f, { setRpath: "/x" });
    tk(f, { setRpath: P("lib") });
    expect(readFileSync(f).equals(orig)).toBe(true);
    tk(f, { removeRpath: true });
    tk(f, { setRpath: P("lib") });
    expect(readFileSync(f).length).toBe(orig.length);
    expect(loads(f)).toBe(loads(P("prog-rp")));
    expect(sh(f)).toBe("vfun=1\n");
  });

  it("grows .dynstr by sliding the tables after it into its segment's padding: same size and program headers; runs, strips, relinks", () => {
    for (const prog of ["prog", "prog-nopie"]) {
      const f = copy(prog, `${prog}-slide`);
      const before = readFileSync(f);
      const phdrs = (p: string): string[] => sh(`readelf -lW ${p}`).split("\n").filter((l) => /^\s+[A-Z_]+\s+0x/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
      const long = `${P("lib")}:/opt/${"s".repeat(200)}`;
      tk(f, { setRpath: long });
      expect(readFileSync(f).length).toBe(before.length);
      expect(phdrs(f)).toEqual(phdrs(P(prog)));
      expect(parseElf(readFileSync(f)).runpath).toBe(long);
      expect(sh(`LD_BIND_NOW=1 ${f}`)).toBe("vfun=1\n");
      sh(`strip -o ${f}-stripped ${f}`);
      expect(sh(`LD_BIND_NOW=1 ${f}-stripped`)).toBe("vfun=1\n");
      if (patchelf) expect(sh(`patchelf --print-rpath ${f}`)).toBe(long + "\n");
      tk(f, { setRpath: P("lib") });
      expect(readFileSync(f).length).toBe(before.length);
      expect(sh(f)).toBe("vfun=1\n");
      // more than the padding: the file grows by one segment instead, and still runs
      tk(f, { setRpath: `${P("lib")}:/opt/${"g".repeat(6000)}` });
      expect(loads(f)).toBe(loads(P(prog)) + 1);
      expect(sh(`LD_BIND_NOW=1 ${f}`)).toBe("vfun=1\n");
    }
  });

  it("--clear-symbol-version makes imports unversioned like patchelf (same bytes); no version table is an error", () => {
    const f = copy("prog", "prog-clear");
    tk(f, { clearSymbolVersion: ["vfun", "printf"] });
    expect(sh(`readelf --dyn-syms -W ${f}`)).toMatch(/UND vfun\n/);
    expect(sh(`readelf --dyn-syms -W ${f}`)).not.toMatch(/vfun@|printf@/);
    expect(sh(`LD_BIND_NOW=1 LD_LIBRARY_PATH=${P("lib")} ${f}`)).toBe("vfun=1\n");
    if (patchelf) {
      const pe = copy("prog", "prog-clear-pe");
      sh(`patchelf --clear-symbol-version vfun --clear-symbol-version printf ${pe}`);
      expect(readFileSync(f).equals(readFileSync(pe))).toBe(true);
    }
    sh(`gcc -shared -nostdlib -DVALUE=1 -o ${P("nover.so")} ${FIXTURES}/libv.c`);
    expect(() => tk(P("nover.so"), { clearSymbolVersion: ["vfun"] })).toThrow(/no symbol version table/);
  });

  it("repeated growing edits reuse one added segment", () => {
    const f = copy("prog", "prog-repeat");
    const base = loads(f);
    let size = 0;
    for (let i = 1; i <= 10; i++) {
      tk(f, { setRpath: `${P("lib")}:/opt/${"z".repeat(300 * i)}` });
      size = readFileSync(f).length;
    }
    expect(loads(f)).toBeLessThanOrEqual(base + 1);
    expect(size).toBeLessThan(readFileSync(P("prog")).length + 8192);
    expect(sh(f)).toBe("vfun=1\n");
    tk(f, { setRpath: P("lib") });
    expect(sh(f)).toBe("vfun=1\n");
  });

  it("random sequences of edits keep programs running (LD_BIND_NOW, empty stderr), PIE and non-PIE", () => {
    let seed = 99;
    const r = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 0x100000000; };
    const longDir = P("interp-dir-" + "i".repeat(40));
    mkdirSync(longDir, { recursive: true });
    symlinkSync("/lib64/ld-linux-x86-64.so.2", join(longDir, "ld.so"));
    const progs = ["prog", "prog-nopie", "prog-zlib", ...["gold", "lld"].filter((l) => has(`ld.${l}`)).flatMap((l) => [`prog-${l}`, `prog-${l}-nopie`])];
    for (let round = 0; round < 45; round++) {
      const name = progs[round % progs.length];
      const f = copy(name, `prog-prop-${round}`);
      const steps = 1 + Math.floor(r() * 5);
      for (let k = 0; k < steps; k++) {
        const junk = "/junk" + "j".repeat(Math.floor(r() * 400));
        const ops: RelinkOps[] = [
          { setRpath: `${junk}:${P("lib")}` },
          { setRpath: `${junk}:${P("lib")}`, forceRpath: true },
          { addNeeded: ["libm.so.6"] },
          { setInterpreter: r() < 0.5 ? join(longDir, "ld.so") : "/lib64/ld-linux-x86-64.so.2" },
          { addRpath: junk },
          { replacePath: [{ from: "/junk", to: "/other-junk" }] },
          { removeNeeded: [name === "prog-zlib" ? "libdl.so.2" : "libm.so.6"] },
          { setSoname: "libsoname" + "s".repeat(Math.floor(r() * 300)) },
          { removeRpath: true },
          { replaceNeeded: [{ from: "libc.so.6", to: "/lib/x86_64-linux-gnu/libc.so.6" }] },
          { replaceNeeded: [{ from: "/lib/x86_64-linux-gnu/libc.so.6", to: "libc.so.6" }], addRpath: junk },
          { shrinkRpath: true },
          { addNeeded: ["libdl.so.2", "libm.so.6"], setRpath: `${junk}:/usr/lib` },
        ];
        tk(f, ops[Math.floor(r() * ops.length)]);
      }
      tk(f, { addRpath: P("lib") });
      const res = run(`LD_BIND_NOW=1 LD_WARN=1 ${f}`);
      expect(res.stderr).toBe("");
      expect(res.stdout).toMatch(name === "prog-zlib" ? /^hello 1 / : /^vfun=1\n$/);
      expect(res.status).toBe(0);
    }
  });

  it.skipIf(!patchelf)("reads and edits files that patchelf grew (tables spanning two PT_LOADs)", () => {
    for (const prog of ["prog-nopie", "prog"]) {
      const f = copy(prog, `${prog}-pe-grown`);
      sh(`patchelf --set-rpath /opt/${"p".repeat(3000)}:${P("lib")} ${f}`);
      tk(f, { setRpath: P("lib") });
      expect(parseElf(readFileSync(f)).runpath).toBe(P("lib"));
      expect(sh(f)).toBe("vfun=1\n");
      tk(f, { setRpath: `/opt/${"q".repeat(5000)}:${P("lib")}`, addNeeded: ["libm.so.6"] });
      expect(sh(`LD_BIND_NOW=1 ${f}`)).toBe("vfun=1\n");
    }
  });

  it("works on a file without section headers when the edit fits", () => {
    const f = copy("prog-rp", "prog-noshdr");
    const buf = readFileSync(f);
    buf.writeBigUInt64LE(0n, 40); buf.writeUInt16LE(0, 60); buf.writeUInt16LE(0, 62);
    writeFileSync(f, buf);
    expect(parseElf(buf).sections).toEqual([]);
    tk(f, { setRpath: P("lib") });
    expect(parseElf(readFileSync(f)).runpath).toBe(P("lib"));
    expect(sh(f)).toBe("vfun=1\n");
    if (patchelf) expect(run(`patchelf --set-rpath ${P("lib")} ${P("prog-noshdr")}`).status).not.toBe(0);
  });

  it("the CLI prints like patchelf and --check-against finds the compat-version trap", () => {
    const lines: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    (process.stdout as { write: unknown }).write = (s: string): boolean => { lines.push(String(s)); return true; };
    try {
      expect(runRelink([P("prog-rp")], { printRpath: true, printNeeded: true, printInterpreter: true })).toBe(0);
    } finally { (process.stdout as { write: unknown }).write = orig; }
    expect(lines.join("")).toBe(`/lib64/ld-linux-x86-64.so.2\n${P("lib")}\nlibv.so\nlibc.so.6\n`);
    if (patchelf) expect(lines.join("")).toBe(sh(`patchelf --print-interpreter --print-rpath --print-needed ${P("prog-rp")}`));
    // a program whose memcpy reference carries no version would bind to memcpy@GLIBC_2.2.5
    const f = copy("prog-zlib", "prog-check");
    const errs: string[] = [];
    const origErr = process.stderr.write.bind(process.stderr);
    (process.stderr as { write: unknown }).write = (s: string): boolean => { errs.push(String(s)); return true; };
    try {
      expect(runRelink([f], { checkAgainst: ["/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libz.so.1"] })).toBe(0);
      const buf = readFileSync(f);
      const e = parseElf(buf);
      const memcpy = e.symbols.find((s) => s.name === "memcpy")!;
      buf.writeUInt16LE(1, e.versymLoc!.offset + 2 * memcpy.index);
      writeFileSync(f, buf);
      expect(runRelink([f], { checkAgainst: ["/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libz.so.1"] })).toBe(1);
    } finally { (process.stderr as { write: unknown }).write = origErr; }
    expect(errs.join("")).toMatch(/memcpy: unversioned reference binds to memcpy@GLIBC_2.2.5 .* not the default memcpy@@GLIBC_2.14/);
  });
});
