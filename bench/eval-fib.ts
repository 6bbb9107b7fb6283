// Benchmarks: evaluation speed, tk eval vs nix-instantiate --eval on fib 30 (1.6 M calls) and on
// a 100,000-element foldl' over attribute sets (allocation-heavy).
import type { Benchmark } from "./harness.js";
import { nixEnv, tkArgv, tempStoreEnv } from "./tk-cmd.js";

function pair(name: string, description: string, expr: string): Benchmark {
  return {
    name,
    description,
    referenceTool: "nix-instantiate",
    runs: 5,
    prepare() {
      return {
        tk: { argv: tkArgv("eval", "--strict", "-E", expr), env: tempStoreEnv() },
        reference: { argv: ["nix-instantiate", "--eval", "--strict", "--readonly-mode", "-E", expr], env: nixEnv() },
      };
    },
  };
}

/** fib 30: function calls, thunks and integer arithmetic. */
export const evalFib = pair("eval-fib30", "fib 30 (1.6 M calls; tk eval vs nix-instantiate --eval)",
  "let fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2); in fib 30");

/** foldl' building and reading small sets. */
export const evalFold = pair("eval-fold-attrs", "foldl' over 100,000 elements making small sets",
  "(builtins.foldl' (acc: i: builtins.seq acc.n { n = acc.n + i; prev = acc; }) { n = 0; } (builtins.genList (i: i) 100000)).n");
