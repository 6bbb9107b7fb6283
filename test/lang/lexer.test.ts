// The moo-based lexer: Nix's number rules, paths, URIs, search paths, strings with nested ${ },
// indented strings and their escapes, comments dropped, virtual PATH_END.
import { describe, expect, it } from "vitest";
import { tokenize } from "../../lang/lexer.js";

const types = (src: string) => tokenize(src).map((t) => t.type);
const tv = (src: string) => tokenize(src).map((t) => `${t.type}:${t.value}`);

describe("lexer", () => {
  it("lexes numbers like Nix: 1e5 is an int and an identifier, .5 and 1. are floats", () => {
    expect(tv("1e5")).toEqual(["int:1", "ident:e5"]);
    expect(tv(".5 1. 0.25 1.5e3 007")).toEqual(["float:.5", "float:1.", "float:0.25", "float:1.5e3", "int:007"]);
  });
  it("lexes paths, home paths, search paths and URIs, each path followed by PATH_END", () => {
    expect(tv("./a/b /abs a/b ~/x")).toEqual([
      "path:./a/b", "pathEnd:", "path:/abs", "pathEnd:", "path:a/b", "pathEnd:", "hpath:~/x", "pathEnd:",
    ]);
    expect(tv("<nixpkgs/lib> http://x.org/a?b=c x:x")).toEqual(["spath:<nixpkgs/lib>", "uri:http://x.org/a?b=c", "uri:x:x"]);
    expect(types("a / b a//b")).toEqual(["ident", "slash", "ident", "ident", "update", "ident"]);
  });
  it("lexes interpolated paths", () => {
    expect(tv("./a/${b}.c")).toEqual(["path:./a/", "interp:${", "ident:b", "rbrace:}", "pathStr:.c", "pathEnd:"]);
  });
  it("rejects a path with a trailing slash", () => {
    expect(() => tokenize("./a/ ")).toThrow(/path has a trailing slash/);
  });
  it("drops whitespace and both comment forms", () => {
    expect(types("a # line\n /* block\n */ b")).toEqual(["ident", "ident"]);
  });
  it("lexes identifiers with ' and -, and keywords", () => {
    expect(tv("x-1 a'b if or")).toEqual(["ident:x-1", "ident:a'b", "kw_if:if", "kw_or:or"]);
  });
  it("tracks nested braces inside string interpolation", () => {
    expect(tv('"a${ { b = "}"; }.b }c"')).toEqual([
      'dquote:"', "str:a", "interp:${", "lbrace:{", "ident:b", "assign:=", 'dquote:"', "str:}", 'strEnd:"', "semi:;",
      "rbrace:}", "dot:.", "ident:b", "rbrace:}", "str:c", 'strEnd:"',
    ]);
  });
  it("unescapes strings and keeps $$ and a lone $ literal", () => {
    expect(tv('"\\n\\t\\"\\$ $${x} $"')).toEqual(['dquote:"', 'str:\n\t"$ $${x} $', 'strEnd:"']);
  });
  it("lexes indented-string escapes", () => {
    expect(tv("''a'''b''$c''\\nd''")).toEqual(["istrOpen:''", "istr:a", "istr:''", "istr:b", "istr:$", "istr:c", "istr:\n", "istr:d", "istrClose:''"]);
  });
  it("gives line and column of tokens", () => {
    const t = tokenize("a\n  bb")[1];
    expect([t.line, t.col]).toEqual([2, 3]);
  });
});
