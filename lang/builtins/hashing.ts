// File hashing and float rounding builtins: hashFile, ceil, floor.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { prim } from "./registry.js";
import { LangError } from "../errors.js";
import { coerceToPath } from "../coerce.js";
import { forceStr, typeError } from "../check.js";
import { wrapInt } from "../ops.js";
import { force, NixFloat, type Value } from "../values.js";

prim("hashFile", 2, ([t, p]) => {
  const algo = forceStr(t);
  if (!["md5", "sha1", "sha256", "sha512"].includes(algo)) throw new LangError("eval", `unknown hash algorithm '${algo}'`);
  const path = coerceToPath(p, new Set());
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    throw new LangError("io", `opening file '${path}': No such file or directory`);
  }
  return createHash(algo).update(data).digest("hex");
});

const num = (x: Value): number => {
  if (x instanceof NixFloat) return x.v;
  if (typeof x === "number") return x;
  if (typeof x === "bigint") return Number(x);
  throw typeError(x, "a float");
};
const toInt = (f: number): Value => wrapInt(BigInt(Math.round(f)));
prim("ceil", 1, ([x]) => toInt(Math.ceil(num(force(x)))));
prim("floor", 1, ([x]) => toInt(Math.floor(num(force(x)))));
