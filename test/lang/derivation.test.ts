// The derivation builtin against Nix 2.8: the walking-skeleton hello.tk gives the same .drv and
// output paths as nix-instantiate (golden recorded from Nix; re-checked live when Nix is present).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, findDerivations, printValue } from "../../lang/api.js";
import { DryEvalStore } from "../../cli/eval-stores.js";

const here = new URL(".", import.meta.url).pathname;
const fixture = join(here, "fixtures/hello/hello.tk");
const store = () => new DryEvalStore({ storeDir: "/nix/store", storeRoot: "", stateDir: "/nonexistent" });

function nixAvailable(): boolean {
  try {
    execFileSync("nix-instantiate", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("derivation", () => {
  it("hello.tk gives Nix's drvPath and outPath", () => {
    const golden = JSON.parse(readFileSync(join(here, "goldens/hello.json"), "utf8"));
    const v = evaluate({ store: store(), expr: `let d = import ${fixture}; in { drv = d.drvPath; out = d.outPath; }` });
    expect(JSON.parse(printValue(v, { strict: true, json: true }))).toEqual(golden);
    const d = evaluate({ store: store(), file: fixture });
    expect(findDerivations(d)).toEqual([{ drvPath: golden.drv, outputs: ["out"], name: "hello" }]);
  });

  it("finds derivations like nix-instantiate: top level and recurseForDerivations sets", () => {
    const e = `let mk = n: derivation { name = n; system = "x"; builder = "/bin/sh"; outputs = [ "bin" "out" ]; }; in
      { a = mk "a"; sub = { recurseForDerivations = true; b = mk "b"; deeper = { c = mk "c"; }; }; other = { d = mk "d"; }; l = [ (mk "e") ]; }`;
    const found = findDerivations(evaluate({ store: store(), expr: e }));
    expect(found.map((d) => [d.name, d.outputs])).toEqual([["a", ["bin"]], ["b", ["bin"]]]);
  });

  it.runIf(nixAvailable())("matches live nix-instantiate on derivation variants", () => {
    const conf = mkdtempSync(join(tmpdir(), "tk-nixconf-"));
    writeFileSync(join(conf, "nix.conf"), "build-users-group =\nexperimental-features = nix-command ca-derivations\nsubstituters =\n");
    const exprs = [
      `derivation { name = "simple"; system = "x86_64-linux"; builder = "/bin/sh"; args = ["-c" "echo hi > $out"]; }`,
      `derivation { name = "multi"; system = "x"; builder = "/bin/sh"; outputs = ["out" "dev" "lib"]; }`,
      `derivation { name = "fod"; system = "x"; builder = "/bin/sh"; outputHash = "sha256-LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564="; outputHashMode = "recursive"; }`,
      `derivation { name = "flat"; system = "x"; builder = "/bin/sh"; outputHashAlgo = "sha256"; outputHash = "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"; }`,
      `derivation { name = "ca"; system = "x"; builder = "/bin/sh"; __contentAddressed = true; }`,
      `let a = derivation { name = "a"; system = "x"; builder = "/bin/sh"; outputs = ["out" "bin"]; }; in derivation { name = "b"; system = "x"; builder = "/bin/sh"; x = a.bin; y = [1 "two" [3] null true false 1.5]; z = a.drvPath; }`,
      `let a = derivation { name = "a"; system = "x"; builder = "/bin/sh"; __contentAddressed = true; }; in derivation { name = "dep"; system = "x"; builder = "/bin/sh"; a = a; }`,
      `derivation { name = "s"; system = "x"; builder = "/bin/sh"; __structuredAttrs = true; xs = [1 2.5 "a" null { b = true; }]; passAsFile = ["big"]; big = "x"; }`,
      `derivation { name = "n"; system = "x"; builder = "/bin/sh"; __ignoreNulls = true; a = null; b = 1; }`,
      `derivation { name = "f"; system = "x"; builder = "/bin/sh"; t = builtins.toFile "t.txt" "hello"; p = placeholder "out"; }`,
    ];
    for (const e of exprs) {
      const want = execFileSync("nix-instantiate", ["--store", join(conf, "root"), "-E", e], {
        env: { ...process.env, NIX_CONF_DIR: conf }, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"],
      });
      const got = findDerivations(evaluate({ store: store(), expr: e })).map((d) => d.drvPath);
      expect(got, e).toEqual([want.trim()]);
    }
  });
});
