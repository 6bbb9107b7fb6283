// Type predicates: typeOf, isNull, isInt, isFloat, isBool, isString, isPath, isList, isAttrs, isFunction.
import { prim } from "./registry.js";
import { force, isFunction, typeOf } from "../values.js";

prim("typeOf", 1, ([x]) => typeOf(force(x)));
prim("isNull", 1, ([x]) => force(x) === null, true);
for (const [name, t] of [["isInt", "int"], ["isFloat", "float"], ["isBool", "bool"], ["isString", "string"],
  ["isPath", "path"], ["isList", "list"], ["isAttrs", "set"]] as const) {
  prim(name, 1, ([x]) => typeOf(force(x)) === t);
}
prim("isFunction", 1, ([x]) => isFunction(force(x)));
