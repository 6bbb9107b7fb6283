// Postprocessors of the nearley grammar (lang/nix.ne). Each runs in constant time and builds a new
// node without touching its inputs; lists are built as immutable cons cells ({$c: rest, x: item},
// terminated by NIL) that parse.ts converts to arrays once the parse is complete.
import { mkPos, type Pos } from "./ast.js";
import type { Token } from "./lexer.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type D = any[];

/** The empty cons list. */
export const NIL: any = Object.freeze({ $n: 1 });
const P = (t: Token): Pos => mkPos(t.line, t.col);
/**
 * Where an operand starts, a parenthesis included: `(e)` keeps e's node with the position of its `(`
 * in `sp` (dropped by parse-finish.ts), as Nix's CUR_POS of an application, selection or operator
 * spans the parenthesis.
 */
const S = (e: any): Pos => e.sp ?? e.pos;
/** Where a one-line token ends (the column after it), as bison's location of an empty rule that follows it. */
const E = (t: Token): Pos => mkPos(t.line, t.col + t.text.length);
const cons = (rest: any, x: any): any => ({ $c: rest, x });

/** Empty list. */ export const nil = (): any => NIL;
/** list item (rule `list item`). */ export const consAdd = (d: D): any => cons(d[0], d[1]);
/** First name of an attribute path (the cell remembers where the path starts). */
export const pathStart = (d: D): any => ({ $c: NIL, x: d[0], p: d[0].pos });
/** path . name */ export const pathAdd = (d: D): any => ({ $c: d[0], x: d[2], p: d[0].p });
/** list sep item. */ export const consAdd2 = (d: D): any => cons(d[0], d[2]);
/** First element of a list. */ export const chainStart = (d: D): any => cons(NIL, d[0]);
/** list op item. */ export const chainAdd = (d: D): any => cons(d[0], d[2]);
/** A right-associative operator chain, nested by parse.ts. */
export const rightChain = (d: D): any => ({ k: "rchain", op: d[1].value, items: cons(d[0], d[2]) });

/** `: body` after a lambda head. */ export const tailPlain = (d: D): any => ({ body: d[1] });
/** `@ { formals }: body` after `x`. */ export const tailSet = (d: D): any => ({ formals: d[2], body: d[5] });
/** `@ x: body` after `{ formals }`. */ export const tailAt = (d: D): any => ({ arg: d[1].value, body: d[3] });
/** x: body, or x @ { formals }: body */
export const identLambda = (d: D): any => {
  const t = d[1];
  return t.formals
    ? { k: "lambda", arg: d[0].value, formals: t.formals.list, ellipsis: t.formals.ellipsis, body: t.body, pos: P(d[0]) }
    : { k: "lambda", arg: d[0].value, formals: null, ellipsis: false, body: t.body, pos: P(d[0]) };
};
/** { formals }: body, or { formals } @ x: body */
export const setLambda = (d: D): any =>
  ({ k: "lambda", arg: d[3].arg ?? null, formals: d[1].list, ellipsis: d[1].ellipsis, body: d[3].body, pos: P(d[0]) });
/** assert c; body — or — with e; body */
export const assertOrWith = (d: D): any =>
  d[0].type === "kw_assert"
    ? { k: "assert", cond: d[1], body: d[3], pos: P(d[0]) }
    : { k: "with", e: d[1], body: d[3], pos: P(d[0]) };
/** assert c; body */ export const assert = (d: D): any => ({ k: "assert", cond: d[1], body: d[3], pos: P(d[0]) });
/** with e; body */ export const with_ = (d: D): any => ({ k: "with", e: d[1], body: d[3], pos: P(d[0]) });
/** let binds in body */ export const let_ = (d: D): any => ({ k: "let", binds: d[1], body: d[3], pos: P(d[0]), bpos: E(d[0]) });
/** if c then t else e */
export const if_ = (d: D): any => ({ k: "if", c: d[1], t: d[3], e: d[5], pos: P(d[0]) });

/** a op b */ export const binop = (d: D): any => ({ k: "binop", op: d[1].value, a: d[0], b: d[2], pos: S(d[0]) });
/** !e */ export const not = (d: D): any => ({ k: "not", e: d[1], pos: P(d[0]) });
/** -e */ export const neg = (d: D): any => ({ k: "neg", e: d[1], pos: P(d[0]) });
/** e ? path */ export const has = (d: D): any => ({ k: "has", e: d[0], path: d[2], pos: S(d[0]) });
/** f x */ export const app = (d: D): any => ({ k: "app", f: d[0], arg: d[1], pos: S(d[0]) });
/** e.path */ export const select = (d: D): any => ({ k: "select", e: d[0], path: d[2], def: null, pos: S(d[0]) });
/** e.path or def */
export const selectOr = (d: D): any => ({ k: "select", e: d[0], path: d[2], def: d[4], pos: S(d[0]) });
/** `e or`: the legacy call of a function named `or`. */
export const orCall = (d: D): any =>
  ({ k: "app", f: d[0], arg: { k: "var", name: "or", pos: P(d[1]) }, pos: S(d[0]) });

/** An identifier (or __curPos). */
export const var_ = (d: D): any =>
  d[0].value === "__curPos" ? { k: "curpos", pos: P(d[0]) } : { k: "var", name: d[0].value, pos: P(d[0]) };
/** Grammar terminal matching any one-token expression. */
export const atomTok = {
  types: ["ident", "int", "float", "spath", "uri"],
  test: (t: Token): boolean => t.type === "ident" || t.type === "int" || t.type === "float" || t.type === "spath" || t.type === "uri",
};
/** Grammar terminal matching a path or ~ path start. */
export const pathTok = { types: ["path", "hpath"], test: (t: Token): boolean => t.type === "path" || t.type === "hpath" };

/** A grammar terminal matching any of several token types (one Earley state instead of one per type). */
export function tokClass(types: string[]): { types: string[]; test: (t: Token) => boolean } {
  const set = new Set(types);
  return { types, test: (t: Token): boolean => set.has(t.type) };
}

/** One-token expressions: identifier, int, float, <path>, URI. */
export const atom = (d: D): any => {
  switch (d[0].type) {
    case "ident":
      return var_(d);
    case "int":
      return int(d);
    case "float":
      return float(d);
    case "spath":
      return spath(d);
    default:
      return uri(d);
  }
};
/** Integer literal (kept as text; the compiler checks its range). */
export const int = (d: D): any => ({ k: "int", v: d[0].value, pos: P(d[0]) });
/** Float literal. */ export const float = (d: D): any => ({ k: "float", v: parseFloat(d[0].value), raw: d[0].value, pos: P(d[0]) });
/** <path> */ export const spath = (d: D): any => ({ k: "spath", v: d[0].value.slice(1, -1), pos: P(d[0]) });
/** An unquoted URI is a string. */ export const uri = (d: D): any => ({ k: "str", v: d[0].value, pos: P(d[0]) });
/** ( e ) */ export const paren = (d: D): any => ({ ...d[1], sp: P(d[0]) });
/** let { binds } */ export const letAttrs = (d: D): any => ({ k: "letattrs", binds: d[2], pos: P(d[0]) });
/** rec { binds } */ export const recAttrs = (d: D): any => ({ k: "attrs", rec: true, binds: d[2], pos: P(d[0]), bpos: E(d[1]) });
/** { binds } */ export const attrs = (d: D): any => ({ k: "attrs", rec: false, binds: d[1], pos: P(d[0]), bpos: E(d[0]) });
/** [ items ] */ export const list = (d: D): any => ({ k: "list", items: d[1], pos: P(d[0]) });

/** String contents without interpolation: nothing. */ export const noParts = (): any => null;
/** String contents without interpolation: one literal. */
export const strPart = (d: D): any => ({ k: "str", v: d[0].value, pos: P(d[0]) });
/** String contents with interpolations. */ export const interpParts = (d: D): any => ({ k: "parts", items: d[0] });
/** parts STR */ export const addStr = (d: D): any => cons(d[0], { k: "str", v: d[1].value, pos: P(d[1]) });
/** parts ${e} */ export const addInterp = (d: D): any => cons(d[0], d[2]);
/** ${e} */ export const firstInterp = (d: D): any => cons(NIL, d[1]);
/** STR ${e} */
export const strThenInterp = (d: D): any => cons(cons(NIL, { k: "str", v: d[0].value, pos: P(d[0]) }), d[2]);
/** Indented-string literal part. */
export const addIndStr = (d: D): any => cons(d[0], { k: "lit", v: d[1].value, escaped: !!d[1].escaped });

/** "…" */
export const string = (d: D): any => {
  const p = d[1];
  if (p === null) return { k: "str", v: "", pos: P(d[0]) };
  if (p.k === "str") return { k: "str", v: p.v, pos: P(d[0]) };
  return { k: "strcat", parts: p.items, pos: P(d[0]) };
};
/** ''…'' (indentation is stripped by parse.ts). */
export const indString = (d: D): any => ({ k: "indstr", parts: d[1], pos: P(d[0]) });
/** A path literal start. */ export const path = (d: D): any => ({ k: "path", v: d[0].value, pos: P(d[0]) });
/** Nothing (an empty optional part). */ export const nothing = (): any => null;
/** A path literal, plain (rest null) or with interpolations (rest a cons list of parts). */
export const pathWhole = (d: D): any => (d[1] === null ? d[0] : { k: "pathcat", head: d[0], parts: d[1], pos: d[0].pos });
/** let { … } or rec { … } */
export const letOrRecAttrs = (d: D): any =>
  d[0].type === "kw_let"
    ? { k: "letattrs", binds: d[2], pos: P(d[0]), bpos: E(d[1]) }
    : { k: "attrs", rec: true, binds: d[2], pos: P(d[0]), bpos: E(d[1]) };

/** binds path = e; */
export const bindDef = (d: D): any => cons(d[0], { k: "def", path: d[1], e: d[3], pos: d[1].p });
/** binds inherit names; */
export const bindInherit = (d: D): any =>
  cons(d[0], { k: "inherit", from: null, names: d[2], pos: P(d[1]), apos: E(d[1]) });
/** binds inherit (e) names; */
export const bindInheritFrom = (d: D): any =>
  cons(d[0], { k: "inherit", from: d[3], names: d[5], pos: P(d[1]), apos: E(d[4]) });
/** A plain attribute name. */
export const attrName = (d: D): any => ({ k: "static", name: d[0].value, pos: P(d[0]) });
/** "name" or "${…}" as an attribute name. */
export const stringAttr = (d: D): any => {
  const p = d[1];
  if (p === null) return { k: "static", name: "", pos: P(d[0]) };
  if (p.k === "str") return { k: "static", name: p.v, pos: P(d[0]) };
  return { k: "dyn", e: { k: "strcat", parts: p.items, pos: P(d[0]) }, pos: P(d[0]) };
};
/** ${e} as an attribute name. */ export const dynAttr = (d: D): any => ({ k: "dyn", e: d[1], pos: P(d[0]) });

/** {} formals */ export const formalsEmpty = (): any => ({ list: NIL, ellipsis: false });
/** { ... } */ export const formalsEllipsis = (): any => ({ list: NIL, ellipsis: true });
/** { a, b } */ export const formals = (d: D): any => ({ list: d[0], ellipsis: false });
/** { a, b, ... } */ export const formalsWithEllipsis = (d: D): any => ({ list: d[0], ellipsis: true });
/** a */ export const formal = (d: D): any => ({ name: d[0].value, def: null, pos: P(d[0]) });
/** a ? e */ export const formalDefault = (d: D): any => ({ name: d[0].value, def: d[2], pos: P(d[0]) });
