// Literals: ints (wrapped to 64 bits), floats, strings, path literals resolved against the file's
// directory (or $HOME for ~/), and string interpolation.
import { homedir } from "node:os";
import type { Expr, Pos } from "./ast.js";
import { joinStr } from "./bytes.js";
import { mkStr } from "./check.js";
import { coerceToString } from "./coerce.js";
import { annotate, compile, locOf, type Cx, type Scope } from "./compile.js";
import { wrapInt } from "./ops.js";
import { canonPath } from "./paths.js";
import { NixFloat, NixPath, type Code, type Value } from "./values.js";

/** The value of a literal (int, float, string, path). */
export function constValue(e: Expr, cx: Cx): Value {
  switch (e.k) {
    case "int":
      return wrapInt(BigInt(e.v));
    case "float":
      return new NixFloat(e.v);
    case "str":
      return e.v;
    case "path":
      return new NixPath(resolvePathLiteral(e.v, cx));
  }
  throw new Error("not a constant");
}

function resolvePathLiteral(p: string, cx: Cx): string {
  const trailing = p.length > 1 && p.endsWith("/");
  let abs: string;
  if (p.startsWith("/")) abs = canonPath(p);
  else if (p.startsWith("~/")) abs = canonPath(`${process.env.HOME ?? homedir()}/${p.slice(2)}`);
  else abs = canonPath(`${cx.dir}/${p}`);
  return trailing ? abs + "/" : abs;
}

/** "…${e}…": every part coerced to a string (paths copied to the store). */
export function compileStrcat(partsE: Expr[], sc: Scope, cx: Cx, pos: Pos): Code {
  const parts = partsE.map((p) => compile(p, sc, cx));
  const loc = locOf(cx, pos);
  const n = parts.length;
  return (env) => {
    try {
      let s = "";
      let ctx: Set<string> | undefined;
      for (let i = 0; i < n; i++) {
        const v = parts[i](env);
        // plain strings need no context set
        if (typeof v === "string") s = joinStr(s, v);
        else s = joinStr(s, coerceToString(v, (ctx ??= new Set<string>()), false, true));
      }
      return ctx === undefined ? s : mkStr(s, ctx);
    } catch (e) {
      throw annotate(e, loc, null);
    }
  };
}
