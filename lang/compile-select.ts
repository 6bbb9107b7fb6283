// Compiles attribute selection (`e.a.b`, `e.a or d`) and the `?` test, with Nix's error
// messages and positions for missing attributes.
import type { AttrName, Expr } from "./ast.js";
import { LangError, type Loc } from "./errors.js";
import { typeError } from "./check.js";
import { annotate, compile, evalAttrName, isBuiltinBinding, locOf, type Cx, type Scope } from "./compile.js";
import { builtinDefs } from "./builtins/registry.js";
import { Attrs, force, forceThunk, PrimOp, Thunk, type Code, type Value } from "./values.js";

/** Force an attribute's value; errors get Nix's "while evaluating the attribute" frame. */
function forceAttr(x: Thunk, set: Attrs, name: string, loc: Loc): Value {
  if (x.v !== undefined) return x.v;
  try {
    if (x.c === null) {
      // a black hole: Nix's ExprSelect forces at the attribute's own position (the selection's if unknown),
      // inside the try that adds its frame
      const p = set.pos?.at.get(name);
      throw new LangError("recursion", "infinite recursion encountered", p !== undefined ? { file: set.pos!.file, pos: p } : loc);
    }
    return forceThunk(x);
  } catch (e) {
    if (e instanceof LangError) {
      if (!e.loc) e.at(loc);
      else if (!fromDerivationNix(set, name)) {
        const p = set.pos?.at.get(name);
        e.addFrame(`while evaluating the attribute '${name}'`, p !== undefined ? { file: set.pos!.file, pos: p } : loc);
      }
      throw e;
    }
    throw annotate(e, loc, null);
  }
}

/** An attribute path as Nix's showAttrPath prints it (dynamic parts as "${…}"). */
function shownPath(path: AttrName[]): string {
  return path.map((a) => (a.k === "static" ? a.name : '"${…}"')).join(".");
}

const DRV_OWN = new Set(["drvPath", "outPath", "type", "outputName", "all", "drvAttrs", "out"]);

/**
 * Whether `name` of a derivation is one of the attributes Nix's derivation.nix defines (Nix's ExprSelect
 * adds no frame for those). Output names other than `out` are not recognised.
 */
function fromDerivationNix(set: Attrs, name: string): boolean {
  return DRV_OWN.has(name) && set.get("type") === "derivation";
}

/** Compile an attribute path: static names stay strings, `${e}` parts become code. */
export function compileAttrPath(path: AttrName[], sc: Scope, cx: Cx): Array<string | Code> {
  return path.map((a) => (a.k === "static" ? a.name : compile(a.e, sc, cx)));
}

/** Compile `e.a.b` / `e.a.b or d`. */
export function compileSelect(e: Extract<Expr, { k: "select" }>, sc: Scope, cx: Cx): Code {
  const op = builtinOp(e, sc);
  if (op !== undefined) return () => op;
  const base = compile(e.e, sc, cx);
  const path = compileAttrPath(e.path, sc, cx);
  const def = e.def ? compile(e.def, sc, cx) : null;
  const loc = locOf(cx, e.pos);
  if (path.length === 1 && typeof path[0] === "string" && !def) {
    const nm = path[0];
    return (env) => {
      const v = base(env);
      if (v instanceof Attrs) {
        const i = v.indexOf(nm);
        if (i < 0) throw new LangError("eval", `attribute '${nm}' missing`, loc);
        const x = v.vals[i]!;
        if (!(x instanceof Thunk)) return x;
        const r = forceAttr(x, v, nm, loc);
        // the value replaces its evaluated thunk, which can then be collected (not for lists of one or
        // two elements: printing tells their «repeated» by the cell, see print.ts)
        if (!Array.isArray(r)) v.vals[i] = r;
        return r;
      }
      throw typeError(v, "a set").at(loc);
    };
  }
  return (env) => {
    let v = base(env);
    // the set and name of the previous step (Nix's pos2: a later step's error gets its frame)
    let prevSet: Attrs | undefined;
    let prevName = "";
    for (const p of path) {
      const nm = typeof p === "string" ? p : evalAttrName(p, env, loc);
      if (!(v instanceof Attrs)) {
        if (def) return def(env);
        throw typeError(v, "a set").at(loc);
      }
      const x = v.get(nm);
      if (x === undefined) {
        if (def) return def(env);
        const err = new LangError("eval", `attribute '${nm}' missing`, loc);
        const pp = prevSet?.pos?.at.get(prevName);
        if (pp !== undefined && !fromDerivationNix(prevSet!, prevName)) {
          err.addFrame(`while evaluating the attribute '${shownPath(e.path)}'`, { file: prevSet!.pos!.file, pos: pp });
        }
        throw err;
      }
      prevSet = v;
      prevName = nm;
      v = x instanceof Thunk ? forceAttr(x, v, nm, loc) : x;
    }
    return v;
  };
}

/** Compile `e ? a.b`. */
export function compileHas(e: Extract<Expr, { k: "has" }>, sc: Scope, cx: Cx): Code {
  const base = compile(e.e, sc, cx);
  const path = compileAttrPath(e.path, sc, cx);
  const loc = locOf(cx, e.pos);
  return (env) => {
    let v = base(env);
    for (let i = 0; i < path.length; i++) {
      const p = path[i];
      const nm = typeof p === "string" ? p : evalAttrName(p, env, loc);
      if (!(v instanceof Attrs)) return false;
      const x = v.get(nm);
      if (x === undefined) return false;
      if (i < path.length - 1) v = force(x);
    }
    return true;
  };
}

/** For `builtins.f` (builtins not shadowed) where f is a primop: that primop, the same in every evaluation. */
function builtinOp(e: Extract<Expr, { k: "select" }>, sc: Scope): PrimOp | undefined {
  if (e.def || e.path.length !== 1 || e.path[0]!.k !== "static") return undefined;
  if (e.e.k !== "var" || e.e.name !== "builtins" || !isBuiltinBinding("builtins", sc)) return undefined;
  const name = e.path[0]!.name;
  return builtinDefs.find((d) => d.name === name)?.op;
}
