// Attribute-set builtins: attrNames, attrValues, hasAttr, getAttr, listToAttrs, mapAttrs,
// removeAttrs, intersectAttrs, catAttrs, zipAttrsWith, functionArgs, genericClosure.
import { prim } from "./registry.js";
import { LangError } from "../errors.js";
import { callFunction, thunkApply2 } from "../call.js";
import { forceAttrs, forceFunction, forceList, forceStr, forceStrNoCtx } from "../check.js";
import { lessThan } from "../ops.js";
import { Attrs, force, Lambda, PrimOp, PrimOpApp, typeOf, type Lazy, type Value } from "../values.js";

prim("attrNames", 1, ([a]) => forceAttrs(a).keys().slice());
prim("attrValues", 1, ([a]) => {
  const s = forceAttrs(a);
  return s.keys().map((k) => s.m.get(k)!);
});
prim("hasAttr", 2, ([n, a]) => forceAttrs(a).m.has(forceStr(n)));
prim("getAttr", 2, ([n, a]) => {
  const name = forceStr(n);
  const x = forceAttrs(a).m.get(name);
  if (x === undefined) throw new LangError("eval", `attribute '${name}' missing for call to 'getAttr'`);
  return force(x);
});
prim("listToAttrs", 1, ([l]) => {
  const m = new Map<string, Lazy>();
  for (const item of forceList(l)) {
    const a = forceAttrs(item);
    const n = a.m.get("name");
    if (n === undefined) throw new LangError("eval", "attribute 'name' missing for call to 'listToAttrs'");
    const name = forceStrNoCtx(n);
    if (m.has(name)) continue;
    const v = a.m.get("value");
    if (v === undefined) throw new LangError("eval", "attribute 'value' missing for call to 'listToAttrs'");
    m.set(name, v);
  }
  return new Attrs(m);
});
prim("mapAttrs", 2, ([f, a]) => {
  const s = forceAttrs(a);
  const fv = force(f);
  const m = new Map<string, Lazy>();
  for (const [k, v] of s.m) m.set(k, thunkApply2(fv, k, v));
  return new Attrs(m);
});
prim("removeAttrs", 2, ([a, l]) => {
  const s = forceAttrs(a);
  const names = forceList(l).map((x) => forceStr(x));
  const m = new Map(s.m);
  for (const n of names) m.delete(n);
  return new Attrs(m);
}, true);
prim("intersectAttrs", 2, ([a, b]) => {
  const x = forceAttrs(a);
  const y = forceAttrs(b);
  const m = new Map<string, Lazy>();
  for (const [k, v] of y.m) if (x.m.has(k)) m.set(k, v);
  return new Attrs(m);
});
prim("catAttrs", 2, ([n, l]) => {
  const name = forceStr(n);
  const out: Lazy[] = [];
  for (const x of forceList(l)) {
    const v = forceAttrs(x).m.get(name);
    if (v !== undefined) out.push(v);
  }
  return out;
});
prim("zipAttrsWith", 2, ([f, l]) => {
  const fv = force(f);
  const acc = new Map<string, Lazy[]>();
  for (const x of forceList(l)) {
    for (const [k, v] of forceAttrs(x).m) {
      let g = acc.get(k);
      if (!g) acc.set(k, (g = []));
      g.push(v);
    }
  }
  const m = new Map<string, Lazy>();
  for (const [k, vs] of acc) m.set(k, thunkApply2(fv, k, vs));
  return new Attrs(m);
});
prim("functionArgs", 1, ([f]) => {
  const v = force(f);
  if (v instanceof PrimOp || v instanceof PrimOpApp) return new Attrs(new Map());
  if (!(v instanceof Lambda)) throw new LangError("type", `'functionArgs' requires a function`);
  const m = new Map<string, Lazy>();
  const fm = v.def.formals;
  if (fm) fm.names.forEach((n, i) => m.set(n, fm.hasDefault[i]));
  return new Attrs(m);
});
prim("genericClosure", 1, ([args]) => {
  const a = forceAttrs(args);
  const start = a.m.get("startSet");
  const op = a.m.get("operator");
  if (start === undefined) throw new LangError("eval", "attribute 'startSet' required");
  if (op === undefined) throw new LangError("eval", "attribute 'operator' required");
  const opv = forceFunction(op);
  const queue = [...forceList(start)];
  const seenFast = new Set<string | number | bigint>();
  const seenSlow: Value[] = [];
  let firstType: string | undefined;
  const out: Lazy[] = [];
  for (let qi = 0; qi < queue.length; qi++) {
    const e = queue[qi];
    const ea = forceAttrs(e);
    const key = ea.m.get("key");
    if (key === undefined) throw new LangError("eval", "attribute 'key' required");
    const kv = force(key);
    const t = typeOf(kv);
    if (firstType === undefined) firstType = t;
    if ((t === "string" || t === "int") && t === firstType) {
      const k = typeof kv === "number" ? BigInt(kv) : t === "string" ? forceStr(kv) : (kv as bigint);
      if (seenFast.has(k)) continue;
      seenFast.add(k);
    } else {
      if (t !== firstType && seenFast.size) lessThan(kv, firstType === "string" ? "" : 0);
      if (seenSlow.some((s) => !lessThan(s, kv) && !lessThan(kv, s))) continue;
      seenSlow.push(kv);
    }
    out.push(e);
    for (const n of forceList(callFunction(opv, e))) queue.push(n);
  }
  return out;
});
