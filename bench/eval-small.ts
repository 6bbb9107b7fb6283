// Benchmark: evaluating a small expression, end to end (process start-up dominates), tk eval vs nix-instantiate --eval.
import type { Benchmark } from "./harness.js";
import { nixEnv, tkArgv, tempStoreEnv } from "./tk-cmd.js";

const EXPR = 'let xs = builtins.genList (i: i * i) 1000; in builtins.foldl\' (a: b: a + b) 0 xs';

/** tk eval vs nix-instantiate --eval on a 1,000-element fold: mostly start-up cost. */
export const evalSmall: Benchmark = {
  name: "eval-small",
  description: "start-up plus a 1,000-element foldl' (tk eval vs nix-instantiate --eval)",
  referenceTool: "nix-instantiate",
  runs: 10,
  prepare() {
    return {
      tk: { argv: tkArgv("eval", "--strict", "-E", EXPR), env: tempStoreEnv() },
      reference: { argv: ["nix-instantiate", "--eval", "--strict", "--readonly-mode", "-E", EXPR], env: nixEnv() },
    };
  },
};
