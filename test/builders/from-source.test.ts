// Derivations written in the language (lang/api.ts) rather than by hand: tk's evaluator instantiates
// the CA golden expression at Nix's .drv paths and realise() then reproduces Nix's outputs; the
// benchmark's hand-written graphs are the ones its Nix expression describes.
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { writeGraph, writeGraphNix } from "../../bench/realise-graphs.js";
import { LocalEvalStore } from "../../cli/eval-stores.js";
import { evaluate, findDerivations } from "../../lang/api.js";
import { build, testStore } from "./helpers.js";

const haveBwrap = spawnSync("bwrap", ["--ro-bind", "/", "/", "true"]).status === 0;
const golden = JSON.parse(fs.readFileSync(new URL("./goldens/ca-derivations.json", import.meta.url), "utf8")) as
  { drvs: Record<string, string>; outputs: Record<string, unknown> };

describe("from source", () => {
  it.skipIf(!haveBwrap)("the CA golden expression instantiates and builds exactly as with Nix 2.8", async () => {
    const t = testStore({ relocated: true, storeDir: "/nix/store" });
    const file = new URL("./goldens/ca-derivations.nix", import.meta.url).pathname;
    const drvs = findDerivations(evaluate({ store: new LocalEvalStore(t.store), file }));
    expect(drvs.map((d) => d.drvPath).sort()).toEqual(Object.keys(golden.drvs).sort());
    const { result } = await build(t.store, drvs.map((d) => ({ drvPath: d.drvPath, outputs: d.outputs })), { sandbox: true, maxJobs: 2 });
    expect(result.outputs.map((r) => r.outputs.out!).sort()).toEqual(Object.keys(golden.outputs).sort());
  });

  for (const shape of ["chain", "fan"] as const) {
    it(`the benchmark's ${shape} is what its Nix expression describes`, () => {
      const t = testStore();
      const file = path.join(t.dir, "graph.nix");
      writeGraphNix(file);
      const [d] = findDerivations(evaluate({ store: new LocalEvalStore(t.store), file, args: { n: { expr: "20" }, shape: { str: shape } } }));
      expect(writeGraph(t.store, shape, 20)).toBe(d!.drvPath);
    });
  }
});
