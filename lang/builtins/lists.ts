// List builtins: map, filter, foldl', length, elemAt, head, tail, concatLists, concatMap, elem,
// genList, sort, partition, groupBy, all, any.
import { prim } from "./registry.js";
import { LangError } from "../errors.js";
import { applierOf, callFunction, callFunction2 } from "../call.js";
import { forceBool, forceFunction, forceList, forceSmallInt, forceStr } from "../check.js";
import { eqValues } from "../ops.js";
import { Attrs, force, Thunk, type Lazy, type Value } from "../values.js";

prim("map", 2, ([f, l]) => {
  const list = forceList(l);
  const code = applierOf(force(f)) as (e: never) => Value;
  const out = new Array<Lazy>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = new Thunk(code, list[i]);
  return out;
}, true);
prim("filter", 2, ([f, l]) => {
  const fv = forceFunction(f);
  return forceList(l).filter((x) => forceBool(callFunction(fv, x)));
});
prim("foldl'", 3, ([f, z, l]) => {
  const list = forceList(l);
  const fv = forceFunction(f);
  let acc: Lazy = z;
  for (let i = 0; i < list.length; i++) acc = callFunction2(fv, acc, list[i]);
  return force(acc);
});
prim("length", 1, ([l]) => forceList(l).length);
prim("elemAt", 2, ([l, n]) => {
  const list = forceList(l);
  const i = forceSmallInt(n);
  if (i < 0 || i >= list.length) throw new LangError("eval", `list index ${i} is out of bounds`);
  return force(list[i]);
});
prim("head", 1, ([l]) => {
  const list = forceList(l);
  if (!list.length) throw new LangError("eval", "list index 0 is out of bounds");
  return force(list[0]);
});
prim("tail", 1, ([l]) => {
  const list = forceList(l);
  if (!list.length) throw new LangError("eval", "'tail' called on an empty list");
  return list.slice(1);
});
prim("concatLists", 1, ([l]) => {
  const out: Lazy[] = [];
  for (const x of forceList(l)) for (const y of forceList(x)) out.push(y);
  return out;
});
prim("concatMap", 2, ([f, l]) => {
  const fv = forceFunction(f);
  const out: Lazy[] = [];
  for (const x of forceList(l)) {
    const r = callFunction(fv, x);
    let ys: Lazy[];
    try {
      ys = forceList(r);
    } catch (e) {
      if (e instanceof LangError) e.addFrame("while invoking 'concatMap'");
      throw e;
    }
    for (const y of ys) out.push(y);
  }
  return out;
});
prim("elem", 2, ([x, l]) => {
  const v = force(x);
  return forceList(l).some((y) => eqValues(v, force(y)));
});
prim("genList", 2, ([f, n]) => {
  const len = forceSmallInt(n);
  if (len < 0) throw new LangError("eval", `cannot create list of size ${len}`);
  const code = applierOf(force(f)) as (e: never) => Value;
  const out = new Array<Lazy>(len);
  for (let i = 0; i < len; i++) out[i] = new Thunk(code, i);
  return out;
});
prim("sort", 2, ([f, l]) => {
  const fv = forceFunction(f);
  const list = forceList(l).slice();
  for (const x of list) force(x);
  // stable merge sort with the user's strict-weak-order "less than"
  const lt = (a: Lazy, b: Lazy): boolean => forceBool(callFunction2(fv, a, b));
  const tmp = new Array<Lazy>(list.length);
  const sortRange = (lo: number, hi: number): void => {
    if (hi - lo < 2) return;
    const mid = (lo + hi) >>> 1;
    sortRange(lo, mid);
    sortRange(mid, hi);
    let i = lo;
    let j = mid;
    let k = lo;
    while (i < mid && j < hi) tmp[k++] = lt(list[j], list[i]) ? list[j++] : list[i++];
    while (i < mid) tmp[k++] = list[i++];
    while (j < hi) tmp[k++] = list[j++];
    for (let t = lo; t < hi; t++) list[t] = tmp[t];
  };
  sortRange(0, list.length);
  return list;
});
prim("partition", 2, ([f, l]) => {
  const fv = forceFunction(f);
  const right: Lazy[] = [];
  const wrong: Lazy[] = [];
  for (const x of forceList(l)) (forceBool(callFunction(fv, x)) ? right : wrong).push(x);
  return Attrs.fromEntries([["right", right], ["wrong", wrong]]);
});
prim("groupBy", 2, ([f, l]) => {
  const fv = forceFunction(f);
  const groups = new Map<string, Lazy[]>();
  for (const x of forceList(l)) {
    const k = forceStr(callFunction(fv, x));
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(x);
  }
  return Attrs.fromEntries(groups);
});
prim("all", 2, ([f, l]) => {
  const fv = forceFunction(f);
  return forceList(l).every((x) => forceBool(callFunction(fv, x)));
});
prim("any", 2, ([f, l]) => {
  const fv = forceFunction(f);
  return forceList(l).some((x) => forceBool(callFunction(fv, x)));
});
