// The builder environment against what Nix 2.8 gave the same derivations (goldens/build-env.json,
// recorded by record-env-goldens.sh): every variable, passAsFile files, .attrs.json and .attrs.sh.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeBuildEnv, passAsFileName, structuredAttrsShell } from "../../builders/build-env.js";
import { parseDerivation } from "../../store/drv.js";
import { haveNix, recordLive } from "./live-nix.js";

interface EnvGolden { drv: string; outputs: Record<string, string>; env: Record<string, string>; files: Record<string, string> }
const goldens = JSON.parse(readFileSync(new URL("./goldens/build-env.json", import.meta.url), "utf8")) as Record<string, EnvGolden>;

describe("makeBuildEnv matches Nix 2.8", () => {
  for (const [drvPath, g] of Object.entries(goldens)) {
    it(drvPath.replace(/.*-/, ""), () => {
      const drv = parseDerivation(g.drv);
      const built = makeBuildEnv({
        drv, storeDir: "/nix/store", buildDirInBuilder: "/build", cores: 3, fixedOutput: false,
        outputPaths: new Map(Object.entries(g.outputs)),
      });
      const expected = { ...g.env };
      // Nix 2.8 points these at the host-side build dir (a bug); tk uses the dir the builder sees.
      if (expected.NIX_ATTRS_JSON_FILE) expected.NIX_ATTRS_JSON_FILE = "/build/.attrs.json";
      if (expected.NIX_ATTRS_SH_FILE) expected.NIX_ATTRS_SH_FILE = "/build/.attrs.sh";
      expect(built.env).toEqual(expected);
      const files = Object.fromEntries(built.files.map((f) => [f.name, f.contents]));
      expect(files).toEqual(g.files);
    });
  }
});

describe("build env details", () => {
  const drv = parseDerivation(Object.values(goldens).find((g) => g.env.textPath)!.drv);

  it("names passAsFile files .attr-<b32(sha256(name))>", () => {
    expect(passAsFileName("text")).toBe(".attr-1lf969yddshzhld7sr1vbagr07bnygg99lgl6gk5kxcnp4z9wbcq");
  });

  it("copies impureEnvVars from the caller only for fixed-output derivations", () => {
    drv.env.set("impureEnvVars", "http_proxy NOT_SET");
    const base = { drv, storeDir: "/s", buildDirInBuilder: "/b", cores: 1, outputPaths: new Map([["out", "/s/x"]]),
      callerEnv: { http_proxy: "http://proxy:3128", SECRET: "no" } };
    const fod = makeBuildEnv({ ...base, fixedOutput: true }).env;
    expect(fod.http_proxy).toBe("http://proxy:3128");
    expect(fod.NIX_OUTPUT_CHECKED).toBe("1");
    expect("NOT_SET" in fod).toBe(false);
    expect("SECRET" in fod).toBe(false);
    const plain = makeBuildEnv({ ...base, fixedOutput: false }).env;
    expect("http_proxy" in plain).toBe(false);
    expect("NIX_OUTPUT_CHECKED" in plain).toBe(false);
  });

  it("rewrites output placeholders in args", () => {
    const env = makeBuildEnv({ drv, storeDir: "/s", buildDirInBuilder: "/b", cores: 1, fixedOutput: false,
      outputPaths: new Map([["out", "/s/final"]]) });
    expect(env.args[2]).toBe("/s/final/arg");
  });

  it("writes shell declarations like writeStructuredAttrsShell", () => {
    expect(structuredAttrsShell({ a: "x'y", b: [1, "z"], c: { k: null }, "d-e": 1, f: 1.5, g: [[1]] }))
      .toBe("declare a='x'\\''y'\ndeclare -a b=(1 'z' )\ndeclare -A c=(['k']='' )\n");
  });
});

describe.skipIf(!haveNix)("the goldens are what the installed Nix does", () => {
  it("record-env-goldens.sh reproduces goldens/build-env.json (up to Nix's host build dir name)", () => {
    const strip = (g: Record<string, EnvGolden>) => Object.fromEntries(Object.entries(g).map(([k, v]) => {
      const env = { ...v.env };
      delete env.NIX_ATTRS_JSON_FILE;
      delete env.NIX_ATTRS_SH_FILE;
      return [k, { ...v, env }];
    }));
    expect(strip(recordLive("record-env-goldens.sh") as Record<string, EnvGolden>)).toEqual(strip(goldens));
  });
});
