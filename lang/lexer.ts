// The Nix 2.8 lexer as a moo state machine, wrapped so nearley can drive it: whitespace and comments
// are dropped, strings / indented strings / paths with ${…} interpolation get their own states, and
// the virtual PATH_END token of Nix's lexer is synthesised here (moo cannot match the empty string).
import moo from "moo";

const PC = "[a-zA-Z0-9._\\-+]"; // PATH_CHAR
const PATH = new RegExp(`${PC}*(?:\\/${PC}+)+\\/?|${PC}*\\/(?=\\$\\{)`);
const HPATH = new RegExp(`~(?:\\/${PC}+)+\\/?|~\\/(?=\\$\\{)`);
const SPATH = new RegExp(`<${PC}+(?:\\/${PC}+)*>`);
const URI = /[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+/;
const FLOAT = /(?:[1-9][0-9]*\.[0-9]*|0?\.[0-9]+)(?:[Ee][+-]?[0-9]+)?/;

/** Undo backslash escapes of a "…" string part (\n \r \t, anything else stands for itself). */
export function unescapeStr(s: string): string {
  if (s.indexOf("\\") < 0 && s.indexOf("\r") < 0) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    let c = s[i];
    if (c === "\\" && i + 1 < s.length) {
      c = s[++i];
      out += c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c;
    } else if (c === "\r") {
      out += "\n";
      if (s[i + 1] === "\n") i++;
    } else out += c;
  }
  return out;
}

function exprRules(inner: boolean): moo.Rules {
  return {
    ws: { match: /[ \t\r\n]+/, lineBreaks: true },
    lcomment: { match: /\/\*(?:[^*]|\*+[^*/])*\*+\//, lineBreaks: true },
    comment: /#[^\r\n]*/,
    path: { match: PATH, push: "inpath" },
    hpath: { match: HPATH, push: "inpath" },
    spath: SPATH,
    uri: URI,
    float: FLOAT,
    ident: {
      match: /[a-zA-Z_][a-zA-Z0-9_'-]*/,
      type: moo.keywords({
        kw_if: "if", kw_then: "then", kw_else: "else", kw_assert: "assert", kw_with: "with",
        kw_let: "let", kw_in: "in", kw_rec: "rec", kw_inherit: "inherit", kw_or: "or",
      }),
    },
    int: /[0-9]+/,
    ellipsis: "...",
    eq: "==", neq: "!=", leq: "<=", geq: ">=", and: "&&", or_op: "||", impl: "->",
    update: "//", concat: "++",
    interp: { match: "${", push: "inner" },
    lbrace: { match: "{", push: "inner" },
    rbrace: inner ? { match: "}", pop: 1 } : "}",
    istrOpen: { match: /''(?: *\n)?/, lineBreaks: true, push: "istr" },
    dquote: { match: '"', push: "str" },
    lt: "<", gt: ">", plus: "+", minus: "-", star: "*", slash: "/", not: "!", qmark: "?", at: "@",
    colon: ":", semi: ";", comma: ",", assign: "=", lparen: "(", rparen: ")", lbrack: "[", rbrack: "]",
    dot: ".",
    error: moo.error,
  };
}

const STR_BODY = `(?:[^$"\\\\]|\\$[^{"\\\\]|\\\\[^]|\\$\\\\[^])`;

const makeLexerDef = (): moo.Lexer => moo.states({
  main: exprRules(false),
  inner: exprRules(true),
  str: {
    strEnd: { match: '"', pop: 1 },
    interp: { match: "${", push: "inner" },
    str: [
      { match: new RegExp(`${STR_BODY}*\\$(?=")`), lineBreaks: true, value: unescapeStr },
      { match: new RegExp(`${STR_BODY}+`), lineBreaks: true, value: unescapeStr },
    ],
    strDollar: /\$|\\/,
    error: moo.error,
  },
  istr: {
    istr: [
      { match: /(?:[^$']|\$[^{']|'[^'$])+/, lineBreaks: true },
      { match: "''$", value: () => "$" },
      { match: "'''", value: () => "''" },
      { match: /''\\[^]/, lineBreaks: true, value: (s: string) => unescapeStr(s.slice(2)) },
    ],
    interp: { match: "${", push: "inner" },
    istrClose: { match: "''", pop: 1 },
    istrQuote: { match: "'", type: () => "istr" },
    istrDollar: { match: "$", type: () => "istr" },
    error: moo.error,
  },
  inpath: {
    interp: { match: "${", push: "inner" },
    pathStr: /[a-zA-Z0-9._\-+/]+/,
    error: moo.error,
  },
});

let lexerDef: moo.Lexer | undefined;
/** The compiled moo state machine, built on first use (a warm parse cache never needs it). */
function getLexerDef(): moo.Lexer {
  return (lexerDef ??= makeLexerDef());
}

/** A token as the grammar sees it. `escaped` marks ''\x parts of indented strings. */
export interface Token {
  type: string;
  value: string;
  text: string;
  offset: number;
  line: number;
  col: number;
  escaped?: boolean;
}

/** Raised by the lexer on input it cannot tokenise; parse.ts turns it into a LangError. */
export class LexError extends Error {
  constructor(message: string, readonly line: number, readonly col: number, readonly offset: number) {
    super(message);
  }
}

interface MooInternals {
  state: string;
  buffer: string;
  index: number;
  line: number;
  col: number;
  stack: string[];
  popState(): void;
}

const DROP = new Set(["ws", "comment", "lcomment"]);
/** Terminal names the grammar defines itself as token classes (see nix.ne). */
const GRAMMAR_CLASSES = new Set(["atom", "pathTok", "eqTok", "cmpTok", "addTok", "mulTok", "letOrRec", "assertOrWith"]);
const PATH_CHAR = /[a-zA-Z0-9._\-+/]/;

/** The nearley-compatible lexer for Nix source. */
export class NixLexer {
  private lx!: moo.Lexer;
  private slashEnd = false;
  /** The error that stopped lexing, if any (nearley swallows the thrown object). */
  lastError: LexError | undefined;
  /** Line and column where the last lexeme (token, whitespace or comment) began: bison's end-of-input location. */
  lastLine = 1;
  lastCol = 1;

  /** Start lexing a new source text. */
  reset(chunk: string, _info?: unknown): void {
    this.lx ??= getLexerDef();
    this.lx.reset(chunk);
    this.slashEnd = false;
    this.lastError = undefined;
    this.lastLine = 1;
    this.lastCol = 1;
  }

  /** The next significant token, or undefined at the end of the input. */
  next(): Token | undefined {
    try {
      return this.next1();
    } catch (e) {
      if (e instanceof LexError) this.lastError = e;
      throw e;
    }
  }

  private next1(): Token | undefined {
    const lx = this.lx as unknown as MooInternals;
    for (;;) {
      if (lx.state === "inpath") {
        const rest = lx.buffer.startsWith("${", lx.index);
        const c = lx.buffer[lx.index];
        if (!rest && (c === undefined || !PATH_CHAR.test(c))) {
          if (this.slashEnd) throw new LexError("path has a trailing slash", lx.line, lx.col, lx.index);
          lx.popState();
          // Nix's PATH_END carries the location of the path piece before it (measured: `(/a//b )` → 1:5)
          return { type: "pathEnd", value: "", text: "", offset: lx.index, line: this.lastLine, col: this.lastCol };
        }
      }
      let t: moo.Token | undefined;
      try {
        t = this.lx.next();
      } catch {
        throw new LexError("unexpected '}'", lx.line, lx.col, lx.index);
      }
      if (!t) return undefined;
      this.lastLine = t.line;
      this.lastCol = t.col;
      if (t.type === "error") {
        const ch = t.text[0] ?? "";
        void ch;
        throw new LexError("syntax error, unexpected invalid token", t.line, t.col, t.offset);
      }
      if (t.type && DROP.has(t.type)) continue;
      if (t.type === "path" || t.type === "hpath" || t.type === "pathStr") this.slashEnd = t.text.endsWith("/");
      else if (t.type === "interp") this.slashEnd = false;
      // moo's token already has every field the grammar uses (it is a fresh object per call)
      const tok = t as unknown as Token;
      if (t.type === "istr" && t.text.startsWith("''")) tok.escaped = true;
      return tok;
    }
  }

  /** nearley asks for a state snapshot; we parse in one go so none is needed. */
  save(): unknown {
    return undefined;
  }

  /** Short description used by nearley on errors (parse.ts formats its own messages). */
  formatError(token: Token): string {
    return `unexpected ${token.type}`;
  }

  /** nearley asks whether %name is a token type (else it uses the grammar's own matcher of that name). */
  has(name: string): boolean {
    return !GRAMMAR_CLASSES.has(name);
  }
}

/** Tokenise a whole source text (used by tests and the parser). */
export function tokenize(src: string): Token[] {
  const lx = new NixLexer();
  lx.reset(src);
  const out: Token[] = [];
  for (let t = lx.next(); t; t = lx.next()) out.push(t);
  return out;
}
