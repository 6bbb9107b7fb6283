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

const APPLY1 = (e: [Value, Lazy]): Value => callFunction(e[0], e[1]);
const APPLY2 = (e: [Value, Lazy, Lazy]): Value => callFunction2(e[0], e[1], e[2]);

/** A thunk for `f x` (one small tuple instead of a closure per element, for map/genList). */
export function thunkApply(f: Value, x: Lazy): Thunk {
  return new Thunk(APPLY1 as (e: never) => Value, [f, x]);
}

/** A thunk for `f x y` (mapAttrs, zipAttrsWith). */
export function thunkApply2(f: Value, x: Lazy, y: Lazy): Thunk {
  return new Thunk(APPLY2 as (e: never) => Value, [f, x, y]);
}

