// String-context builtins: getContext, hasContext, unsafeDiscardStringContext,
// unsafeDiscardOutputDependency, appendContext.
import { prim } from "./registry.js";
import { forceAttrs, forceStrValue, mkStr, forceStr, forceBool, forceList } from "../check.js";
import { Attrs, force, NixString, type Lazy } from "../values.js";
import { LangError } from "../errors.js";
import { st } from "../state.js";

prim("hasContext", 1, ([s]) => forceStrValue(s) instanceof NixString);
prim("unsafeDiscardStringContext", 1, ([s]) => {
  const v = forceStrValue(s);
  return typeof v === "string" ? v : v.s;
});
prim("unsafeDiscardOutputDependency", 1, ([s]) => {
  const v = forceStrValue(s);
  if (typeof v === "string") return v;
  return mkStr(v.s, new Set([...v.ctx].map((c) => (c.startsWith("=") ? c.slice(1) : c))));
});
prim("getContext", 1, ([s]) => {
  const v = forceStrValue(s);
  const info = new Map<string, { path: boolean; all: boolean; outputs: string[] }>();
  const get = (p: string) => {
    let i = info.get(p);
    if (!i) info.set(p, (i = { path: false, all: false, outputs: [] }));
    return i;
  };
  for (const c of typeof v === "string" ? [] : v.ctx) {
    if (c.startsWith("=")) get(c.slice(1)).all = true;
    else if (c.startsWith("!")) {
      const j = c.indexOf("!", 1);
      get(c.slice(j + 1)).outputs.push(c.slice(1, j));
    } else get(c).path = true;
  }
  const m = new Map<string, Lazy>();
  for (const [p, i] of info) {
    const a = new Map<string, Lazy>();
    if (i.path) a.set("path", true);
    if (i.all) a.set("allOutputs", true);
    if (i.outputs.length) a.set("outputs", i.outputs.sort());
    m.set(p, Attrs.fromMap(a));
  }
  return Attrs.fromMap(m);
});
prim("appendContext", 2, ([s, c]) => {
  const v = forceStrValue(s);
  const ctx = new Set<string>(typeof v === "string" ? [] : v.ctx);
  const ca = forceAttrs(c);
  for (let ci = 0; ci < ca.size; ci++) {
    const p = ca.names[ci];
    const infoL = ca.vals[ci];
    if (!p.startsWith(st().store.storeDir + "/")) throw new LangError("eval", `Context key '${p}' is not a store path`);
    const info = forceAttrs(infoL);
    const path = info.get("path");
    if (path !== undefined && forceBool(path)) ctx.add(p);
    const all = info.get("allOutputs");
    if (all !== undefined && forceBool(all)) ctx.add("=" + p);
    const outs = info.get("outputs");
    if (outs !== undefined) for (const o of forceList(outs)) ctx.add(`!${forceStr(o)}!${p}`);
  }
  void force;
  return mkStr(typeof v === "string" ? v : v.s, ctx);
});
