// The syntax tree of a Nix expression as the parser produces it. Nodes are plain JSON-able objects
// (so parsed files can be cached on disk), every node carries a packed source position.

/** Packed source position: line * 2^20 + column (both 1-based). */
export type Pos = number;

/** Pack a line and column into a Pos. */
export function mkPos(line: number, col: number): Pos {
  return line * 1048576 + Math.min(col, 1048575);
}
/** Line of a Pos. */
export function posLine(p: Pos): number {
  return Math.floor(p / 1048576);
}
/** Column of a Pos. */
export function posCol(p: Pos): number {
  return p % 1048576;
}

/** One attribute name in an attribute path: static (interned string) or computed by `${e}`. */
export type AttrName = { k: "static"; name: string; pos: Pos } | { k: "dyn"; e: Expr; pos: Pos };

/** A binding inside `{ }`, `rec { }` or `let`. */
export type Bind =
  | { k: "def"; path: AttrName[]; e: Expr; pos: Pos }
  | { k: "inherit"; from: Expr | null; names: AttrName[]; pos: Pos; apos: Pos };

/** One formal of a set-pattern lambda. */
export interface Formal {
  name: string;
  def: Expr | null;
  pos: Pos;
}

/** Expression nodes. `k` is the node kind. */
export type Expr =
  | { k: "int"; v: string; pos: Pos }
  | { k: "float"; v: number; pos: Pos }
  | { k: "str"; v: string; pos: Pos }
  | { k: "strcat"; parts: Expr[]; pos: Pos } // "…${}…": every part coerced to a string
  | { k: "indstr"; parts: Array<Expr | { k: "lit"; v: string; escaped: boolean }>; pos: Pos }
  | { k: "path"; v: string; pos: Pos } // raw path text: ./x, /x, ~/x
  | { k: "pathcat"; head: Expr; parts: Expr[]; pos: Pos } // path start, then strings / interpolations
  | { k: "spath"; v: string; pos: Pos } // <nixpkgs/x>
  | { k: "var"; name: string; pos: Pos }
  | { k: "select"; e: Expr; path: AttrName[]; def: Expr | null; pos: Pos }
  | { k: "has"; e: Expr; path: AttrName[]; pos: Pos }
  | { k: "app"; f: Expr; arg: Expr; pos: Pos }
  | { k: "binop"; op: BinOp; a: Expr; b: Expr; pos: Pos }
  | { k: "not"; e: Expr; pos: Pos }
  | { k: "neg"; e: Expr; pos: Pos }
  | { k: "attrs"; rec: boolean; binds: Bind[]; pos: Pos; bpos: Pos }
  | { k: "letattrs"; binds: Bind[]; pos: Pos; bpos: Pos } // legacy let { …; body = …; }
  | { k: "list"; items: Expr[]; pos: Pos }
  | { k: "lambda"; arg: string | null; formals: Formal[] | null; ellipsis: boolean; body: Expr; pos: Pos }
  | { k: "let"; binds: Bind[]; body: Expr; pos: Pos; bpos: Pos }
  | { k: "with"; e: Expr; body: Expr; pos: Pos }
  | { k: "assert"; cond: Expr; body: Expr; pos: Pos }
  | { k: "if"; c: Expr; t: Expr; e: Expr; pos: Pos }
  | { k: "curpos"; pos: Pos };

/** Binary operators. */
export type BinOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||" | "->" | "//" | "+" | "-" | "*" | "/" | "++";

/** A parsed file: its tree plus the file name used in positions. */
export interface ParsedFile {
  file: string;
  expr: Expr;
}
