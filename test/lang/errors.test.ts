// Evaluation errors: message, file:line:col with context lines and caret, Nix's trace frames
// (--show-trace), "infinite recursion", and which errors tryEval catches.
import { describe, expect, it } from "vitest";
import { evaluate, printValue } from "../../lang/api.js";
import { LangError } from "../../lang/errors.js";
import { DryEvalStore } from "../../cli/eval-stores.js";

const store = () => new DryEvalStore({ storeDir: "/nix/store", storeRoot: "", stateDir: "/nonexistent" });
const run = (expr: string, showTrace = false) => printValue(evaluate({ store: store(), expr, showTrace }), { strict: true, json: false });
function err(expr: string, showTrace = false): LangError {
  try {
    run(expr, showTrace);
  } catch (e) {
    expect(e).toBeInstanceOf(LangError);
    return e as LangError;
  }
  throw new Error("no error");
}

describe("evaluation errors", () => {
  it("point at the failing expression", () => {
    expect(err("let\n  f = x: x.a + 1;\nin f { a = \"s\"; }").message).toBe(
      "error: cannot coerce an integer to a string\n\n" +
        "       at «string»:2:16:\n\n" +
        "            1| let\n" +
        "            2|   f = x: x.a + 1;\n" +
        "             |                ^\n" +
        "            3| in f { a = \"s\"; }",
    );
  });
  it("list 'while evaluating' frames with --show-trace only", () => {
    const src = "let\n  f = x: x.a + 1;\n  g = y: f { a = y; };\nin g \"s\"";
    expect(err(src).message).not.toContain("…");
    const m = err(src, true).message;
    expect(m).toContain("… while evaluating 'f'\n\n       at «string»:2:7:");
    expect(m).toContain("… from call site\n\n       at «string»:3:10:");
    expect(m).toContain("… while evaluating 'g'\n\n       at «string»:3:7:");
    expect(m).toContain("… from call site\n\n       at «string»:4:4:");
    const attr = err("let\n  cfg = {\n    port = 1 + \"a\";\n  };\nin cfg.port", true).message;
    expect(attr).toMatch(/^error: cannot add a string to an integer\n\n       at «string»:3:16:/);
    expect(attr).toContain("… while evaluating the attribute 'port'\n\n       at «string»:3:5:");
  });
  it("name a curried function's inner lambdas after its binding, as Nix's setName (checked against Nix 2.8)", () => {
    const m = err('let\n  f = a: b: a + b;\nin f 1 "x"', true).message;
    expect(m).toMatch(/^error: cannot add a string to an integer\n\n       at «string»:2:17:/);
    expect(m).toContain("… while evaluating 'f'\n\n       at «string»:2:10:");
    expect(m).toContain("… from call site\n\n       at «string»:3:4:");
  });
  it("report undefined variables at compile time and missing attributes", () => {
    expect(err("let a = 1; in b").message).toMatch(/^error: undefined variable 'b'\n\n       at «string»:1:15:/);
    expect(err("{ a = 1; }.b").message).toMatch(/^error: attribute 'b' missing/);
  });
  it("come from the whole file even where evaluation never goes (bodies are compiled lazily)", () => {
    expect(err("let f = x: zz; in 1").message).toMatch(/^error: undefined variable 'zz'\n\n       at «string»:1:12:/);
    expect(err("if true then 1 else (x: { inherit qq; })").message).toMatch(/^error: undefined variable 'qq'/);
    expect(err("let x = { a.b = 1; a = 2; }; in 1").message).toMatch(/^error: attribute 'a' already defined at \(string\):1:11\n\n       at «string»:1:20:/);
    expect(err("let f = { a ? 1, a }: 2; in 3").message).toMatch(/^error: duplicate formal function argument 'a'/);
    expect(run("with {}; let x = y; in 1")).toBe("1");
  });
  it("detect infinite recursion", () => {
    const e = err("let x = x + 1; in x");
    expect(e.kind).toBe("recursion");
    expect(e.message).toMatch(/^error: infinite recursion encountered/);
  });
  it("print throw and abort without a position, as Nix 2.8 (trace frames still with --show-trace)", () => {
    expect(err('let\n  f = x: throw "boo ${x}";\nin f "a"').message).toBe("error: boo a");
    expect(err('abort "x"').message).toBe("error: evaluation aborted with the following error message: 'x'");
    const traced = err('let\n  f = x: throw "boo ${x}";\nin f "a"', true).message;
    expect(traced).toMatch(/^error: boo a\n\n       … while evaluating 'f'\n\n       at «string»:2:7:/);
    expect(traced).toContain("… from call site\n\n       at «string»:3:4:");
  });
  it("quote the asserted expression as Nix 2.8 shows it (recorded from nix-instantiate)", () => {
    expect(err("assert false; 1").message).toBe(
      "error: assertion 'false' failed\n\n       at «string»:1:1:\n\n            1| assert false; 1\n             | ^",
    );
    expect(err("let a = 1; in assert a == 2 && true; 1").message).toMatch(/^error: assertion '\(\(a == 2\) && true\)' failed\n\n       at «string»:1:15:/);
    const m = err("let\n  a = 1;\nin assert a == 2 && (let b = 1; in b > 0) || !true; { x = [ 1 \"s\" ]; }.x").message;
    expect(m).toMatch(/^error: assertion '\(\(\(a == 2\) && \(let b = 1; in \(__lessThan 0 b\)\)\) \|\| \(! true\)\)' failed\n\n       at «string»:3:4:/);
  });
  it("tryEval catches throw and assert, nothing else", () => {
    expect(run("builtins.tryEval (throw \"x\")")).toBe("{ success = false; value = false; }");
    expect(run("builtins.tryEval (assert false; 1)")).toBe("{ success = false; value = false; }");
    expect(run("builtins.tryEval 1")).toBe("{ success = true; value = 1; }");
    expect(err("builtins.tryEval (abort \"no\")").kind).toBe("abort");
    expect(err("builtins.tryEval ({}.a)").kind).toBe("eval");
    expect(err("builtins.tryEval (1 + \"a\")").kind).toBe("type");
  });
  it("handles integer overflow and division like Nix", () => {
    expect(run("9223372036854775807 + 1")).toBe("-9223372036854775808");
    expect(run("(-9223372036854775807) - 1")).toBe("-9223372036854775808");
    expect(run("3037000500 * 3037000500")).toBe("-9223372036709301616");
    expect(run("(-7) / 2")).toBe("-3");
    expect(err("1 / 0").message).toMatch(/^error: division by zero/);
  });
});
