// The nearley grammar: exactly one parse for every corpus program, Nix's precedence and
// associativity, syntax-error messages with file:line:col, source line and caret, the parse cache.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import nearley from "nearley";
import grammar from "../../lang/grammar.generated.js";
import { NixLexer } from "../../lang/lexer.js";
import { countParses, parse, parseUncached } from "../../lang/parse.js";
import { bisonName, expectedTokens } from "../../lang/parse-expected.js";
import { LangError } from "../../lang/errors.js";
import type { Expr } from "../../lang/ast.js";

const corpus = join(dirname(fileURLToPath(import.meta.url)), "corpus");

function programs(dir = corpus): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== "data") out.push(...programs(join(dir, e.name)));
    else if (e.isFile() && e.name.endsWith(".nix")) out.push(join(dir, e.name));
  }
  return out.sort();
}

/** A compact rendering of a tree to check its shape. */
function show(e: Expr): string {
  switch (e.k) {
    case "int":
      return e.v;
    case "var":
      return e.name;
    case "binop":
      return `(${show(e.a)} ${e.op} ${show(e.b)})`;
    case "not":
      return `(!${show(e.e)})`;
    case "neg":
      return `(-${show(e.e)})`;
    case "app":
      return `(${show(e.f)} ${show(e.arg)})`;
    case "has":
      return `(${show(e.e)} ? ${e.path.map((p) => (p.k === "static" ? p.name : "$")).join(".")})`;
    case "select":
      return `${show(e.e)}.${e.path.map((p) => (p.k === "static" ? p.name : "$")).join(".")}${e.def ? ` or ${show(e.def)}` : ""}`;
    default:
      return e.k;
  }
}
const p = (src: string) => show(parseUncached(src, "«string»"));

function errorOf(src: string): string {
  try {
    parseUncached(src, "«string»");
  } catch (e) {
    expect(e).toBeInstanceOf(LangError);
    return (e as Error).message;
  }
  throw new Error("no error");
}

describe("grammar", () => {
  it("gives exactly one parse for every program of the corpus that Nix parses", () => {
    let checked = 0;
    for (const f of programs()) {
      const src = readFileSync(f, "utf8");
      const exp = readFileSync(f.replace(/\.nix$/, ".exp"), "utf8");
      if (exp.includes("syntax error") || exp.includes("invalid") || exp.includes("trailing slash")) continue;
      let n: number;
      try {
        n = countParses(src);
      } catch {
        n = 0;
      }
      expect(n, f).toBe(1);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("encodes Nix's precedence and associativity", () => {
    expect(p("a + b * c")).toBe("(a + (b * c))");
    expect(p("a - b - c")).toBe("((a - b) - c)");
    expect(p("a ++ b ++ c")).toBe("(a ++ (b ++ c))");
    expect(p("a // b // c")).toBe("(a // (b // c))");
    expect(p("a -> b -> c")).toBe("(a -> (b -> c))");
    expect(p("a || b && c")).toBe("(a || (b && c))");
    expect(p("!a == b")).toBe("((!a) == b)");
    expect(p("!a + b")).toBe("(!(a + b))");
    expect(p("!a // b")).toBe("((!a) // b)");
    expect(p("a + !b * c")).toBe("(a + (!(b * c)))");
    expect(p("a * !b + c")).toBe("(a * (!(b + c)))");
    expect(p("a ++ !b // c")).toBe("((a ++ (!b)) // c)");
    expect(p("a + !b == c")).toBe("((a + (!b)) == c)");
    expect(p("-a ? b")).toBe("((-a) ? b)");
    expect(p("a + b ? c")).toBe("(a + (b ? c))");
    expect(p("- f x")).toBe("(-(f x))");
    expect(p("f x.y or z w")).toBe("((f x.y or z) w)");
    expect(p("a -b")).toBe("(a - b)");
    expect(p("a < b == c < d")).toBe("((a < b) == (c < d))");
    expect(p("f or")).toBe("(f or)");
    expect(p("a.b.or")).toBe("a.b.or");
  });

  it("rejects chained non-associative operators", () => {
    expect(errorOf("a == b == c")).toMatch(/^error: syntax error, unexpected EQ\n/);
    expect(errorOf("a < b < c")).toMatch(/^error: syntax error, unexpected '<'\n/);
  });

  it("words syntax errors as Nix 2.8's bison does, at its position (each case recorded from nix-instantiate --parse)", () => {
    // [source, message, line:column]: default reductions leave only the enclosing construct's tokens,
    // bison's token names, no list beyond four tokens, end of input located at the last lexeme
    const cases: Array<[string, string, string]> = [
    ["( )", "syntax error, unexpected ')'", "1:3"],
    ["(1 ", "syntax error, unexpected end of file, expecting ')'", "1:3"],
    ["{ a = 1;", "syntax error, unexpected end of file", "1:8"],
    ["let a = 1; in", "syntax error, unexpected end of file", "1:12"],
    ["x: ", "syntax error, unexpected end of file", "1:3"],
    ["{ a, b }", "syntax error, unexpected end of file, expecting ':' or '@'", "1:8"],
    ["{ a, b ", "syntax error, unexpected end of file, expecting '}'", "1:7"],
    ["{ a ", "syntax error, unexpected end of file, expecting '.' or '='", "1:4"],
    ["a.b )", "syntax error, unexpected ')', expecting end of file", "1:5"],
    ["a.b.", "syntax error, unexpected end of file, expecting ID or OR_KW or DOLLAR_CURLY or '\"'", "1:4"],
    ["[ 1 2", "syntax error, unexpected end of file", "1:5"],
    ["\"abc", "syntax error, unexpected end of file, expecting '\"'", "1:2"],
    ["\"a${1", "syntax error, unexpected end of file, expecting '}'", "1:5"],
    ["''abc", "syntax error, unexpected end of file, expecting IND_STR or DOLLAR_CURLY or IND_STRING_CLOSE", "1:3"],
    ["if 1 then 2 else", "syntax error, unexpected end of file", "1:13"],
    ["assert 1", "syntax error, unexpected end of file, expecting ';'", "1:8"],
    ["with 1;", "syntax error, unexpected end of file", "1:7"],
    ["inherit", "syntax error, unexpected INHERIT", "1:1"],
    ["{ inherit a }", "syntax error, unexpected '}'", "1:13"],
    ["1 + ", "syntax error, unexpected end of file", "1:4"],
    ["1 +)", "syntax error, unexpected ')'", "1:4"],
    ["f x:", "syntax error, unexpected ':', expecting end of file", "1:4"],
    ["{ a = 1; } b = 2", "syntax error, unexpected '=', expecting end of file", "1:14"],
    ["let in", "syntax error, unexpected end of file", "1:5"],
    ["let a", "syntax error, unexpected end of file, expecting '.' or '='", "1:5"],
    ["rec", "syntax error, unexpected end of file, expecting '{'", "1:1"],
    ["rec { a }", "syntax error, unexpected '}', expecting '.' or '='", "1:9"],
    ["x@{", "syntax error, unexpected end of file, expecting '}'", "1:3"],
    ["{a}@", "syntax error, unexpected end of file, expecting ID", "1:4"],
    ["1 == 2 == 3", "syntax error, unexpected EQ", "1:8"],
    ["1 < 2 < 3", "syntax error, unexpected '<'", "1:7"],
    [")", "syntax error, unexpected ')'", "1:1"],
    ["}", "syntax error, unexpected '}'", "1:1"],
    [";", "syntax error, unexpected ';'", "1:1"],
    ["let a = 1; in a )", "syntax error, unexpected ')', expecting end of file", "1:17"],
    ["a ? b )", "syntax error, unexpected ')', expecting end of file", "1:7"],
    ["[1]]", "syntax error, unexpected ']', expecting end of file", "1:4"],
    ["{ } }", "syntax error, unexpected '}', expecting ':' or '@'", "1:5"],
    ["{ a.b = 1 ; } )", "syntax error, unexpected ')', expecting end of file", "1:15"],
    ["{ ${\"a\"} }", "syntax error, unexpected '}', expecting '.' or '='", "1:10"],
    ["{ \"a\" }", "syntax error, unexpected '}', expecting '.' or '='", "1:7"],
    ["!", "syntax error, unexpected end of file", "1:1"],
    ["1 -> ", "syntax error, unexpected end of file", "1:5"],
    ["(1", "syntax error, unexpected end of file, expecting ')'", "1:2"],
    ["{ a = 1", "syntax error, unexpected end of file, expecting ';'", "1:7"],
    ["1 )", "syntax error, unexpected ')', expecting end of file", "1:3"],
    ["let a = 1; a", "syntax error, unexpected end of file, expecting '.' or '='", "1:12"],
    ["if true 1 else 2", "syntax error, unexpected ELSE, expecting THEN", "1:11"],
    ["if true then 1", "syntax error, unexpected end of file, expecting ELSE", "1:14"],
    ["{ a = 1 }", "syntax error, unexpected '}', expecting ';'", "1:9"],
    ["[ 1 ; ]", "syntax error, unexpected ';'", "1:5"],
    ["let a = 1 in", "syntax error, unexpected IN, expecting ';'", "1:11"],
    ["{ a ? 1 }:", "syntax error, unexpected end of file", "1:10"],
    ["{ a ? }", "syntax error, unexpected '}'", "1:7"],
    ["{ ... , a }: 1", "syntax error, unexpected ',', expecting '}'", "1:7"],
    ["{ a, ... }", "syntax error, unexpected end of file, expecting ':' or '@'", "1:10"],
    ["a: b: ", "syntax error, unexpected end of file", "1:6"],
    ["x @ y: 1", "syntax error, unexpected ID, expecting '{'", "1:5"],
    ["{ a = 1; b }", "syntax error, unexpected '}', expecting '.' or '='", "1:12"],
    ["f (x", "syntax error, unexpected end of file, expecting ')'", "1:4"],
    ["let a = 1; in in", "syntax error, unexpected IN", "1:15"],
    ["1 2 3 ]", "syntax error, unexpected ']', expecting end of file", "1:7"],
    ["./a ${", "syntax error, unexpected DOLLAR_CURLY, expecting end of file", "1:5"],
    ["<nixpkgs", "syntax error, unexpected '<'", "1:1"],
    ["\"${\"", "syntax error, unexpected end of file, expecting '\"'", "1:4"],
    ["a.${", "syntax error, unexpected end of file", "1:3"],
    ["{ inherit (a) }", "syntax error, unexpected '}'", "1:15"],
    ["{ inherit (a b; }", "syntax error, unexpected ';', expecting ')'", "1:15"],
    ["let { a = 1; ", "syntax error, unexpected end of file", "1:13"],
    ["''", "syntax error, unexpected end of file, expecting IND_STR or DOLLAR_CURLY or IND_STRING_CLOSE", "1:1"],
    ["{ } @", "syntax error, unexpected end of file, expecting ID", "1:5"],
    ["(1 # c", "syntax error, unexpected end of file, expecting ')'", "1:4"],
    ["/a//b", "syntax error, unexpected PATH_END, expecting DOLLAR_CURLY", "1:4"],
    ["(/a//b )", "syntax error, unexpected PATH_END, expecting DOLLAR_CURLY", "1:5"],
    ["(1\n\n  ", "syntax error, unexpected end of file, expecting ')'", "1:3"],
    ["(1 # c\n", "syntax error, unexpected end of file, expecting ')'", "1:7"],
    ["{\n  a = 1\n}\n", "syntax error, unexpected '}', expecting ';'", "3:1"],
    ];
    for (const [src, msg, at] of cases) {
      expect(errorOf(src), src).toMatch(new RegExp(`^error: ${msg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n\n       at «string»:${at}:\n`));
    }
  });

  it("names tokens as bison does", () => {
    expect(bisonName("kw_then")).toBe("THEN");
    expect(bisonName("kw_or")).toBe("OR_KW");
    expect(bisonName("rparen")).toBe("')'");
    expect(bisonName("interp")).toBe("DOLLAR_CURLY");
    // the expected list of an error at the start of input: every expression start, so none listed
    expect(expectedTokens([], [], 0, undefined)).toEqual([]);
  });

  it("reports syntax errors with file:line:col, the source line and a caret", () => {
    expect(errorOf("let\n  a = (1 + );\nin a")).toBe(
      "error: syntax error, unexpected ')'\n\n" +
        "       at «string»:2:12:\n\n" +
        "            1| let\n" +
        "            2|   a = (1 + );\n" +
        "             |            ^\n" +
        "            3| in a",
    );
    expect(errorOf("{ a = 1 }")).toMatch(/^error: syntax error, unexpected '}', expecting ';'\n/);
    expect(errorOf("[ 1 2")).toMatch(/^error: syntax error, unexpected end of file\n/);
    expect(errorOf("1 + $")).toMatch(/^error: syntax error, unexpected invalid token\n\n       at «string»:1:5:/);
    expect(errorOf("./a/")).toMatch(/^error: path has a trailing slash/);
    expect(errorOf("9223372036854775808")).toMatch(/^error: invalid integer '9223372036854775808'\n\n       at «string»:1:1:/);
    expect(errorOf("}")).toMatch(/^error: syntax error, unexpected '}'/);
  });

  it("strips the indentation of indented strings as Nix does", () => {
    const s = (src: string) => {
      const e = parseUncached(src, "«string»");
      return e.k === "str" ? e.v : e.k;
    };
    expect(s("''\n  a\n    b\n  ''")).toBe("a\n  b\n");
    expect(s("''\n  a\n ''")).toBe("a\n");
    expect(s("''  a''")).toBe("a");
    expect(s("''\n  ''\\t  a\n   b''")).toBe("\t  a\n b");
    expect(s("''''")).toBe("");
  });

  it("parses a 5,000-line file", () => {
    const lines = ["let"];
    for (let i = 0; i < 5000; i++) lines.push(`  v${i} = { a = ${i} + 1; b = [ "x" ${i} ]; };`);
    lines.push("in v4999.a");
    const e = parseUncached(lines.join("\n"), "big.nix");
    expect(e.k === "let" && e.binds.length).toBe(5000);
  });

  it("stays linear: Earley states per token do not grow with the file", () => {
    const statesPerToken = (lines: number): number => {
      const src = ["let"];
      for (let i = 0; i < lines; i++) src.push(`  v${i} = { a = ${i} + 1; b = [ "x\${toString ${i}}" ${i} ]; c = x: x.y or ${i}; } // { d = ${i}; };`);
      src.push("in v0.a");
      const parser = new nearley.Parser(nearley.Grammar.fromCompiled(grammar), { lexer: new NixLexer() as unknown as nearley.Lexer, keepHistory: true });
      parser.feed(src.join("\n"));
      const table = (parser as unknown as { table: Array<{ states: unknown[] }> }).table;
      return table.reduce((n, c) => n + c.states.length, 0) / table.length;
    };
    const small = statesPerToken(100);
    const big = statesPerToken(1500);
    expect(big).toBeLessThan(small * 1.1);
  });

  it("caches parsed trees on disk by content hash", () => {
    const dir = mkdtempSync(join(tmpdir(), "tk-parse-cache-"));
    const old = process.env.TK_CACHE_DIR;
    process.env.TK_CACHE_DIR = dir;
    try {
      const src = `{ a = 1; b = "${"x".repeat(300)}"; }`;
      const e1 = parse(src, "a.nix");
      const files = readdirSync(join(dir, "parse"), { recursive: true }).filter((f) => String(f).endsWith(".json"));
      expect(files.length).toBe(1);
      expect(JSON.parse(readFileSync(join(dir, "parse", String(files[0])), "utf8"))).toEqual(e1);
    } finally {
      if (old === undefined) delete process.env.TK_CACHE_DIR;
      else process.env.TK_CACHE_DIR = old;
    }
  });
});
