// Paths copied into the store during evaluation (interpolation, filterSource, builtins.path, toFile)
// and a derivation depending on them: same store paths as Nix 2.8 (golden recorded from nix-instantiate).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, printValue } from "../../lang/api.js";
import { DryEvalStore } from "../../cli/eval-stores.js";

const here = new URL(".", import.meta.url).pathname;

describe("source paths", () => {
  it("are copied to the same store paths as Nix", () => {
    const store = new DryEvalStore({ storeDir: "/nix/store", storeRoot: "", stateDir: "/nonexistent" });
    const v = evaluate({ store, file: join(here, "fixtures/srctree.nix") });
    expect(printValue(v, { strict: true, json: true })).toBe(readFileSync(join(here, "goldens/srctree.json"), "utf8"));
  });
});
