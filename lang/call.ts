// Function application: lambdas, built-ins (with partial application) and __functor sets.
import { LangError } from "./errors.js";
import { Attrs, force, Lambda, PrimOp, PrimOpApp, showType, type Lazy, type Value } from "./values.js";

/** Apply a (forced) function value to one argument. */
export function callFunction(f: Value, arg: Lazy): Value {
  if (f instanceof Lambda) return f.def.call(f.env, arg, f);
  if (f instanceof PrimOp) return f.arity === 1 ? f.fn([arg]) : new PrimOpApp(f, [arg]);
  if (f instanceof PrimOpApp) {
    const args = f.args.concat([arg]);
    return args.length === f.op.arity ? f.op.fn(args) : new PrimOpApp(f.op, args);
  }
  if (f instanceof Attrs) {
    const functor = f.m.get("__functor");
    if (functor !== undefined) return callFunction(callFunction(force(functor), f), arg);
  }
  throw new LangError("type", `attempt to call something which is not a function but ${showType(f)}`);
}

/** Apply a function to several arguments in turn. */
export function callN(f: Value, ...args: Lazy[]): Value {
  let v = f;
  for (const a of args) v = callFunction(v, a);
  return v;
}
