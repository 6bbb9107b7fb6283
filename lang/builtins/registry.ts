// The registry every builtins family file adds to: name, arity and implementation of each primop,
// or a constant; `global` ones are also visible without the builtins. prefix (map, toString, …).
import { PrimOp, type Lazy, type Value } from "../values.js";

/** One registered builtin. */
export interface BuiltinDef {
  name: string;
  /** A primop (arity ≥ 1) … */
  op?: PrimOp;
  /** … or a constant, computed once per evaluation. */
  value?: () => Lazy;
  /** Visible as a plain global name (not only builtins.x / __x). */
  global: boolean;
}

/** All registered builtins in registration order. */
export const builtinDefs: BuiltinDef[] = [];

/** Register a primop. */
export function prim(name: string, arity: number, fn: (args: Lazy[]) => Value, global = false): PrimOp {
  const op = new PrimOp(name, arity, fn);
  builtinDefs.push({ name, op, global });
  return op;
}

/** Register a constant. */
export function constant(name: string, value: () => Lazy, global = false): void {
  builtinDefs.push({ name, value, global });
}
