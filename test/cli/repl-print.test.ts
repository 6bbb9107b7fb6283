// Unit tests of cli/repl-print.ts: values shown as Nix 2.8's nix repl shows them (the e2e test
// compares whole transcripts with nix repl; these pin the pieces, colours included).
import { describe, expect, it } from "vitest";
import { Session } from "../../lang/session.js";
import { DryEvalStore } from "../../cli/eval-stores.js";
import { replIsVarName, replPrint, ReplPrintError, replString, replType } from "../../cli/repl-print.js";

const s = new Session(new DryEvalStore({ storeDir: "/nix/store" } as never));
const show = (src: string, maxDepth = 1, color = false): string => replPrint(s.compile(src, "/"), { maxDepth, color });

describe("replPrint", () => {
  it("shows sets and lists to the depth asked", () => {
    expect(show("{ a = 1; b = { c = [ 1 ]; }; l = [ ]; }")).toBe("{ a = 1; b = { ... }; l = [ ... ]; }");
    expect(show("{ a = 1; b = { c = [ 1 ]; }; l = [ ]; }", Infinity)).toBe("{ a = 1; b = { c = [ 1 ]; }; l = [ ]; }");
  });

  it("marks sets and lists seen before as «repeated»", () => {
    expect(show("let r = { x = 1; }; in [ r r ]")).toBe("[ { ... } «repeated» ]");
    expect(show("let x = 1; in { a = x; b = x; }")).toBe("{ a = 1; b = 1; }");
  });

  it("shows functions and derivations as nix repl does", () => {
    expect(show("x: x")).toBe("«lambda @ (string):1:1»");
    expect(show("builtins.map")).toBe("«primop»");
    expect(show("builtins.map (x: x)")).toBe("«primop-app»");
    expect(show('derivation { name = "d"; system = "x"; builder = "/bin/sh"; }')).toBe(
      "«derivation /nix/store/wwk71dy0w17kn5spjd8hbsrk6520xs11-d.drv»",
    );
  });

  it("shows a throw inside a set as «error: …» and goes on", () => {
    expect(show('{ a = throw "x"; b = 2; }')).toMatch(/^\{ a = «error: error: x[^]*»; b = 2; \}$/);
  });

  it("stops at other errors, keeping what was shown before them", () => {
    let err: unknown;
    try {
      show('{ a = 1; b = abort "no"; }');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReplPrintError);
    expect((err as ReplPrintError).partial).toBe("{ a = 1; b = ");
    expect(String((err as ReplPrintError).error)).toContain("evaluation aborted");
  });

  it("colours as nix repl when asked", () => {
    expect(show("1", 1, true)).toBe("\x1b[36;1m1\x1b[0m");
    expect(show('"s"', 1, true)).toBe('\x1b[35;1m"s"\x1b[0m');
    expect(show("x: x", 1, true)).toBe("\x1b[34;1m«lambda @ \x1b[1m(string)\x1b[0m:1:1»\x1b[0m");
    expect(show("1.5", 1, true)).toBe("1.5");
  });
});

describe("replString, replIsVarName, replType", () => {
  it("escapes quotes, backslashes and control characters but not ${", () => {
    expect(replString('a"b\\c\n\r\t${x}')).toBe('"a\\"b\\\\c\\n\\r\\t${x}"');
  });

  it("quotes attribute names that are not identifiers (keywords are not quoted)", () => {
    expect(replIsVarName("a-b'")).toBe(true);
    expect(replIsVarName("if")).toBe(true);
    expect(replIsVarName("1a")).toBe(false);
    expect(replIsVarName("foo bar")).toBe(false);
  });

  it("describes values as :t does", () => {
    expect(replType(s.evaluate("builtins.map", "/"))).toBe("the built-in function 'map'");
    expect(replType(s.evaluate("builtins.map (x: x)", "/"))).toBe("the partially applied built-in function 'map'");
    expect(replType(s.evaluate("{ }", "/"))).toBe("a set");
    expect(replType(s.evaluate("true", "/"))).toBe("a Boolean");
  });
});
