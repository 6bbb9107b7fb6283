// Variables: resolution to (level, slot) at compile time, dynamic lookup through `with` scopes,
// lazy (unforced) codes for arguments and attribute values as Nix's maybeThunk, and the eager
// integer arithmetic used for call arguments whose operands are already evaluated.
import type { Expr, Pos } from "./ast.js";
import { LangError, type Loc } from "./errors.js";
import { forceAttrs } from "./check.js";
import { annotate, compile, locOf, type Cx, type LazyCode, type Scope } from "./compile.js";
import { constValue } from "./compile-literals.js";
import { Attrs, Env, forceThunkAt, Thunk, type Code, type Lazy, type Value } from "./values.js";

/**
 * Where a name is bound: a static slot (`inline`: the frame's Env.a0, see Scope), only possibly in
 * `with` scopes, or nowhere (null).
 */
export function resolveStatic(name: string, sc: Scope): { level: number; idx: number; inline: boolean } | { withs: number[] } | null {
  const withs: number[] = [];
  let level = 0;
  for (let s: Scope | null = sc; s; s = s.up, level++) {
    if (s.names === null) withs.push(level);
    else {
      const idx = s.names.get(name);
      if (idx !== undefined) return { level, idx, inline: s.inline === true };
    }
  }
  return withs.length ? { withs } : null;
}

/** Force a variable's thunk; a black hole reports the variable's position (Nix's ExprVar::eval). */
function forceVar(x: Thunk, loc: Loc): Value {
  return x.v !== undefined ? x.v : forceThunkAt(x, loc);
}

function inlineSlotCode(level: number, loc: Loc): Code {
  switch (level) {
    case 0:
      return (env) => {
        const x = env.a0;
        if (x instanceof Thunk) return (env.a0 = forceVar(x, loc));
        return x as Value;
      };
    case 1:
      return (env) => {
        const e = env.up!;
        const x = e.a0;
        if (x instanceof Thunk) return (e.a0 = forceVar(x, loc));
        return x as Value;
      };
    default:
      return (env) => {
        let e = env;
        for (let i = 0; i < level; i++) e = e.up!;
        const x = e.a0;
        if (x instanceof Thunk) return (e.a0 = forceVar(x, loc));
        return x as Value;
      };
  }
}

function slotCode(level: number, idx: number, inline: boolean, loc: Loc): Code {
  if (inline) return inlineSlotCode(level, loc);
  switch (level) {
    case 0:
      return (env) => {
        const x = env.v[idx];
        if (x instanceof Thunk) return (env.v[idx] = forceVar(x, loc));
        return x;
      };
    case 1:
      return (env) => {
        const e = env.up!;
        const x = e.v[idx];
        if (x instanceof Thunk) return (e.v[idx] = forceVar(x, loc));
        return x;
      };
    case 2:
      return (env) => {
        const e = env.up!.up!;
        const x = e.v[idx];
        if (x instanceof Thunk) return (e.v[idx] = forceVar(x, loc));
        return x;
      };
    default:
      return (env) => {
        let e = env;
        for (let i = 0; i < level; i++) e = e.up!;
        const x = e.v[idx];
        if (x instanceof Thunk) return (e.v[idx] = forceVar(x, loc));
        return x;
      };
  }
}

function withLookup(name: string, withs: number[], env: Env, loc: Loc): Lazy {
  for (const level of withs) {
    let e = env;
    for (let i = 0; i < level; i++) e = e.up!;
    let attrs = e.a0;
    if (!(attrs instanceof Attrs)) {
      try {
        attrs = e.a0 = forceAttrs(attrs as Lazy);
      } catch (err) {
        throw annotate(err, loc, null);
      }
    }
    const x = attrs.get(name);
    if (x !== undefined) return x;
  }
  throw new LangError("eval", `undefined variable '${name}'`, loc);
}

function forceLazyAt(x: Lazy, loc: Loc): Value {
  return x instanceof Thunk ? forceVar(x, loc) : x;
}

function undefinedVar(name: string, loc: Loc): LangError {
  return new LangError("eval", `undefined variable '${name}'`, loc);
}

/** Compile a variable reference to code that forces it. */
export function compileVar(name: string, pos: Pos, sc: Scope, cx: Cx): Code {
  const r = resolveStatic(name, sc);
  const loc = locOf(cx, pos);
  if (!r) throw undefinedVar(name, loc);
  if ("withs" in r) {
    const withs = r.withs;
    return (env) => forceLazyAt(withLookup(name, withs, env, loc), loc);
  }
  return slotCode(r.level, r.idx, r.inline, loc);
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
        return (env) => new Thunk((en: Env) => forceLazyAt(withLookup(nm, withs, en, loc), loc), env);
      }
      const { level, idx } = r;
      const forced = slotCode(level, idx, r.inline, loc);
      if (r.inline) {
        // a lambda's argument is always set
        if (level === 0) return (env) => env.a0 as Lazy;
        if (level === 1) return (env) => env.up!.a0 as Lazy;
        return (env) => {
          let en = env;
          for (let i = 0; i < level; i++) en = en.up!;
          return en.a0 as Lazy;
        };
      }
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
  // compiled on first use (the file was validated as a whole first, see validate.ts): evaluating one
  // attribute of a big file does not compile the rest of it
  let code: Code | undefined;
  const shim: Code = (en) => (code ??= compile(e, sc, cx, name))(en);
  // only for call arguments: elsewhere (sets, lists, rec/__overrides) Nix's printing shows <CODE>
  const eager = isArg ? eagerArith(e, sc, cx) : undefined;
  if (eager) {
    return (env) => {
      const v = eager(env);
      return v !== undefined ? v : new Thunk(code ?? shim, env);
    };
  }
  return (env) => new Thunk(code ?? shim, env);
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
  if (r.inline) {
    if (level === 0) return (env) => env.a0;
    if (level === 1) return (env) => env.up!.a0;
    return (env) => {
      let en = env;
      for (let i = 0; i < level; i++) en = en.up!;
      return en.a0;
    };
  }
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

/** Whether `name` refers to the builtin (not shadowed by a user binding). */
export function isBuiltinBinding(name: string, sc: Scope): boolean {
  for (let s: Scope | null = sc; s; s = s.up) {
    if (s.names !== null && s.names.has(name)) return s.up === null;
  }
  return false;
}
