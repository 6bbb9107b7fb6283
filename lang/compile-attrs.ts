// Attribute sets, `rec` sets and `let`: nested attribute paths are merged into a tree at compile
// time exactly as Nix's addAttr does (with its "already defined" errors), then compiled into code
// that builds the Map of (lazy) attribute values; rec/let get one environment frame of slots.
import type { AttrName, Bind, Expr, Pos } from "./ast.js";
import { LangError, showPos } from "./errors.js";
import { forceAttrs } from "./check.js";
import { annotate, attrNameOf, compile, compileLazy, locOf, withLoc, type Cx, type LazyCode, type Scope } from "./compile.js";
import { attrsFromUnsorted, updateAttrs } from "./attrset.js";
import { Attrs, Env, force, forceThunkAt, Thunk, type Code, type Lazy, type Value } from "./values.js";

/** One attribute of a set under construction (see buildTree). */
export type Entry =
  | { t: "expr"; e: Expr; pos: Pos }
  | { t: "inherit"; name: string; pos: Pos; vpos: Pos }
  | { t: "inheritFrom"; from: number; name: string; pos: Pos; vpos: Pos }
  | { t: "tree"; tree: Tree; pos: Pos };

/** The merged attribute tree of `{ … }`, `rec { … }` or `let`. */
export interface Tree {
  rec: boolean;
  statics: Map<string, Entry>;
  dyns: Array<{ name: Expr; value: Entry; pos: Pos }>;
  froms: Expr[];
}

function dupError(path: string, pos: Pos, prev: Pos, cx: Cx): LangError {
  return new LangError("parse", `attribute '${path}' already defined at ${showPos(cx.file, prev)}`, locOf(cx, pos));
}

function showPath(path: AttrName[]): string {
  return path.map((a) => staticName(a) ?? '"${…}"').join(".");
}

function valueEntry(e: Expr, pos: Pos, cx: Cx): Entry {
  if (e.k === "attrs") return { t: "tree", tree: buildTree(e.binds, e.rec, cx, false, e.bpos), pos };
  return { t: "expr", e, pos };
}

function staticName(a: AttrName): string | null {
  if (a.k === "static") return a.name;
  if (a.e.k === "str") return a.e.v;
  return null;
}

function addAttr(tree: Tree, path: AttrName[], e: Expr, pos: Pos, cx: Cx): void {
  let t = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const nm = staticName(path[i]);
    if (nm !== null) {
      const j = t.statics.get(nm);
      if (j) {
        if (j.t !== "tree") throw dupError(showPath(path), pos, j.pos, cx);
        t = j.tree;
      } else {
        const nested: Tree = { rec: false, statics: new Map(), dyns: [], froms: [] };
        t.statics.set(nm, { t: "tree", tree: nested, pos });
        t = nested;
      }
    } else {
      const nested: Tree = { rec: false, statics: new Map(), dyns: [], froms: [] };
      t.dyns.push({ name: (path[i] as { e: Expr }).e, value: { t: "tree", tree: nested, pos }, pos });
      t = nested;
    }
  }
  const last = path[path.length - 1];
  const nm = staticName(last);
  if (nm === null) {
    t.dyns.push({ name: (last as { e: Expr }).e, value: valueEntry(e, pos, cx), pos });
    return;
  }
  const j = t.statics.get(nm);
  if (!j) {
    t.statics.set(nm, valueEntry(e, pos, cx));
    return;
  }
  if (j.t === "tree" && e.k === "attrs") {
    const ae = buildTree(e.binds, e.rec, cx, false, e.bpos);
    for (const [k, v] of ae.statics) {
      const j2 = j.tree.statics.get(k);
      if (j2) throw dupError(k, v.pos, j2.pos, cx);
      if (v.t === "inheritFrom") {
        j.tree.froms.push(ae.froms[v.from]);
        j.tree.statics.set(k, { ...v, from: j.tree.froms.length - 1 });
      } else j.tree.statics.set(k, v);
    }
    return;
  }
  throw dupError(showPath(path), pos, j.pos, cx);
}

/**
 * Merge bindings into a tree as Nix's addAttr does (throws Nix's "already defined" errors). An inherited
 * attribute is positioned where Nix's parser puts it: the attribute right after `inherit` or `(e)`, the
 * variable or selection it stands for at `bpos`, the start of the bindings (right after `{` or `let`).
 */
export function buildTree(binds: Bind[], rec: boolean, cx: Cx, isLet: boolean, bpos: Pos): Tree {
  const tree: Tree = { rec, statics: new Map(), dyns: [], froms: [] };
  for (const b of binds) {
    if (b.k === "def") {
      if (isLet && b.path.some((a) => staticName(a) === null)) {
        throw new LangError("parse", "dynamic attributes not allowed in let", locOf(cx, b.pos));
      }
      addAttr(tree, b.path, b.e, b.pos, cx);
      continue;
    }
    let fromIdx = -1;
    if (b.from) {
      tree.froms.push(b.from);
      fromIdx = tree.froms.length - 1;
    }
    for (const a of b.names) {
      const nm = staticName(a);
      if (nm === null) throw new LangError("parse", "dynamic attributes not allowed in inherit", locOf(cx, a.pos));
      const prev = tree.statics.get(nm);
      if (prev) throw dupError(nm, b.apos, prev.pos, cx);
      tree.statics.set(nm, fromIdx < 0
        ? { t: "inherit", name: nm, pos: b.apos, vpos: bpos }
        : { t: "inheritFrom", from: fromIdx, name: nm, pos: b.apos, vpos: bpos });
    }
  }
  return tree;
}

/** A value producer for one attribute: gets the frame for the set's values, the outer frame and the inherit-from thunks. */
type AttrCode = (inner: Env, outer: Env, froms: Thunk[]) => Lazy;

function selectFrom(from: Thunk, name: string, cx: Cx, pos: Pos): Value {
  return withLoc(locOf(cx, pos), null, () => {
    const a = forceAttrs(from);
    const x = a.get(name);
    if (x === undefined) throw new LangError("eval", `attribute '${name}' missing`, locOf(cx, pos));
    if (!(x instanceof Thunk)) return x;
    // as a selection: a black hole is reported at the attribute's position in the set it comes from
    const p = a.pos?.at.get(name);
    return forceThunkAt(x, p !== undefined ? { file: a.pos!.file, pos: p } : locOf(cx, pos));
  });
}

function entryCode(en: Entry, name: string, inner: Scope, outer: Scope, cx: Cx): AttrCode {
  switch (en.t) {
    case "expr": {
      const c: LazyCode = compileLazy(en.e, inner, cx, name);
      return (ie) => c(ie);
    }
    case "tree": {
      const c = compileTree(en.tree, inner, cx);
      return (ie) => new Thunk(c, ie);
    }
    case "inherit": {
      const c = compileLazy({ k: "var", name: en.name, pos: en.vpos }, outer, cx);
      return (_ie, oe) => c(oe);
    }
    case "inheritFrom": {
      const idx = en.from;
      const nm = en.name;
      const pos = en.vpos;
      return (_ie, _oe, froms) => new Thunk(() => selectFrom(froms[idx], nm, cx, pos), null);
    }
  }
}

interface Compiled {
  keys: string[];
  codes: AttrCode[];
  froms: Code[];
  dyns: Array<{ name: Code; value: AttrCode; pos: Pos }>;
  scope: Scope;
}

function compileParts(tree: Tree, sc: Scope, cx: Cx): Compiled {
  // sorted, so a set's values can be built in its final order (and a rec set's frame is that order)
  const keys = [...tree.statics.keys()].sort();
  const scope: Scope = tree.rec ? { up: sc, names: new Map(keys.map((k, i) => [k, i])) } : sc;
  const codes = keys.map((k) => entryCode(tree.statics.get(k)!, k, scope, sc, cx));
  const froms = tree.froms.map((f) => compile(f, scope, cx));
  const dyns = tree.dyns.map((d) => ({
    name: compile(d.name, scope, cx),
    value: entryCode(d.value, "", scope, sc, cx),
    pos: d.pos,
  }));
  return { keys, codes, froms, dyns, scope };
}

function makeFroms(c: Compiled, env: Env): Thunk[] {
  return c.froms.length ? c.froms.map((f) => new Thunk(f, env)) : NO_FROMS;
}
const NO_FROMS: Thunk[] = [];

function compileTree(tree: Tree, sc: Scope, cx: Cx): Code {
  const c = compileParts(tree, sc, cx);
  const { keys, codes, dyns } = c;
  const n = keys.length;
  const rec = tree.rec;
  const posInfo = { file: cx.file, at: new Map(keys.map((k) => [k, tree.statics.get(k)!.pos])) };
  const overIdx = rec ? keys.indexOf("__overrides") : -1;
  const overPos = overIdx >= 0 ? tree.statics.get("__overrides")!.pos : 0;
  const noDyns = dyns.length === 0 && overIdx < 0;
  const dynLocs = dyns.map((d) => locOf(cx, d.pos));
  return (env) => {
    // a rec set's frame doubles as its value array (forcing a slot there is forcing the attribute)
    const vals = new Array<Lazy>(n);
    const inner = rec ? new Env(env, vals) : env;
    const froms = makeFroms(c, inner);
    for (let i = 0; i < n; i++) vals[i] = codes[i](inner, env, froms);
    const set = new Attrs(keys, vals, posInfo);
    return noDyns ? set : addDynamic(set, inner, env, froms);
  };
  function addDynamic(statics: Attrs, inner: Env, env: Env, froms: Thunk[]): Attrs {
    let set = statics;
    if (overIdx >= 0) {
      const ov = withLoc(locOf(cx, overPos), null, () => forceAttrs(inner.v[overIdx]));
      for (let j = 0; j < ov.size; j++) {
        const i = statics.indexOf(ov.names[j]);
        if (i >= 0) inner.v[i] = ov.vals[j];
      }
      // the frame was the value array: the merged set gets its own
      set = updateAttrs(new Attrs(keys, inner.v.slice()), ov);
    }
    // statics (or statics // __overrides) and the dynamic attributes, sorted once at the end
    const dn = set.names.slice();
    const dv = set.vals.slice();
    const nStatic = dn.length;
    // a few dynamic names are checked against each other by a scan, many through a set
    const seen = dyns.length > 8 ? new Set<string>() : undefined;
    for (let k = 0; k < dyns.length; k++) {
      const d = dyns[k];
      const loc = dynLocs[k];
      const nv = force(d.name(inner));
      if (nv === null) continue;
      let nm: string;
      try {
        nm = attrNameOf(nv);
      } catch (e) {
        throw annotate(e, loc, null);
      }
      if (set.has(nm) || (seen ? seen.has(nm) : dn.indexOf(nm, nStatic) >= 0)) {
        throw new LangError("eval", `dynamic attribute '${nm}' already defined at ${showPos(cx.file, firstPos(set, nm, inner, k))}`, loc);
      }
      seen?.add(nm);
      dn.push(nm);
      dv.push(d.value(inner, env, froms));
    }
    return attrsFromUnsorted(dn, dv, true, posInfo);
  }
  /** Where `nm` was first defined: a static attribute, or one of the first `k` dynamic ones (names evaluated again). */
  function firstPos(set: Attrs, nm: string, inner: Env, k: number): Pos {
    const p = set.pos?.at.get(nm);
    if (p !== undefined) return p;
    for (let j = 0; j < k; j++) {
      const nv = force(dyns[j].name(inner));
      if (nv !== null && attrNameOf(nv) === nm) return dyns[j].pos;
    }
    return dyns[k].pos;
  }
}

/** `{ … }` or `rec { … }` (`bpos`: where its bindings start, see buildTree). */
export function compileAttrs(binds: Bind[], rec: boolean, bpos: Pos, sc: Scope, cx: Cx): Code {
  return compileTree(buildTree(binds, rec, cx, false, bpos), sc, cx);
}

/** `let … in body` (`bpos`: where its bindings start, see buildTree). */
export function compileLet(binds: Bind[], body: Expr, bpos: Pos, sc: Scope, cx: Cx): Code {
  const tree = buildTree(binds, true, cx, true, bpos);
  const c = compileParts(tree, sc, cx);
  const { keys, codes } = c;
  const n = keys.length;
  const bodyCode = compile(body, c.scope, cx);
  return (env) => {
    const inner = new Env(env, new Array<Lazy>(n));
    const froms = makeFroms(c, inner);
    for (let i = 0; i < n; i++) inner.v[i] = codes[i](inner, env, froms);
    return bodyCode(inner);
  };
}

/** Legacy `let { …; body = …; }`: a rec set whose `body` attribute is the value. */
export function compileLetAttrs(binds: Bind[], pos: Pos, bpos: Pos, sc: Scope, cx: Cx): Code {
  const set = compileTree(buildTree(binds, true, cx, false, bpos), sc, cx);
  const loc = locOf(cx, pos);
  return (env) => {
    const a = set(env) as Attrs;
    const b = a.get("body");
    if (b === undefined) throw new LangError("eval", "attribute 'body' missing", loc);
    return force(b);
  };
}
