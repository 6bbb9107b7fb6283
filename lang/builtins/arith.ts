// Arithmetic and bit builtins: add, sub, mul, div, lessThan, bitAnd, bitOr, bitXor.
import { prim } from "./registry.js";
import { forceInt } from "../check.js";
import { div, lessThan, mul, numAdd, sub, wrapInt } from "../ops.js";
import { force } from "../values.js";
import { typeError } from "../check.js";
import { NixFloat, type Value } from "../values.js";

const num = (v: Value): Value => {
  if (typeof v === "number" || typeof v === "bigint" || v instanceof NixFloat) return v;
  throw typeError(v, "an integer");
};
prim("add", 2, ([a, b]) => numAdd(num(force(a)), num(force(b))));
prim("sub", 2, ([a, b]) => sub(force(a), force(b)));
prim("mul", 2, ([a, b]) => mul(force(a), force(b)));
prim("div", 2, ([a, b]) => div(force(a), force(b)));
prim("lessThan", 2, ([a, b]) => lessThan(force(a), force(b)));
prim("bitAnd", 2, ([a, b]) => wrapInt(BigInt(forceInt(a)) & BigInt(forceInt(b))));
prim("bitOr", 2, ([a, b]) => wrapInt(BigInt(forceInt(a)) | BigInt(forceInt(b))));
prim("bitXor", 2, ([a, b]) => wrapInt(BigInt(forceInt(a)) ^ BigInt(forceInt(b))));
