// Compiles the AST into JS closures `(env) => Value`. Variables are resolved to (level, slot) at
// compile time; only variables that can come from a `with` are looked up dynamically. Arguments and
// attribute values become thunks unless they are constants or variables (as Nix's maybeThunk).
import { showExpr } from "./show-expr.js";
import { posCol, posLine, type Expr, type Pos } from "./ast.js";
import { isStackOverflow, LangError, type Loc } from "./errors.js";
import { forceStrNoCtx, typeError } from "./check.js";
import { coerceToString } from "./coerce.js";
import { compileAttrs, compileLet, compileLetAttrs } from "./compile-attrs.js";
import { compileLambda } from "./compile-lambda.js";
import { compileBinop, compileChain } from "./compile-binop.js";
import { compileHas, compileSelect } from "./compile-select.js";
import { compileApp } from "./compile-app.js";
import { sub } from "./ops.js";
import { canonPath } from "./paths.js";
import { findInNixPath } from "./search-path.js";
import { Attrs, Env, NixPath, type Code, type Lazy, type Value } from "./values.js";
import { compileLazy, compileVar, isBuiltinBinding } from "./compile-vars.js";
import { compileStrcat, constValue } from "./compile-literals.js";

export { compileLazy, isBuiltinBinding };

/** A compile-time scope: names → slots, or a `with` (names === null). */
export interface Scope {
  up: Scope | null;
  names: Map<string, number> | null;
  /** The frame's single variable lives in Env.a0 instead of a slot array (plain lambdas `x: …`). */
  inline?: boolean;
}

/** Per-file compile context. */
export interface Cx {
  file: string;
  dir: string;
}

/** Code producing an unforced value. */
export type LazyCode = (env: Env) => Lazy;

/** Location helper. */
export const locOf = (cx: Cx, pos: Pos): Loc => ({ file: cx.file, pos });

/** Attach a location to errors escaping `fn`. */
export function withLoc<T>(loc: Loc, what: string | null, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw annotate(e, loc, what);
  }
}

/** Turn any thrown value into a LangError carrying `loc` (and a trace frame). */
export function annotate(e: unknown, loc: Loc, what: string | null): unknown {
  if (e instanceof LangError) {
    if (!e.loc) e.at(loc);
    else if (what) e.addFrame(what, loc);
    return e;
  }
  if (isStackOverflow(e)) {
    return new LangError("recursion", "stack overflow (possible infinite recursion)", loc);
  }
  return e;
}

/** Evaluate a dynamic attribute name (null means "skip" when allowNull). */
export function attrNameOf(v: Value): string {
  return forceStrNoCtx(v);
}

/** Evaluate the code of a dynamic attribute name (`a.${e}`); errors get `loc`. */
export function evalAttrName(code: Code, env: Env, loc: Loc): string {
  try {
    const v = code(env);
    return typeof v === "string" ? v : forceStrNoCtx(v);
  } catch (e) {
    throw annotate(e, loc, null);
  }
}

/** Compile an expression to code that evaluates it to weak head normal form. */
export function compile(e: Expr, sc: Scope, cx: Cx, name?: string): Code {
  switch (e.k) {
    case "int":
    case "float":
    case "str":
    case "path": {
      const v = constValue(e, cx);
      return () => v;
    }
    case "var":
      return compileVar(e.name, e.pos, sc, cx);
    case "curpos": {
      const v = Attrs.fromEntries([
        ["file", cx.file], ["line", posLine(e.pos)], ["column", posCol(e.pos)],
      ]);
      return () => v;
    }
    case "strcat":
      return compileStrcat(e.parts, sc, cx, e.pos);
    case "indstr":
      throw new Error("indented string not finished");
    case "pathcat": {
      const head = compile(e.head, sc, cx);
      const parts = e.parts.map((p) => compile(p, sc, cx));
      const loc = locOf(cx, e.pos);
      return (env) =>
        withLoc(loc, null, () => {
          const ctx = new Set<string>();
          let s = (head(env) as NixPath).path;
          for (const p of parts) s += coerceToString(p(env), ctx, false, false);
          if (ctx.size) throw new LangError("eval", "a string that refers to a store path cannot be appended to a path");
          return new NixPath(canonPath(s));
        });
    }
    case "spath": {
      if (!isBuiltinBinding("__findFile", sc) || !isBuiltinBinding("__nixPath", sc)) {
        const call: Expr = {
          k: "app", pos: e.pos, arg: { k: "str", v: e.v, pos: e.pos },
          f: { k: "app", pos: e.pos, f: { k: "var", name: "__findFile", pos: e.pos }, arg: { k: "var", name: "__nixPath", pos: e.pos } },
        };
        return compile(call, sc, cx);
      }
      const loc = locOf(cx, e.pos);
      const p = e.v;
      return () => withLoc(loc, null, () => new NixPath(findInNixPath(p)));
    }
    case "select":
      return compileSelect(e, sc, cx);
    case "has":
      return compileHas(e, sc, cx);
    case "app":
      return compileApp(e, sc, cx);
    case "binop": {
      const chain = e.op === "//" || e.op === "++" || e.op === "+" ? compileChain(e, sc, cx) : undefined;
      return chain ?? compileBinop(e.op, e.a, e.b, e.pos, sc, cx);
    }
    case "not": {
      const c = compile(e.e, sc, cx);
      const loc = locOf(cx, e.pos);
      return (env) => {
        const v = c(env);
        if (typeof v === "boolean") return !v;
        throw typeError(v, "a Boolean").at(loc);
      };
    }
    case "neg": {
      if (!isBuiltinBinding("__sub", sc)) {
        return compile({ k: "binop", op: "-", a: { k: "int", v: "0", pos: e.pos }, b: e.e, pos: e.pos }, sc, cx);
      }
      const c = compile(e.e, sc, cx);
      const loc = locOf(cx, e.pos);
      return (env) => withLoc(loc, null, () => sub(0, c(env)));
    }
    case "attrs":
      return compileAttrs(e.binds, e.rec, e.bpos, sc, cx);
    case "letattrs":
      return compileLetAttrs(e.binds, e.pos, e.bpos, sc, cx);
    case "let":
      return compileLet(e.binds, e.body, e.bpos, sc, cx);
    case "list": {
      const items = e.items.map((x) => compileLazy(x, sc, cx));
      const n = items.length;
      if (n === 0) return () => [];
      return (env) => {
        const out = new Array<Lazy>(n);
        for (let i = 0; i < n; i++) out[i] = items[i](env);
        return out;
      };
    }
    case "lambda":
      return compileLambda(e, sc, cx, name);
    case "with": {
      const attrs = compileLazy(e.e, sc, cx);
      const body = compile(e.body, { up: sc, names: null }, cx);
      return (env) => body(Env.one(env, attrs(env)));
    }
    case "assert": {
      const cond = compile(e.cond, sc, cx);
      const body = compile(e.body, sc, cx);
      const loc = locOf(cx, e.pos);
      return (env) => {
        const c = cond(env);
        if (c === true) return body(env);
        if (c === false) throw new LangError("assert", `assertion '${showExpr(e.cond, cx.dir)}' failed`, loc);
        throw typeError(c, "a Boolean").at(loc);
      };
    }
    case "if": {
      const c = compile(e.c, sc, cx);
      const t = compile(e.t, sc, cx);
      const f = compile(e.e, sc, cx);
      const loc = locOf(cx, e.pos);
      return (env) => {
        const v = c(env);
        if (v === true) return t(env);
        if (v === false) return f(env);
        throw typeError(v, "a Boolean").at(loc);
      };
    }
  }
}

