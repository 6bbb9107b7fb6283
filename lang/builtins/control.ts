// Control builtins: throw, abort, tryEval, seq, deepSeq, trace, addErrorContext.
import { prim } from "./registry.js";
import { LangError } from "../errors.js";
import { coerceToString } from "../coerce.js";
import { Attrs, force, type Lazy, type Value } from "../values.js";
import { printValue } from "../print.js";

prim("throw", 1, ([m]) => {
  const s = coerceToString(m, new Set(), false, false);
  throw new LangError("throw", s);
}, true);
prim("abort", 1, ([m]) => {
  const s = coerceToString(m, new Set(), false, false);
  throw new LangError("abort", `evaluation aborted with the following error message: '${s}'`);
}, true);
prim("tryEval", 1, ([x]) => {
  try {
    const v = force(x);
    return Attrs.fromEntries([["success", true], ["value", v]]);
  } catch (e) {
    if (e instanceof LangError && (e.kind === "throw" || e.kind === "assert")) {
      return Attrs.fromEntries([["success", false], ["value", false]]);
    }
    throw e;
  }
});
prim("seq", 2, ([a, b]) => {
  force(a);
  return force(b);
});

/** Force a value deeply (lists and sets, recursively), iteratively to avoid deep JS recursion. */
export function deepForce(x: Lazy): Value {
  const root = force(x);
  const seen = new Set<object>();
  const stack: Value[] = [root];
  while (stack.length) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      if (seen.has(v)) continue;
      seen.add(v);
      for (const i of v) stack.push(force(i));
    } else if (v instanceof Attrs) {
      if (seen.has(v)) continue;
      seen.add(v);
      for (let k = 0; k < v.vals.length; k++) {
        try {
          stack.push(force(v.vals[k]));
        } catch (e) {
          // Nix's forceValueDeep: "while evaluating the attribute" at the attribute's position
          const p = v.pos?.at.get(v.names[k]);
          if (e instanceof LangError) e.addFrame(`while evaluating the attribute '${v.names[k]}'`, p !== undefined ? { file: v.pos!.file, pos: p } : undefined);
          throw e;
        }
      }
    }
  }
  return root;
}
prim("deepSeq", 2, ([a, b]) => {
  deepForce(a);
  return force(b);
});
prim("trace", 2, ([m, b]) => {
  const v = force(m);
  process.stderr.write(`trace: ${typeof v === "string" ? v : printValue(v, { strict: true, json: false })}\n`);
  return force(b);
});
prim("addErrorContext", 2, ([c, b]) => {
  try {
    return force(b);
  } catch (e) {
    // Nix adds the message as a trace frame without a position
    if (e instanceof LangError) e.addFrame(coerceToString(c, new Set(), false, false));
    throw e;
  }
});
