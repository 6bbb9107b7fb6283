// Early cut-off: a CA input that changes its derivation but not its output leaves its dependents'
// resolved derivations unchanged, so they are not rebuilt (counted from events and from a side file).
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { formatHash, hashOf } from "../../store/hash.js";
import { addDrv, build, outRef, testStore } from "./helpers.js";


describe("early cut-off", () => {
  it("skips dependents of a CA derivation whose output did not change", async () => {
    const t = testStore();
    const s = t.store;
    const counter = path.join(t.dir, "builds");
    const stack = (version: string) => {
      const stubs = addDrv(s, { name: "libfoo-stubs", ca: true, env: { version, tkRole: "stubs" },
        script: `echo "int foo(void);" > $out; echo stubs-${version} >> ${counter}` });
      const compile = addDrv(s, { name: "app-compile", ca: true, env: { tkRole: "compile" }, inputs: [{ drvPath: stubs }],
        script: `echo "linked against ${outRef(s, stubs)}" > $out; echo compile >> ${counter}` });
      const relink = addDrv(s, { name: "app", env: { tkRole: "relink", version }, inputs: [{ drvPath: compile }],
        script: `/bin/cat ${outRef(s, compile)} > $out; echo ${version} >> $out; echo relink >> ${counter}` });
      return { stubs, compile, relink };
    };
    const v1 = stack("1.0");
    const first = await build(s, [v1.relink]);
    expect(fs.readFileSync(counter, "utf8")).toBe("stubs-1.0\ncompile\nrelink\n");
    expect(first.events.filter((e) => e.type === "start").map((e) => (e as { role: string }).role)).toEqual(["stubs", "compile", "relink"]);

    const v2 = stack("1.1");
    expect(v2.compile).not.toBe(v1.compile);
    const second = await build(s, [v2.relink]);
    expect(fs.readFileSync(counter, "utf8")).toBe("stubs-1.0\ncompile\nrelink\nstubs-1.1\nrelink\n");
    const starts = second.events.filter((e) => e.type === "start").map((e) => (e as { role: string }).role);
    expect(starts).toEqual(["stubs", "relink"]);
    const compileDone = second.events.find((e) => e.type === "done" && e.drvPath === v2.compile);
    expect(compileDone).toMatchObject({ cached: true });
    // Same stubs output, same compile output.
    const out = (r: typeof first, d: string) => r.events.find((e) => e.type === "done" && e.drvPath === d) as { outputs: Record<string, string> };
    expect(out(second, v2.stubs).outputs.out).toBe(out(first, v1.stubs).outputs.out);
    expect(out(second, v2.compile).outputs.out).toBe(out(first, v1.compile).outputs.out);
    expect(out(second, v2.relink).outputs.out).not.toBe(out(first, v1.relink).outputs.out);
  });

  it("cuts off a deferred input-addressed dependent whose resolved derivation is already built", async () => {
    const t = testStore();
    const s = t.store;
    const lib = (v: string) => addDrv(s, { name: "lib", ca: true, env: { v }, script: "echo same > $out" });
    const app = (l: string) => addDrv(s, { name: "app", inputs: [{ drvPath: l }], script: `echo ${outRef(s, l)} > $out` });
    const a1 = app(lib("1"));
    const a2 = app(lib("2"));
    expect(a1).not.toBe(a2);
    const r1 = await build(s, [a1]);
    const r2 = await build(s, [a2]);
    expect(r2.events.filter((e) => e.type === "start" && e.name === "app")).toEqual([]);
    expect(r2.result.outputs[0]!.outputs.out).toBe(r1.result.outputs[0]!.outputs.out);
  });

  it("resolves a fixed-output derivation with a CA input: placeholders become the input's path", async () => {
    const t = testStore();
    const s = t.store;
    const lib = addDrv(s, { name: "lib", ca: true, script: "echo lib > $out" });
    const fod = addDrv(s, { name: "fod", inputs: [{ drvPath: lib }], script: `/bin/cat ${outRef(s, lib)} > $out`,
      fixed: { mode: "flat", algo: "sha256", hash: formatHash(hashOf("sha256", "lib\n"), "sri") } });
    const { result } = await build(s, [fod]);
    expect(fs.readFileSync(s.physical(result.outputs[0]!.outputs.out!), "utf8")).toBe("lib\n");
  });

  it("--check rebuilds a floating CA derivation and compares it with its realisation", async () => {
    const t = testStore();
    const s = t.store;
    const stable = addDrv(s, { name: "stable-ca", ca: true, script: "echo $out > $out" });
    const first = await build(s, [stable]);
    const again = await build(s, [stable], { check: true });
    expect(again.events.filter((e) => e.type === "start").length).toBe(1);
    expect(again.result.outputs).toEqual(first.result.outputs);
    const counter = path.join(t.dir, "n");
    const flaky = addDrv(s, { name: "flaky-ca", ca: true, script: `echo x >> ${counter}; /bin/cat ${counter} > $out` });
    await build(s, [flaky]);
    await expect(build(s, [flaky], { check: true })).rejects.toThrow(/may not be deterministic/);
  });

  it("builds only the wanted outputs' derivation and reports those outputs", async () => {
    const t = testStore();
    const s = t.store;
    const m = addDrv(s, { name: "m", outputs: ["out", "dev"], script: "echo o > $out; echo d > $dev" });
    const { result } = await build(s, [{ drvPath: m, outputs: ["dev"] }]);
    expect(Object.keys(result.outputs[0]!.outputs)).toEqual(["dev"]);
    await expect(build(s, [{ drvPath: m, outputs: ["nope"] }])).rejects.toThrow(`derivation '${m}' does not have an output named 'nope'`);
  });
});
