// Compiles binary operators: Nix's desugaring of - * / < > <= >= to the overridable __sub, __mul,
// __div and __lessThan, loops for long // ++ + chains, and the arithmetic, comparison, boolean,
// update and concatenation operators themselves.
import type { Expr, Pos } from "./ast.js";
import { joinStr } from "./bytes.js";
import { LangError } from "./errors.js";
import { forceList, mkStr, typeError } from "./check.js";
import { coerceToString } from "./coerce.js";
import { annotate, compile, isBuiltinBinding, locOf, withLoc, type Cx, type Scope } from "./compile.js";
import { div, eqValues, lessThan, mul, numAdd, sub } from "./ops.js";
import { canonPath } from "./paths.js";
import { updateAttrs } from "./attrset.js";
import { Attrs, NixFloat, NixPath, type Code, type Lazy, type Value } from "./values.js";

const DESUGAR: Record<string, [string, boolean, boolean]> = {
  // op: [function, swap args, negate]
  "-": ["__sub", false, false], "*": ["__mul", false, false], "/": ["__div", false, false],
  "<": ["__lessThan", false, false], ">": ["__lessThan", true, false],
  "<=": ["__lessThan", true, true], ">=": ["__lessThan", false, true],
};

/**
 * Long operator chains (`a // b // …`, `a ++ b ++ …` nest to the right, `a + b + …` to the left) are
 * compiled to one loop over their operands, so deep chains neither recurse in JS nor copy quadratically.
 */
export function compileChain(e: Extract<Expr, { k: "binop" }>, sc: Scope, cx: Cx): Code | undefined {
  const op = e.op;
  const operands: Expr[] = [];
  if (op === "+") {
    let x: Expr = e;
    while (x.k === "binop" && x.op === "+") {
      operands.push(x.b);
      x = x.a;
    }
    operands.push(x);
    operands.reverse();
  } else {
    let x: Expr = e;
    while (x.k === "binop" && x.op === op) {
      operands.push(x.a);
      x = x.b;
    }
    operands.push(x);
  }
  if (operands.length < 3) return undefined;
  const codes = operands.map((o) => compile(o, sc, cx));
  const loc = locOf(cx, e.pos);
  const n = codes.length;
  if (op === "+") {
    return (env) => {
      let acc = codes[0](env);
      for (let i = 1; i < n; i++) {
        const y = codes[i](env);
        if (typeof acc === "number" && typeof y === "number") {
          const r = acc + y;
          if (Number.isSafeInteger(r)) {
            acc = r;
            continue;
          }
        }
        const x = acc;
        acc = withLoc(loc, null, () => plus(x, y));
      }
      return acc;
    };
  }
  if (op === "++") {
    return (env) => {
      const lists: Lazy[][] = [];
      try {
        for (let i = 0; i < n; i++) lists.push(forceList(codes[i](env)));
      } catch (e) {
        throw annotate(e, loc, null);
      }
      const nonEmpty = lists.filter((l) => l.length > 0);
      if (nonEmpty.length <= 1) return nonEmpty[0] ?? lists[lists.length - 1];
      return ([] as Lazy[]).concat(...nonEmpty);
    };
  }
  return (env) => {
    const sets: Attrs[] = [];
    for (const c of codes) {
      const v = c(env);
      if (!(v instanceof Attrs)) throw typeError(v, "a set").at(loc);
      sets.push(v);
    }
    const nonEmpty = sets.filter((s) => s.size > 0);
    if (nonEmpty.length <= 1) return nonEmpty[0] ?? sets[sets.length - 1];
    if (nonEmpty.length <= 8) {
      let acc = nonEmpty[0];
      for (let i = 1; i < nonEmpty.length; i++) acc = updateAttrs(acc, nonEmpty[i]);
      return acc;
    }
    // long chains: one map and one sort instead of a merge per operand
    const m = new Map<string, Lazy>();
    for (const s of nonEmpty) for (let i = 0; i < s.size; i++) m.set(s.names[i], s.vals[i]);
    return Attrs.fromMap(m);
  };
}

/** Compile a binary operator (desugared to an overridable builtin where Nix does so). */
export function compileBinop(op: string, ae: Expr, be: Expr, pos: Pos, sc: Scope, cx: Cx): Code {
  const ds = DESUGAR[op];
  if (ds && !isBuiltinBinding(ds[0], sc)) {
    const [fn, swap, neg] = ds;
    const call: Expr = {
      k: "app", pos, arg: swap ? ae : be,
      f: { k: "app", pos, f: { k: "var", name: fn, pos }, arg: swap ? be : ae },
    };
    return compile(neg ? { k: "not", e: call, pos } : call, sc, cx);
  }
  const a = compile(ae, sc, cx);
  const b = compile(be, sc, cx);
  const loc = locOf(cx, pos);
  const bool = (v: Value): boolean => {
    if (typeof v === "boolean") return v;
    throw typeError(v, "a Boolean").at(loc);
  };
  switch (op) {
    case "&&":
      return (env) => bool(a(env)) && bool(b(env));
    case "||":
      return (env) => bool(a(env)) || bool(b(env));
    case "->":
      return (env) => !bool(a(env)) || bool(b(env));
    case "==":
      return (env) => {
        try {
          return eqValues(a(env), b(env));
        } catch (e) {
          throw annotate(e, loc, null);
        }
      };
    case "!=":
      return (env) => {
        try {
          return !eqValues(a(env), b(env));
        } catch (e) {
          throw annotate(e, loc, null);
        }
      };
    case "<":
      return (env) => {
        const x = a(env);
        const y = b(env);
        if (typeof x === "number" && typeof y === "number") return x < y;
        try {
          return lessThan(x, y);
        } catch (e) {
          throw annotate(e, loc, null);
        }
      };
    case "<=":
      return (env) => {
        const x = a(env);
        const y = b(env);
        try {
          return !lessThan(y, x);
        } catch (e) {
          throw annotate(e, loc, null);
        }
      };
    case ">":
      return (env) => {
        const x = a(env);
        const y = b(env);
        try {
          return lessThan(y, x);
        } catch (e) {
          throw annotate(e, loc, null);
        }
      };
    case ">=":
      return (env) => {
        const x = a(env);
        const y = b(env);
        try {
          return !lessThan(x, y);
        } catch (e) {
          throw annotate(e, loc, null);
        }
      };
    case "//":
      return (env) => {
        const x = a(env);
        const y = b(env);
        if (!(x instanceof Attrs)) throw typeError(x, "a set").at(loc);
        if (!(y instanceof Attrs)) throw typeError(y, "a set").at(loc);
        return updateAttrs(x, y);
      };
    case "++":
      return (env) => {
        const x = a(env);
        const y = b(env);
        if (!Array.isArray(x)) throw typeError(x, "a list").at(loc);
        if (!Array.isArray(y)) throw typeError(y, "a list").at(loc);
        return x.length === 0 ? y : y.length === 0 ? x : x.concat(y);
      };
    case "+": {
      // Nix reports a failed + at the operand it could not add (usually the right one)
      const bloc = locOf(cx, be.pos);
      return (env) => {
        const x = a(env);
        const y = b(env);
        if (typeof x === "number" && typeof y === "number") {
          const r = x + y;
          if (Number.isSafeInteger(r)) return r;
        }
        try {
          return plus(x, y);
        } catch (e) {
          throw annotate(e, bloc, null);
        }
      };
    }
    case "-":
      return (env) => {
        const x = a(env);
        const y = b(env);
        if (typeof x === "number" && typeof y === "number") {
          const r = x - y;
          if (Number.isSafeInteger(r)) return r;
        }
        try {
          return sub(x, y);
        } catch (e) {
          throw annotate(e, loc, null);
        }
      };
    case "*":
      return (env) => {
        const x = a(env);
        const y = b(env);
        try {
          return mul(x, y);
        } catch (e) {
          throw annotate(e, loc, null);
        }
      };
    case "/":
      return (env) => {
        const x = a(env);
        const y = b(env);
        try {
          return div(x, y);
        } catch (e) {
          throw annotate(e, loc, null);
        }
      };
  }
  throw new Error(`unknown operator ${op}`);
}

/** `a + b`: numbers add; a path on the left gives a path; otherwise string concatenation. */
export function plus(x: Value, y: Value): Value {
  if (typeof x === "number" || typeof x === "bigint" || x instanceof NixFloat) return numAdd(x, y);
  const ctx = new Set<string>();
  if (x instanceof NixPath) {
    const s = joinStr(x.path, coerceToString(y, ctx, false, false));
    if (ctx.size) throw new LangError("eval", "a string that refers to a store path cannot be appended to a path");
    return new NixPath(canonPath(s));
  }
  const s = joinStr(coerceToString(x, ctx, false, true), coerceToString(y, ctx, false, true));
  return mkStr(s, ctx);
}
