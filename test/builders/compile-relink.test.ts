// The compile/relink split through realise(): a library, its stubs (builtin:ifs, CA), a program compiled
// against the stubs (CA) and relinked to the real library (builtin:relink). A new library version with
// the same interface rebuilds the library and the stubs, cuts the compile off, and only relinks.
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuildEvent } from "../../builders/realise.js";
import type { LocalStore } from "../../store/local-store.js";
import { addDrv, build, outRef, tempStore } from "./helpers.js";

const FIXTURES = new URL("./elf/fixtures/", import.meta.url).pathname;
const haveGcc = spawnSync("sh", ["-c", "command -v gcc"]).status === 0;
const PATH = "/usr/bin:/bin";

/** The four derivations of one library version; returns the relink .drv. */
function split(s: LocalStore, src: string, variant: number): { lib: string; stubs: string; compile: string; relink: string } {
  const lib = addDrv(s, { name: "libt", srcs: [src], env: { PATH, variant: String(variant) }, script:
    `mkdir -p $out/lib $out/include && gcc -shared -fPIC -O1 -DVARIANT=${variant} -o $out/lib/libt.so.1 -Wl,-soname,libt.so.1 ` +
    `-Wl,--version-script=${src}/libt.map ${src}/libt.c && ln -s libt.so.1 $out/lib/libt.so && echo 'int foo(void);' > $out/include/t.h` });
  const stubs = addDrv(s, { name: "libt-stubs", ca: true, builder: "builtin:ifs", script: "", inputs: [{ drvPath: lib }],
    env: { lib: outRef(s, lib), tkRole: "stubs" } });
  const st = outRef(s, stubs);
  const compile = addDrv(s, { name: "use-compile", ca: true, srcs: [src], inputs: [{ drvPath: stubs }], env: { PATH, tkRole: "compile" },
    script: `mkdir -p $out/bin && gcc -o $out/bin/use ${src}/use.c -L${st}/lib -lt -Wl,-rpath,${st}/lib` });
  const relink = addDrv(s, { name: "use", builder: "builtin:relink", script: "", inputs: [{ drvPath: compile }, { drvPath: stubs }, { drvPath: lib }],
    env: { compile: outRef(s, compile), stubs: st, libs: outRef(s, lib), tkRole: "relink" } });
  return { lib, stubs, compile, relink };
}

describe.skipIf(!haveGcc)("compile/relink split", () => {
  let t: ReturnType<typeof tempStore>;
  let src: string;
  beforeAll(() => {
    t = tempStore();
    const dir = path.join(t.dir, "src");
    fs.mkdirSync(dir);
    for (const f of ["libt.c", "libt.map", "use.c"]) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
    src = t.store.addPathToStore(dir, { name: "libt-src", method: "recursive" });
  });
  afterAll(() => t.cleanup());

  it("builds, runs against the real library, and relinks without recompiling after an ABI-compatible change", async () => {
    const s = t.store;
    const v0 = split(s, src, 0);
    const roles = (events: BuildEvent[]) => events.filter((e) => e.type === "start").map((e) => (e as { role: string }).role);
    const first = await build(s, [v0.relink]);
    expect(roles(first.events)).toEqual(["build", "stubs", "compile", "relink"]);
    const out0 = first.result.outputs[0]!.outputs.out!;
    expect(execFileSync(s.physical(out0) + "/bin/use").toString()).toBe("foo=2 table=9 counter=6 alias=6 tls=3 fast=42 bar=10 prot=7\n");
    const bin = fs.readFileSync(s.physical(out0) + "/bin/use");
    expect(bin.includes(Buffer.from(outRef(s, v0.lib)))).toBe(true);
    expect(s.queryPathInfo(out0)!.references).toContain(outRef(s, v0.lib));

    const v1 = split(s, src, 1);
    expect(v1.compile).not.toBe(v0.compile);
    const second = await build(s, [v1.relink]);
    expect(roles(second.events)).toEqual(["build", "stubs", "relink"]);
    expect(second.events.find((e) => e.type === "done" && e.drvPath === v1.compile)).toMatchObject({ cached: true });
    const out1 = second.result.outputs[0]!.outputs.out!;
    expect(out1).not.toBe(out0);
    expect(execFileSync(s.physical(out1) + "/bin/use").toString()).toBe("foo=2 table=9 counter=6 alias=6 tls=3 fast=42 bar=10 prot=7\n");
    expect(fs.readFileSync(s.physical(out1) + "/bin/use").includes(Buffer.from(outRef(s, v1.lib)))).toBe(true);
  });
});
