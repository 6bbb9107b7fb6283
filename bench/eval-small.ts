// Benchmark: evaluating a small expression, end to end (process start-up dominates), tk eval vs nix-instantiate --eval.
import { evalPair } from "./eval-pair.js";

const EXPR = 'let xs = builtins.genList (i: i * i) 1000; in builtins.foldl\' (a: b: a + b) 0 xs';

/** tk eval vs nix-instantiate --eval on a 1,000-element fold: mostly start-up cost. */
export const evalSmall = evalPair("eval-small", "start-up plus a 1,000-element foldl' (tk eval vs nix-instantiate --eval)", EXPR, 10);
