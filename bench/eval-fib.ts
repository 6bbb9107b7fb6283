// Benchmarks: evaluation speed, tk eval vs nix-instantiate --eval on fib 30 (2.7 M calls) and on
// a 100,000-element foldl' over attribute sets (allocation-heavy).
import { evalPair } from "./eval-pair.js";

/** fib 30: function calls, thunks and integer arithmetic. */
export const evalFib = evalPair("eval-fib30", "fib 30 (2.7 M calls; tk eval vs nix-instantiate --eval)",
  "let fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2); in fib 30");

/** foldl' building and reading small sets. */
export const evalFold = evalPair("eval-fold-attrs", "foldl' over 100,000 elements making small sets",
  "(builtins.foldl' (acc: i: builtins.seq acc.n { n = acc.n + i; prev = acc; }) { n = 0; } (builtins.genList (i: i) 100000)).n");
