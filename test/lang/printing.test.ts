// Printing as nix-instantiate --eval: «repeated» follows Nix's value cells (small lists live in the
// cell), attribute names quoted with every $ escaped, <CODE> for unevaluated thunks without --strict.
// Expected outputs were recorded from Nix 2.8.
import { describe, expect, it } from "vitest";
import { evaluate, printValue } from "../../lang/api.js";
import { DryEvalStore } from "../../cli/eval-stores.js";

const store = () => new DryEvalStore({ storeDir: "/nix/store", storeRoot: "", stateDir: "/nonexistent" });
const show = (expr: string, strict = true) => printValue(evaluate({ store: store(), expr }), { strict, json: false });

describe("printing", () => {
  it("marks repeated values like Nix", () => {
    expect(show("let l = [1 2]; in [ l l ]")).toBe("[ [ 1 2 ] «repeated» ]");
    expect(show("let f = x: x; l = [1 2]; in [ (f l) (f l) ]")).toBe("[ [ 1 2 ] [ 1 2 ] ]");
    expect(show("let f = x: x; l = [1 2 3]; in [ (f l) (f l) ]")).toBe("[ [ 1 2 3 ] «repeated» ]");
    expect(show("let a = {x=1;}; in [ a a (a // {}) ]")).toBe("[ { x = 1; } «repeated» «repeated» ]");
    expect(show("(rec { b = [ b 1 ]; }).b")).toBe("[ [ «repeated» 1 ] 1 ]");
  });
  it("prints selected (evaluated) attributes as Nix, small lists keeping their cells", () => {
    const e1 = "let s = { a = [1]; b = s.a; c = {x=1;}; d = s.c; }; in builtins.deepSeq [s.b s.d s.a s.c] [ s s.a s.c ]";
    expect(show(e1, false)).toBe("[ { a = [ 1 ]; b = [ 1 ]; c = { x = 1; }; d = «repeated»; } <CODE> <CODE> ]");
    expect(show(e1)).toBe("[ { a = [ 1 ]; b = [ 1 ]; c = { x = 1; }; d = «repeated»; } [ 1 ] «repeated» ]");
    const e2 = 'let x = { a = "x" + "y"; l = [1 2 3]; }; in builtins.seq x.a (builtins.seq x.l [ x.a x x.a x.l ])';
    expect(show(e2, false)).toBe('[ <CODE> { a = "xy"; l = [ 1 2 3 ]; } <CODE> <CODE> ]');
    expect(show(e2)).toBe('[ "xy" { a = "xy"; l = [ 1 2 3 ]; } "xy" «repeated» ]');
  });
  it("quotes attribute names that are not identifiers", () => {
    expect(show('{ "a$b" = 1; "x\\ny" = 2; "$${x}" = 5; "if" = 0; a-b\' = 3; }')).toBe(
      '{ "\\$\\${x}" = 5; "a\\$b" = 1; a-b\' = 3; "if" = 0; "x\\ny" = 2; }',
    );
  });
  it("shows unevaluated parts as <CODE> without --strict", () => {
    expect(show("{ a = 1; b = 1 + 1; c = x: x; d = builtins.map; }", false)).toBe("{ a = 1; b = <CODE>; c = <CODE>; d = <CODE>; }");
    expect(show("[ (x: x) builtins.map (map (x: x)) ]")).toBe("[ <LAMBDA> <PRIMOP> <PRIMOP-APP> ]");
  });
  it("prints floats as C++ streams do", () => {
    expect(show("[ 1.0 0.1 1.0e20 123456789.0 (0.1 + 0.2) 1.5e-7 (1.0 / 3) 1234565.0 ]")).toBe(
      "[ 1 0.1 1e+20 1.23457e+08 0.3 1.5e-07 0.333333 1.23456e+06 ]",
    );
    expect(show("toString 1.5")).toBe('"1.500000"');
  });
});
