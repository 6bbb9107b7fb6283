// Exact error texts and positions recorded from Nix 2.8 (nix-instantiate --eval --strict -E): where
// "infinite recursion encountered" points (the variable or attribute whose value is being forced, as
// Nix's forceValue(v, pos)), where inherited attributes are positioned (after `inherit` or `(e)`; their
// variable or selection at the start of the bindings), and when Nix adds its --show-trace hint.
import { describe, expect, it } from "vitest";
import { evaluate, printValue } from "../../lang/api.js";
import { DryEvalStore } from "../../cli/eval-stores.js";
import { LangError } from "../../lang/errors.js";

const store = () => new DryEvalStore({ storeDir: "/nix/store", storeRoot: "", stateDir: "/nonexistent" });

/** What `nix-instantiate --eval --strict -E expr` prints: the value, or the error's whole text. */
function run(expr: string): string {
  try {
    return printValue(evaluate({ store: store(), expr }), { strict: true, json: false });
  } catch (e) {
    expect(e).toBeInstanceOf(LangError);
    return (e as LangError).message;
  }
}

/** [expression, Nix 2.8's output (stdout, or stderr for errors)] */
const RECORDED: Array<[string, string]> = [
  ["let n = \"a\"; in { a = 1; ${n} = 2; }",
   "error: dynamic attribute 'a' already defined at (string):1:19\n\n       at «string»:1:26:\n\n            1| let n = \"a\"; in { a = 1; ${n} = 2; }\n             |                          ^"],
  ["{ a = 1; ${\"a\"} = 2; }",
   "error: attribute 'a' already defined at (string):1:3\n\n       at «string»:1:10:\n\n            1| { a = 1; ${\"a\"} = 2; }\n             |          ^"],
  ["({a}: a) {}",
   "error: anonymous function at (string):1:2 called without required argument 'a'\n\n       at «string»:1:1:\n\n            1| ({a}: a) {}\n             | ^"],
  ["let n = \"a\"; in { ${n} = 1; ${n} = 2; }",
   "error: dynamic attribute 'a' already defined at (string):1:19\n\n       at «string»:1:29:\n\n            1| let n = \"a\"; in { ${n} = 1; ${n} = 2; }\n             |                             ^"],
  ["({a, ...}@x: a) {}",
   "error: anonymous function at (string):1:2 called without required argument 'a'\n\n       at «string»:1:1:\n\n            1| ({a, ...}@x: a) {}\n             | ^"],
  ["builtins.getAttr \"y\" (builtins.listToAttrs [])",
   "error: attribute 'y' missing for call to 'getAttr'\n\n       at «string»:1:1:\n\n            1| builtins.getAttr \"y\" (builtins.listToAttrs [])\n             | ^"],
  ["builtins.addErrorContext \"ctx\" (throw \"x\")",
   "error: x\n(use '--show-trace' to show detailed location information)"],
  ["builtins.deepSeq { a = { b = throw \"x\"; }; } 1",
   "error: x\n(use '--show-trace' to show detailed location information)"],
  ["let f = x: throw \"x\"; in f 1",
   "error: x"],
  ["(derivation { name = \"x\"; system = \"x\"; }).drvPath",
   "error: required attribute 'builder' missing\n\n       at «string»:1:15:\n\n            1| (derivation { name = \"x\"; system = \"x\"; }).drvPath\n             |               ^"],
  ["{ a = throw \"x\"; }.a",
   "error: x\n(use '--show-trace' to show detailed location information)"],
  ["{ inherit a; }",
   "error: undefined variable 'a'\n\n       at «string»:1:2:\n\n            1| { inherit a; }\n             |  ^"],
  ["let x = {}; in { inherit (x) a; }.a",
   "error: attribute 'a' missing\n\n       at «string»:1:17:\n\n            1| let x = {}; in { inherit (x) a; }.a\n             |                 ^\n(use '--show-trace' to show detailed location information)"],
  ["{ a = 1; inherit (x) a; }",
   "error: attribute 'a' already defined at (string):1:3\n\n       at «string»:1:21:\n\n            1| { a = 1; inherit (x) a; }\n             |                     ^"],
  ["let a = 1; in { a = 1; inherit a; }",
   "error: attribute 'a' already defined at (string):1:17\n\n       at «string»:1:31:\n\n            1| let a = 1; in { a = 1; inherit a; }\n             |                               ^"],
  ["let a = { inherit b; }.b; b = a; in a",
   "error: infinite recursion encountered\n\n       at «string»:1:18:\n\n            1| let a = { inherit b; }.b; b = a; in a\n             |                  ^\n(use '--show-trace' to show detailed location information)"],
  ["let x = {}; in\n{ inherit (x)\n  a; }.a",
   "error: attribute 'a' missing\n\n       at «string»:2:2:\n\n            1| let x = {}; in\n            2| { inherit (x)\n             |  ^\n            3|   a; }.a\n(use '--show-trace' to show detailed location information)"],
  ["let a = 1; in { inherit\n a; }",
   "{ a = 1; }"],
  ["let x = 1; in { inherit (x) a; }.a",
   "error: value is an integer while a set was expected\n\n       at «string»:1:16:\n\n            1| let x = 1; in { inherit (x) a; }.a\n             |                ^\n(use '--show-trace' to show detailed location information)"],
  ["let x = {}; in let inherit (x) a; in a",
   "error: attribute 'a' missing\n\n       at «string»:1:19:\n\n            1| let x = {}; in let inherit (x) a; in a\n             |                   ^"],
  ["let x = { a = 1; }; in let inherit (x) a; b = 2; in (builtins.unsafeGetAttrPos \"a\" { inherit (x) a; }).column",
   "97"],
  ["let x = {a=1;}; in (builtins.unsafeGetAttrPos \"a\" { inherit (x) a; }).column",
   "64"],
  ["let a = 1; in (builtins.unsafeGetAttrPos \"a\" { inherit a; }).column",
   "55"],
  ["let x = {a=1;}; in (builtins.unsafeGetAttrPos \"a\" { inherit (x)   a; }).column",
   "64"],
  ["let x = {a=1;}; in (builtins.unsafeGetAttrPos \"b\" { inherit (x) a   b; }).column",
   "64"],
  ["(x: x.a) 1",
   "error: value is an integer while a set was expected\n\n       at «string»:1:5:\n\n            1| (x: x.a) 1\n             |     ^"],
  ["(1) + \"a\"",
   "error: cannot add a string to an integer\n\n       at «string»:1:7:\n\n            1| (1) + \"a\"\n             |       ^"],
  ["(({ a = 1; })).b or (1 + \"x\")",
   "error: cannot add a string to an integer\n\n       at «string»:1:26:\n\n            1| (({ a = 1; })).b or (1 + \"x\")\n             |                          ^"],
  ["(1) - \"a\"",
   "error: value is a string while an integer was expected\n\n       at «string»:1:1:\n\n            1| (1) - \"a\"\n             | ^"],
  ["(true) && 1",
   "error: value is an integer while a Boolean was expected\n\n       at «string»:1:1:\n\n            1| (true) && 1\n             | ^"],
  ["( (f: f 1) ) (x: x + \"a\")",
   "error: cannot add a string to an integer\n\n       at «string»:1:22:\n\n            1| ( (f: f 1) ) (x: x + \"a\")\n             |                      ^"],
  ["let x = x; in x",
   "error: infinite recursion encountered\n\n       at «string»:1:9:\n\n            1| let x = x; in x\n             |         ^"],
  ["rec { a = b; b = a; }.a",
   "error: infinite recursion encountered\n\n       at «string»:1:11:\n\n            1| rec { a = b; b = a; }.a\n             |           ^\n(use '--show-trace' to show detailed location information)"],
  ["\nlet x = { a = x.a; }; in x.a",
   "error: infinite recursion encountered\n\n       at «string»:2:11:\n\n            1|\n            2| let x = { a = x.a; }; in x.a\n             |           ^\n(use '--show-trace' to show detailed location information)"],
  ["let\n x = { a = x.a; }; in x.a",
   "error: infinite recursion encountered\n\n       at «string»:2:8:\n\n            1| let\n            2|  x = { a = x.a; }; in x.a\n             |        ^\n(use '--show-trace' to show detailed location information)"],
  ["rec { a = a; }.a",
   "error: infinite recursion encountered\n\n       at «string»:1:11:\n\n            1| rec { a = a; }.a\n             |           ^\n(use '--show-trace' to show detailed location information)"],
  ["let a = { x = a.x; }; in a.x",
   "error: infinite recursion encountered\n\n       at «string»:1:11:\n\n            1| let a = { x = a.x; }; in a.x\n             |           ^\n(use '--show-trace' to show detailed location information)"],
  ["with { a = 1; }; let x = with { y = x; }; y; in x",
   "error: infinite recursion encountered\n\n       at «string»:1:43:\n\n            1| with { a = 1; }; let x = with { y = x; }; y; in x\n             |                                           ^"],
  ["let x = builtins.seq x 1; in x",
   "error: infinite recursion encountered\n\n       at «string»:1:9:\n\n            1| let x = builtins.seq x 1; in x\n             |         ^"],
  ["let x = 1 + x; in x",
   "error: infinite recursion encountered\n\n       at «string»:1:13:\n\n            1| let x = 1 + x; in x\n             |             ^"],
  ["let s = { a = s.b; b = s.a; }; in s.a",
   "error: infinite recursion encountered\n\n       at «string»:1:11:\n\n            1| let s = { a = s.b; b = s.a; }; in s.a\n             |           ^\n(use '--show-trace' to show detailed location information)"],
  ["let s = { a = 1; } // s; in s.a",
   "error: infinite recursion encountered\n\n       at «string»:1:23:\n\n            1| let s = { a = 1; } // s; in s.a\n             |                       ^"],
  ["let x = { inherit (x) a; }; in x.a",
   "error: infinite recursion encountered\n\n       at «string»:1:22:\n\n            1| let x = { inherit (x) a; }; in x.a\n             |                      ^\n(use '--show-trace' to show detailed location information)"],
  ["let f = { a ? a }: a; in f {}",
   "error: infinite recursion encountered\n\n       at «string»:1:15:\n\n            1| let f = { a ? a }: a; in f {}\n             |               ^"],
  ["rec { a = { b = a.b; }; }.a.b",
   "error: infinite recursion encountered\n\n       at «string»:1:13:\n\n            1| rec { a = { b = a.b; }; }.a.b\n             |             ^\n(use '--show-trace' to show detailed location information)"],
  ["let xs = [ (builtins.elemAt xs 0) ]; in builtins.elemAt xs 0",
   "error: infinite recursion encountered\n\n       at «string»:1:13:\n\n            1| let xs = [ (builtins.elemAt xs 0) ]; in builtins.elemAt xs 0\n             |             ^"],
  ["let x = if x then 1 else 2; in x",
   "error: infinite recursion encountered\n\n       at «string»:1:12:\n\n            1| let x = if x then 1 else 2; in x\n             |            ^"],
  ["let x = \"${x}\"; in x",
   "error: infinite recursion encountered\n\n       at «string»:1:12:\n\n            1| let x = \"${x}\"; in x\n             |            ^"],
  ["let x = [ x ]; in x",
   "[ [ «repeated» ] ]"],
  ["let f = x: x.a; s = { a = f s; }; in s.a",
   "error: infinite recursion encountered\n\n       at «string»:1:23:\n\n            1| let f = x: x.a; s = { a = f s; }; in s.a\n             |                       ^\n(use '--show-trace' to show detailed location information)"],
  ["rec { a = b; b = c; c = a; }.c",
   "error: infinite recursion encountered\n\n       at «string»:1:18:\n\n            1| rec { a = b; b = c; c = a; }.c\n             |                  ^\n(use '--show-trace' to show detailed location information)"],
  ["let a = b.c; b = { c = a; }; in a",
   "error: infinite recursion encountered\n\n       at «string»:1:20:\n\n            1| let a = b.c; b = { c = a; }; in a\n             |                    ^\n(use '--show-trace' to show detailed location information)"],
  ["builtins.deepSeq (rec { a = { b = a.b; }; }) 1",
   "error: infinite recursion encountered\n\n       at «string»:1:31:\n\n            1| builtins.deepSeq (rec { a = { b = a.b; }; }) 1\n             |                               ^\n(use '--show-trace' to show detailed location information)"],
  ["let s = { a = s.a or 1; }; in s.a",
   "error: infinite recursion encountered\n\n       at «string»:1:11:\n\n            1| let s = { a = s.a or 1; }; in s.a\n             |           ^\n(use '--show-trace' to show detailed location information)"],
];

describe("positions and the --show-trace hint as Nix 2.8 reports them", () => {
  for (const [expr, nix] of RECORDED) {
    it(expr, () => {
      expect(run(expr)).toBe(nix);
    });
  }
});
