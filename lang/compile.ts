// Compiles the AST into JS closures `(env) => Value`. Variables are resolved to (level, slot) at
// compile time; only variables that can come from a `with` are looked up dynamically. Arguments and
// attribute values become thunks unless they are constants or variables (as Nix's maybeThunk).
import { homedir } from "node:os";
import { posCol, posLine, type Expr, type Pos } from "./ast.js";
import { isStackOverflow, LangError, type Loc } from "./errors.js";
import { forceAttrs, forceStrNoCtx, mkStr, typeError } from "./check.js";
import { coerceToString } from "./coerce.js";
import { compileAttrs, compileLet, compileLetAttrs } from "./compile-attrs.js";
import { compileLambda } from "./compile-lambda.js";
import { compileBinop, compileChain } from "./compile-binop.js";
import { compileHas, compileSelect } from "./compile-select.js";
import { compileApp } from "./compile-app.js";
import { sub, wrapInt } from "./ops.js";
import { canonPath } from "./paths.js";
import { findInNixPath } from "./search-path.js";
import { Attrs, Env, force, NixFloat, NixPath, Thunk, type Code, type Lazy, type Value } from "./values.js";

/** A compile-time scope: names → slots, or a `with` (names === null). */
export interface Scope {
  up: Scope | null;
  names: Map<string, number> | null;
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

function resolveStatic(name: string, sc: Scope): { level: number; idx: number } | { withs: number[] } | null {
  const withs: number[] = [];
  let level = 0;
  for (let s: Scope | null = sc; s; s = s.up, level++) {
    if (s.names === null) withs.push(level);
    else {
      const idx = s.names.get(name);
      if (idx !== undefined) return { level, idx };
    }
  }
  return withs.length ? { withs } : null;
}

function slotCode(level: number, idx: number): Code {
  switch (level) {
    case 0:
      return (env) => {
        const x = env.v[idx];
        if (x instanceof Thunk) return (env.v[idx] = force(x));
        return x;
      };
    case 1:
      return (env) => {
        const e = env.up!;
        const x = e.v[idx];
        if (x instanceof Thunk) return (e.v[idx] = force(x));
        return x;
      };
    case 2:
      return (env) => {
        const e = env.up!.up!;
        const x = e.v[idx];
        if (x instanceof Thunk) return (e.v[idx] = force(x));
        return x;
      };
    default:
      return (env) => {
        let e = env;
        for (let i = 0; i < level; i++) e = e.up!;
        const x = e.v[idx];
        if (x instanceof Thunk) return (e.v[idx] = force(x));
        return x;
      };
  }
}

function withLookup(name: string, withs: number[], env: Env, loc: Loc): Lazy {
  for (const level of withs) {
    let e = env;
    for (let i = 0; i < level; i++) e = e.up!;
    const attrs = withLoc(loc, null, () => forceAttrs(e.v[0]));
    const x = attrs.m.get(name);
    if (x !== undefined) return x;
  }
  throw new LangError("eval", `undefined variable '${name}'`, loc);
}

function undefinedVar(name: string, loc: Loc): LangError {
  return new LangError("eval", `undefined variable '${name}'`, loc);
}

/** Compile a variable reference to code that forces it. */
function compileVar(name: string, pos: Pos, sc: Scope, cx: Cx): Code {
  const r = resolveStatic(name, sc);
  const loc = locOf(cx, pos);
  if (!r) throw undefinedVar(name, loc);
  if ("withs" in r) {
    const withs = r.withs;
    return (env) => force(withLookup(name, withs, env, loc));
  }
  return slotCode(r.level, r.idx);
}

/** Compile an expression to code producing an unforced value (a thunk unless trivial). */
export function compileLazy(e: Expr, sc: Scope, cx: Cx, name?: string, isArg = false): LazyCode {
  switch (e.k) {
    case "int":
    case "float":
    case "str":
    case "path": {
      const v = constValue(e, cx);
      return () => v;
    }
    case "var": {
      const r = resolveStatic(e.name, sc);
      const loc = locOf(cx, e.pos);
      if (!r) throw undefinedVar(e.name, loc);
      if ("withs" in r) {
        const withs = r.withs;
        const nm = e.name;
        return (env) => new Thunk((en: Env) => force(withLookup(nm, withs, en, loc)), env);
      }
      const { level, idx } = r;
      const forced = slotCode(level, idx);
      if (level === 0) return (env) => {
        const x = env.v[idx];
        return x !== undefined ? x : new Thunk(forced, env);
      };
      if (level === 1) return (env) => {
        const x = env.up!.v[idx];
        return x !== undefined ? x : new Thunk(forced, env);
      };
      return (env) => {
        let en = env;
        for (let i = 0; i < level; i++) en = en.up!;
        const x = en.v[idx];
        return x !== undefined ? x : new Thunk(forced, env);
      };
    }
  }
  const code = compile(e, sc, cx, name);
  // only for call arguments: elsewhere (sets, lists, rec/__overrides) Nix's printing shows <CODE>
  const eager = isArg ? eagerArith(e, sc, cx) : undefined;
  if (eager) {
    return (env) => {
      const v = eager(env);
      return v !== undefined ? v : new Thunk(code, env);
    };
  }
  return (env) => new Thunk(code, env);
}

/** Peek at a variable's slot without forcing (undefined when not a plain static variable). */
function peekCode(e: Expr, sc: Scope, cx: Cx): ((env: Env) => Lazy | undefined) | undefined {
  if (e.k === "int") {
    const v = constValue(e, cx);
    return typeof v === "number" ? () => v : undefined;
  }
  if (e.k !== "var") return undefined;
  const r = resolveStatic(e.name, sc);
  if (!r || "withs" in r) return undefined;
  const { level, idx } = r;
  if (level === 0) return (env) => env.v[idx];
  if (level === 1) return (env) => env.up!.v[idx];
  return (env) => {
    let en = env;
    for (let i = 0; i < level; i++) en = en.up!;
    return en.v[idx];
  };
}

/**
 * For `a + b`, `a - b`, `a * b` over variables/int literals: compute the value right away when both
 * operands are already evaluated safe integers (this cannot fail or diverge, so laziness is kept);
 * returns undefined from the code when a thunk is needed.
 */
function eagerArith(e: Expr, sc: Scope, cx: Cx): ((env: Env) => Value | undefined) | undefined {
  if (e.k !== "binop" || (e.op !== "+" && e.op !== "-" && e.op !== "*")) return undefined;
  if (e.op !== "+" && !isBuiltinBinding(e.op === "-" ? "__sub" : "__mul", sc)) return undefined;
  const a = peekCode(e.a, sc, cx);
  const b = peekCode(e.b, sc, cx);
  if (!a || !b) return undefined;
  const op = e.op;
  return (env) => {
    const x = a(env);
    const y = b(env);
    if (typeof x !== "number" || typeof y !== "number") return undefined;
    const r = op === "+" ? x + y : op === "-" ? x - y : x * y;
    return Number.isSafeInteger(r) && !Object.is(r, -0) ? r : undefined;
  };
}

function constValue(e: Expr, cx: Cx): Value {
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

/** Evaluate a dynamic attribute name (null means "skip" when allowNull). */
export function attrNameOf(v: Value): string {
  return forceStrNoCtx(v);
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
      const v = new Attrs(new Map<string, Lazy>([
        ["file", cx.file], ["line", posLine(e.pos)], ["column", posCol(e.pos)],
      ]));
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
      return compileAttrs(e.binds, e.rec, e.pos, sc, cx);
    case "letattrs":
      return compileLetAttrs(e.binds, e.pos, sc, cx);
    case "let":
      return compileLet(e.binds, e.body, e.pos, sc, cx);
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
      return (env) => body(new Env(env, [attrs(env)], true));
    }
    case "assert": {
      const cond = compile(e.cond, sc, cx);
      const body = compile(e.body, sc, cx);
      const loc = locOf(cx, e.pos);
      return (env) => {
        const c = cond(env);
        if (c === true) return body(env);
        if (c === false) throw new LangError("assert", "assertion failed", loc);
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

function compileStrcat(partsE: Expr[], sc: Scope, cx: Cx, pos: Pos): Code {
  const parts = partsE.map((p) => compile(p, sc, cx));
  const loc = locOf(cx, pos);
  return (env) =>
    withLoc(loc, null, () => {
      const ctx = new Set<string>();
      let s = "";
      for (const p of parts) s += coerceToString(p(env), ctx, false, true);
      return mkStr(s, ctx);
    });
}

/** Whether `name` refers to the builtin (not shadowed by a user binding). */
export function isBuiltinBinding(name: string, sc: Scope): boolean {
  for (let s: Scope | null = sc; s; s = s.up) {
    if (s.names !== null && s.names.has(name)) return s.up === null;
  }
  return false;
}
