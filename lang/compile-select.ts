// Compiles attribute selection (`e.a.b`, `e.a or d`) and the `?` test, with Nix's error
// messages and positions for missing attributes.
import type { AttrName, Expr } from "./ast.js";
import { LangError } from "./errors.js";
import { typeError } from "./check.js";
import { attrNameOf, compile, locOf, withLoc, type Cx, type Scope } from "./compile.js";
import { Attrs, force, Thunk, type Code } from "./values.js";

export function compileAttrPath(path: AttrName[], sc: Scope, cx: Cx): Array<string | Code> {
  return path.map((a) => (a.k === "static" ? a.name : compile(a.e, sc, cx)));
}

export function compileSelect(e: Extract<Expr, { k: "select" }>, sc: Scope, cx: Cx): Code {
  const base = compile(e.e, sc, cx);
  const path = compileAttrPath(e.path, sc, cx);
  const def = e.def ? compile(e.def, sc, cx) : null;
  const loc = locOf(cx, e.pos);
  if (path.length === 1 && typeof path[0] === "string" && !def) {
    const nm = path[0];
    return (env) => {
      const v = base(env);
      if (v instanceof Attrs) {
        const x = v.m.get(nm);
        if (x !== undefined) return x instanceof Thunk ? withLoc(loc, null, () => force(x)) : x;
        throw new LangError("eval", `attribute '${nm}' missing`, loc);
      }
      throw typeError(v, "a set").at(loc);
    };
  }
  return (env) => {
    let v = base(env);
    for (const p of path) {
      const nm = typeof p === "string" ? p : withLoc(loc, null, () => attrNameOf(p(env)));
      if (!(v instanceof Attrs)) {
        if (def) return def(env);
        throw typeError(v, "a set").at(loc);
      }
      const x = v.m.get(nm);
      if (x === undefined) {
        if (def) return def(env);
        throw new LangError("eval", `attribute '${nm}' missing`, loc);
      }
      v = withLoc(loc, null, () => force(x));
    }
    return v;
  };
}

export function compileHas(e: Extract<Expr, { k: "has" }>, sc: Scope, cx: Cx): Code {
  const base = compile(e.e, sc, cx);
  const path = compileAttrPath(e.path, sc, cx);
  const loc = locOf(cx, e.pos);
  return (env) => {
    let v = base(env);
    for (let i = 0; i < path.length; i++) {
      const p = path[i];
      const nm = typeof p === "string" ? p : withLoc(loc, null, () => attrNameOf(p(env)));
      if (!(v instanceof Attrs)) return false;
      const x = v.m.get(nm);
      if (x === undefined) return false;
      if (i < path.length - 1) v = force(x);
    }
    return true;
  };
}
