// The shape shared by the evaluation benchmarks: one -E expression evaluated by `tk eval --strict`
// and by `nix-instantiate --eval --strict --readonly-mode`, side by side.
import type { Benchmark } from "./harness.js";
import { nixEnv, tkArgv, tempStoreEnv } from "./tk-cmd.js";

/** A benchmark evaluating `expr` with tk and with Nix (both --strict, nothing written). */
export function evalPair(name: string, description: string, expr: string, runs = 5): Benchmark {
  return {
    name,
    description,
    referenceTool: "nix-instantiate",
    runs,
    prepare() {
      return {
        tk: { argv: tkArgv("eval", "--strict", "-E", expr), env: tempStoreEnv() },
        reference: { argv: ["nix-instantiate", "--eval", "--strict", "--readonly-mode", "-E", expr], env: nixEnv() },
      };
    },
  };
}
