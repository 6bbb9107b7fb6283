// Attribute-set builtins: attrNames, attrValues, hasAttr, getAttr, listToAttrs, mapAttrs,
// removeAttrs, intersectAttrs, catAttrs, zipAttrsWith, functionArgs, genericClosure.
import { prim } from "./registry.js";
import { LangError } from "../errors.js";
import { applier2Of, callFunction, thunkApply2 } from "../call.js";
import { forceAttrs, forceFunction, forceList, forceStr, forceStrNoCtx, missingForCall } from "../check.js";
import { lessThan } from "../ops.js";
import { attrsFromUnsorted } from "../attrset.js";
import { Attrs, force, Lambda, PrimOp, PrimOpApp, Thunk, typeOf, type Lazy, type Value } from "../values.js";

prim("attrNames", 1, ([a]) => forceAttrs(a).keys().slice());
prim("attrValues", 1, ([a]) => forceAttrs(a).vals.slice());
prim("hasAttr", 2, ([n, a]) => forceAttrs(a).has(forceStr(n)));
prim("getAttr", 2, ([n, a]) => {
  const name = forceStr(n);
  const set = forceAttrs(a);
  const x = set.get(name);
  if (x === undefined) throw missingForCall(name, "getAttr", set);
  return force(x);
});
prim("listToAttrs", 1, ([l]) => {
  const list = forceList(l);
  const names: string[] = [];
  const vals: Lazy[] = [];
  for (let i = 0; i < list.length; i++) {
    const a = forceAttrs(list[i]);
    const n = a.get("name");
    if (n === undefined) throw missingForCall("name", "listToAttrs", a);
    const name = forceStrNoCtx(n);
    const v = a.get("value");
    // a later duplicate is skipped before its value is looked at (the first one wins, see attrsFromUnsorted)
    if (v === undefined && !names.includes(name)) {
      throw missingForCall("value", "listToAttrs", a);
    }
    names.push(name);
    vals.push(v as Lazy);
  }
  return attrsFromUnsorted(names, vals, true);
});
prim("mapAttrs", 2, ([f, a]) => {
  const s = forceAttrs(a);
  const names = s.names;
  const code = applier2Of(force(f), names, s.vals) as (e: never) => Value;
  const vals = new Array<Lazy>(names.length);
  for (let i = 0; i < names.length; i++) vals[i] = new Thunk(code, i);
  return new Attrs(names, vals);
});
prim("removeAttrs", 2, ([a, l]) => {
  const s = forceAttrs(a);
  const drop = new Set(forceList(l).map((x) => forceStr(x)));
  const names: string[] = [];
  const vals: Lazy[] = [];
  for (let i = 0; i < s.size; i++) {
    if (drop.has(s.names[i])) continue;
    names.push(s.names[i]);
    vals.push(s.vals[i]);
  }
  return names.length === s.size ? s : new Attrs(names, vals);
}, true);
prim("intersectAttrs", 2, ([a, b]) => {
  const x = forceAttrs(a);
  const y = forceAttrs(b);
  const names: string[] = [];
  const vals: Lazy[] = [];
  for (let i = 0; i < y.size; i++) {
    if (!x.has(y.names[i])) continue;
    names.push(y.names[i]);
    vals.push(y.vals[i]);
  }
  return new Attrs(names, vals);
});
prim("catAttrs", 2, ([n, l]) => {
  const name = forceStr(n);
  const out: Lazy[] = [];
  for (const x of forceList(l)) {
    const v = forceAttrs(x).get(name);
    if (v !== undefined) out.push(v);
  }
  return out;
});
prim("zipAttrsWith", 2, ([f, l]) => {
  const fv = force(f);
  const acc = new Map<string, Lazy[]>();
  for (const x of forceList(l)) {
    const s = forceAttrs(x);
    for (let i = 0; i < s.size; i++) {
      const k = s.names[i];
      let g = acc.get(k);
      if (!g) acc.set(k, (g = []));
      g.push(s.vals[i]);
    }
  }
  const m = new Map<string, Lazy>();
  for (const [k, vs] of acc) m.set(k, thunkApply2(fv, k, vs));
  return Attrs.fromMap(m);
});
prim("functionArgs", 1, ([f]) => {
  const v = force(f);
  if (v instanceof PrimOp || v instanceof PrimOpApp) return Attrs.empty();
  if (!(v instanceof Lambda)) throw new LangError("type", `'functionArgs' requires a function`);
  const m = new Map<string, Lazy>();
  const fm = v.def.formals;
  if (fm) fm.names.forEach((n, i) => m.set(n, fm.hasDefault[i]));
  return Attrs.fromMap(m);
});
prim("genericClosure", 1, ([args]) => {
  const a = forceAttrs(args);
  const start = a.get("startSet");
  const op = a.get("operator");
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
    const key = ea.get("key");
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
