// Warm-up run while the start-up snapshot is built: evaluates and prints a small program that uses
// the common syntax and builtins against a dry store, so that the functions of the lexer, parser,
// compiler, evaluator and printer are compiled (their bytecode is saved in the snapshot) and the
// lexer and grammar tables are built. Nothing is written: no output, no store, and the parse cache
// of the build (TK_CACHE_DIR) is a temporary directory.
import { evaluate, printValue } from "../lang/api.js";
import { storeConfigFromEnv } from "../store/config.js";
import { DryEvalStore } from "./eval-stores.js";

/** The program evaluated by warmUp (a few of everything a derivation file uses). */
export const WARM_UP_PROGRAM = `
let
  lib = rec {
    inc = x: x + 1;
    names = set: builtins.attrNames set;
    join = sep: list: builtins.concatStringsSep sep (map toString list);
    fold = f: z: l: builtins.foldl' f z l;
  };
  pkgs = builtins.listToAttrs (builtins.genList (i: { name = "p\${toString i}"; value = { version = "1.\${toString i}"; deps = [ i ]; }; }) 20);
  drv = derivation { name = "warm"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo > $out" ]; };
in with lib; {
  a = inc 41; b = names pkgs; c = join "," [ 1 2 3 ]; d = fold (acc: x: acc + x) 0 (builtins.genList (x: x * 2) 100);
  e = if builtins.length (names pkgs) > 3 then "many" else "few"; f = pkgs.p3.version or "none";
  g = builtins.mapAttrs (n: v: v // { n = n; }) { x = { y = 1.5; }; z = { w = null; }; };
  h = assert true; builtins.filter (x: x != 2) [ 1 2 3 ]; i = ''
    indented \${toString 1} string
  ''; j = builtins.toJSON { k = [ true false ]; }; k = drv.outPath; l = builtins.substring 1 3 "hello";
  m = ({ a, b ? 2, ... }@args: a + b) { a = 1; }; n = let r = builtins.tryEval (throw "x"); in r.success;
}
`;

/** Evaluates and prints WARM_UP_PROGRAM (strict, as text and as JSON); returns the text. */
export function warmUp(): string {
  const store = new DryEvalStore(storeConfigFromEnv({ TK_STORE_DIR: "/tk/store" }));
  const value = evaluate({ store, expr: WARM_UP_PROGRAM, baseDir: "/" });
  printValue(value, { strict: true, json: true });
  return printValue(value, { strict: true, json: false });
}
