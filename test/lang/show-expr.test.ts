// Nix 2.8's rendering of expressions (assertion messages, `nix-instantiate --parse`): every case recorded
// from `nix-instantiate --parse -E` (run in /base, home shown as ~HOME) and compared byte for byte.
import { homedir } from "node:os";
import { describe, expect, it } from "vitest";
import { parseUncached } from "../../lang/parse.js";
import { showExpr, showString } from "../../lang/show-expr.js";

const cases: Array<[string, string]> = [
    ["let a = 1; b = \"x\\n${a}\\\"\\\\$\"; in a", "(let a = 1; b = (\"x\\n\" + a + \"\\\"\\\\\\$\"); in a)"],
    ["{ a, b ? 1, ... }@x: x.a.b or 3", "({ a, b ? 1, ... } @ x: (x).a.b or (3))"],
    ["x: { }: [ 1 2.5 ./a <n/x> http://x.org ]", "(x: ({  }: [ (1) (2.5) (/base/a) ((__findFile __nixPath \"n/x\")) (\"http://x.org\") ]))"],
    ["__curPos", "__curPos"],
    ["let { body = 1; }", "(rec { body = 1; }).body"],
    ["{ a = 1; }.a", "({ a = 1; }).a"],
    ["x@{ a }: a", "({ a } @ x: a)"],
    ["1.0e10", "1e+10"],
    ["0.1", "0.1"],
    ["r: r.or", "(r: (r).or)"],
    ["a: b: c: d: e: f: let q = 1; in rec { a = 1; inherit b; inherit (c) d e; x.y = 2; \"${q}\" = 3; z = \"${q}\"; }", "(a: (b: (c: (d: (e: (f: (let q = 1; in rec { a = 1; inherit b ; d = (c).d; e = (c).e; x = { y = 2; }; z = (q); \"${(q)}\" = 3; })))))))"],
    ["a: b: c: if a then -b else !c", "(a: (b: (c: (if a then (__sub 0 b) else (! c)))))"],
    ["a: with a; a ? b.c", "(a: (with a; ((a) ? b.c)))"],
    ["a: b: c: d: e: f: a -> b || c && d == e", "(a: (b: (c: (d: (e: (f: (a -> (b || (c && (d == e))))))))))"],
    ["a: b: [ (a // b) (a ++ b) (a + b) (a - b) (a * b) (a / b) (a <= b) (a >= b) (a < b) (a > b) (a != b) ]", "(a: (b: [ ((a // b)) ((a ++ b)) ((a + b)) ((__sub a b)) ((__mul a b)) ((__div a b)) ((! (__lessThan b a))) ((! (__lessThan a b))) ((__lessThan a b)) ((__lessThan b a)) ((a != b)) ]))"],
    ["y: ''  x\\n  ${y}''", "(y: (\"x\\\\n  \" + y))"],
    ["f: a: b: f a b", "(f: (a: (b: (f a b))))"],
    ["a: b: assert a; b", "(a: (b: assert a; b))"],
    ["a: b: a.${b}.\"c d\"", "(a: (b: (a).\"${b}\".\"c d\"))"],
    ["a: { a.b.c = 1; a.d = 2; }", "(a: { a = { b = { c = 1; }; d = 2; }; })"],
    ["a: (x: x) a", "(a: ((x: x) a))"],
    ["rec { a = 1; }", "rec { a = 1; }"],
    ["{ inherit ({}) a; b = 2; }", "{ a = ({ }).a; b = 2; }"],
    ["a: a.b.c or a.d", "(a: (a).b.c or ((a).d))"],
    ["{ \"a\" = 1; ${\"b\"} = 2; }", "{ a = 1; b = 2; }"],
    ["let a = 1; inherit (a) b; in b", "(let a = 1; b = (a).b; in b)"],
    ["\"a${\"b\"}c\"", "(\"a\" + \"b\" + \"c\")"],
    ["a: b: \"${a}\"", "(a: (b: (a)))"],
    ["a: \"${a}${a}\"", "(a: (a + a))"],
    ["a: { ${a} = 1; }", "(a: { \"${a}\" = 1; })"],
    ["{ b, a }: 1", "({ b, a }: 1)"],
    ["{ \"c d\" = 1; \"e\" = 2; }", "{ \"c d\" = 1; e = 2; }"],
    ["x: x.\"c d\".e", "(x: (x).\"c d\".e)"],
    ["x: x ? \"a b\"", "(x: ((x) ? \"a b\"))"],
    ["x: x ? ${x}", "(x: ((x) ? \"${x}\"))"],
    ["{ b = 1; a = 2; }", "{ a = 2; b = 1; }"],
    ["x: !x.a", "(x: (! (x).a))"],
    ["x: -x", "(x: (__sub 0 x))"],
    ["x: x 1 \"s\"", "(x: (x 1 \"s\"))"],
    ["x: (x 1) 2", "(x: (x 1 2))"],
    ["x: {a = 1;}.a or 2", "(x: ({ a = 1; }).a or (2))"],
    ["1.0", "1"],
    ["x: ''a''", "(x: \"a\")"],
    ["x: /a/${x}", "(x: (/a/ + x))"],
    ["x: ./a/${x}/b", "(x: (/base/a/ + x + \"/b\"))"],
    ["x: a: a == 2 && (let b = 1; in b > 0) || !true", "(x: (a: (((a == 2) && (let b = 1; in (__lessThan 0 b))) || (! true))))"],
    ["x: x.a + 1 + x.b", "(x: (((x).a + 1) + (x).b))"],
    ["x: \"a\" + x", "(x: (\"a\" + x))"],
    ["~/foo", "~HOME/foo"],
    ["x: [ ]", "(x: [ ])"],
    ["x: { }", "(x: { })"],
    ["x: ''\n  a\n   b ${x}\n  ''", "(x: (\"a\\n b \" + x + \"\\n\"))"],
    ["x: x.a.b == [ 1 ]", "(x: ((x).a.b == [ (1) ]))"],
    ["x: builtins.isString x", "(x: ((builtins).isString x))"],
    ["x: x == null", "(x: (x == null))"],
    ["1.5e-7", "1.5e-07"],
    ["123456789.123", "1.23457e+08"],
];

describe("showExpr", () => {
  it("renders like nix-instantiate --parse", () => {
    for (const [src, nix] of cases) {
      expect(showExpr(parseUncached(src, "/base/x.nix"), "/base"), src).toBe(nix.replaceAll("~HOME", homedir()));
    }
  });
  it("escapes strings as Nix's showString", () => {
    expect(showString('a"b\\c$d\n\r\t')).toBe('"a\\"b\\\\c\\$d\\n\\r\\t"');
  });
});
