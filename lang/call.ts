// Function application: lambdas, built-ins (with partial application) and __functor sets.
import { LangError } from "./errors.js";
import { Attrs, Env, force, Lambda, PrimOp, PrimOpApp, showType, Thunk, type Lazy, type Value } from "./values.js";

/** Apply a (forced) function value to one argument. */
export function callFunction(f: Value, arg: Lazy): Value {
  if (f instanceof Lambda) return f.def.call(f.env, arg);
  if (f instanceof PrimOp) return f.arity === 1 ? f.fn([arg]) : new PrimOpApp(f, [arg]);
  if (f instanceof PrimOpApp) {
    const args = f.args.concat([arg]);
    return args.length === f.op.arity ? f.op.fn(args) : new PrimOpApp(f.op, args);
  }
  if (f instanceof Attrs) {
    const functor = f.get("__functor");
    if (functor !== undefined) return callFunction(callFunction(force(functor), f), arg);
  }
  throw new LangError("type", `attempt to call something which is not a function but ${showType(f)}`);
}

/** Apply a (forced) function value to two arguments (`f a b`), without the intermediate function
 *  value when `f` is a plain `a: b: …` lambda. */
export function callFunction2(f: Value, a: Lazy, b: Lazy): Value {
  if (f instanceof Lambda) {
    const d = f.def;
    const inner = d.inner;
    if (inner !== undefined) return inner.call(Env.one(f.env, a), b);
  }
  return callFunction(callFunction(f, a), b);
}

const APPLY2 = (e: [Value, Lazy, Lazy]): Value => callFunction2(e[0], e[1], e[2]);

/**
 * Code for the thunks of one map/genList call: applies `f` to the thunk's environment value, so each
 * element is a bare `new Thunk(code, x)` (one closure per call instead of a tuple per element).
 */
export function applierOf(f: Value): (x: Lazy) => Value {
  return (x) => callFunction(f, x);
}

/**
 * Code for the thunks of one mapAttrs call over `names`/`vals`: applies `f` to the name and value at
 * the index held in the thunk's environment (a small integer: nothing allocated per attribute).
 */
export function applier2Of(f: Value, names: readonly string[], vals: readonly Lazy[]): (i: number) => Value {
  return (i) => callFunction2(f, names[i]!, vals[i]!);
}

/** A thunk for `f x y` (mapAttrs, zipAttrsWith). */
export function thunkApply2(f: Value, x: Lazy, y: Lazy): Thunk {
  return new Thunk(APPLY2 as (e: never) => Value, [f, x, y]);
}

