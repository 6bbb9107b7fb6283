// Nix 2.8's source rendering of an expression (Expr::show, what `nix-instantiate --parse` prints and what
// "assertion '…' failed" quotes): fully parenthesised, operators as Nix desugars them (`a - b` is
// `(__sub a b)`, `a <= b` is `(! (__lessThan b a))`), nested attribute paths merged into sets. Checked
// against `nix-instantiate --parse` (test/lang/show-expr.test.ts).
import { homedir } from "node:os";
import { resolve } from "node:path";
import type { AttrName, Bind, Expr } from "./ast.js";
import { formatG } from "./float-format.js";

/** Directory relative paths are resolved against while showing (Nix shows paths absolute). */
let baseDir = "/";

function showPath(v: string, keepSlash: boolean): string {
  const abs = v.startsWith("~/") ? homedir() + v.slice(1) : resolve(baseDir, v);
  return keepSlash && v.endsWith("/") && !abs.endsWith("/") ? abs + "/" : abs;
}

/** A string literal as Nix shows it: `"`, `\`, `$` escaped, newline, CR and tab as \n \r \t. */
export function showString(s: string): string {
  let out = '"';
  for (const c of s) {
    if (c === '"' || c === "\\" || c === "$") out += "\\" + c;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else out += c;
  }
  return out + '"';
}

const IDENT = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;
const showName = (n: string): string => (IDENT.test(n) ? n : showString(n));

function showAttrPath(path: AttrName[]): string {
  return path.map((a) => (a.k === "static" ? showName(a.name) : `"\${${showExpr(a.e)}}"`)).join(".");
}

/** Attribute definitions after Nix's merging of `a.b = …; a.c = …;` into nested sets. */
interface Defs {
  statics: Map<string, { e: Expr | Defs; inherited: boolean }>;
  dynamics: Array<[Expr, Expr | Defs]>;
}

function collect(binds: Bind[]): Defs {
  const root: Defs = { statics: new Map(), dynamics: [] };
  for (const b of binds) {
    if (b.k === "inherit") {
      for (const n of b.names) {
        if (n.k !== "static") continue;
        const e: Expr = b.from
          ? { k: "select", e: b.from, path: [n], def: null, pos: b.pos }
          : { k: "var", name: n.name, pos: b.pos };
        root.statics.set(n.name, { e, inherited: !b.from });
      }
      continue;
    }
    let at = root;
    b.path.forEach((n, i) => {
      const last = i === b.path.length - 1;
      const value: Expr | Defs = last ? b.e : { statics: new Map(), dynamics: [] };
      if (n.k === "dyn" && n.e.k === "str") n = { k: "static", name: n.e.v, pos: n.pos }; // "${"b"}" is b
      if (n.k === "dyn") {
        at.dynamics.push([n.e, value]);
        if (!last) at = value as Defs;
        return;
      }
      const prev = at.statics.get(n.name);
      if (!last) {
        if (prev && !("k" in prev.e)) at = prev.e;
        else at.statics.set(n.name, { e: value, inherited: false }), (at = value as Defs);
      } else if (prev && !("k" in prev.e) && b.e.k === "attrs" && !b.e.rec) {
        const inner = collect(b.e.binds);
        for (const [k, v] of inner.statics) prev.e.statics.set(k, v);
        prev.e.dynamics.push(...inner.dynamics);
      } else at.statics.set(n.name, { e: value, inherited: false });
    });
  }
  return root;
}

const showValue = (v: Expr | Defs): string => ("k" in v ? showExpr(v) : showDefs(v, false, true));

function showDefs(d: Defs, rec: boolean, sorted: boolean): string {
  let out = rec ? "rec { " : "{ ";
  const names = [...d.statics.keys()];
  if (sorted) names.sort();
  for (const n of names) {
    const v = d.statics.get(n)!;
    out += v.inherited ? `inherit ${showName(n)} ; ` : `${showName(n)} = ${showValue(v.e)}; `;
  }
  for (const [k, v] of d.dynamics) out += `"\${${showExpr(k)}}" = ${showValue(v)}; `;
  return out + "}";
}

function showLet(binds: Bind[]): string {
  let out = "";
  for (const [n, v] of collect(binds).statics) out += v.inherited ? `inherit ${showName(n)}; ` : `${showName(n)} = ${showValue(v.e)}; `;
  return out;
}

const DESUGARED: Record<string, (a: string, b: string) => string> = {
  "-": (a, b) => `(__sub ${a} ${b})`,
  "*": (a, b) => `(__mul ${a} ${b})`,
  "/": (a, b) => `(__div ${a} ${b})`,
  "<": (a, b) => `(__lessThan ${a} ${b})`,
  ">": (a, b) => `(__lessThan ${b} ${a})`,
  "<=": (a, b) => `(! (__lessThan ${b} ${a}))`,
  ">=": (a, b) => `(! (__lessThan ${a} ${b}))`,
};

function showParts(parts: Array<Expr | { k: "lit"; v: string }>): string {
  const shown = parts.map((p) => (p.k === "lit" ? showString(p.v) : showExpr(p)));
  return `(${shown.join(" + ")})`;
}

/** How Nix 2.8 prints the expression `e` (its Expr::show); relative paths are shown resolved against `base`. */
export function showExpr(e: Expr, base?: string): string {
  if (base === undefined) return show(e);
  const saved = baseDir;
  baseDir = base;
  try {
    return show(e);
  } finally {
    baseDir = saved;
  }
}

function show(e: Expr): string {
  switch (e.k) {
    case "int": return e.v;
    case "float": return formatG(e.v);
    case "str": return showString(e.v);
    case "strcat": return showParts(e.parts);
    case "indstr": {
      const parts = e.parts.filter((p) => p.k !== "lit" || p.v !== "");
      return parts.length === 1 && parts[0].k === "lit" ? showString(parts[0].v) : showParts(parts);
    }
    case "path": return showPath(e.v, false);
    case "pathcat": return `(${[e.head.k === "path" ? showPath(e.head.v, true) : show(e.head), ...e.parts.map(show)].join(" + ")})`;
    case "spath": return `(__findFile __nixPath ${showString(e.v.startsWith("<") ? e.v.slice(1, -1) : e.v)})`;
    case "var": return e.name;
    case "curpos": return "__curPos";
    case "select": return `(${showExpr(e.e)}).${showAttrPath(e.path)}${e.def ? ` or (${showExpr(e.def)})` : ""}`;
    case "has": return `((${showExpr(e.e)}) ? ${showAttrPath(e.path)})`;
    case "app": {
      const args: Expr[] = [];
      let f: Expr = e;
      while (f.k === "app") args.unshift(f.arg), (f = f.f);
      return `(${[f, ...args].map((x) => show(x)).join(" ")})`;
    }
    case "binop": {
      const d = DESUGARED[e.op];
      return d ? d(showExpr(e.a), showExpr(e.b)) : `(${showExpr(e.a)} ${e.op} ${showExpr(e.b)})`;
    }
    case "not": return `(! ${showExpr(e.e)})`;
    case "neg": return `(__sub 0 ${showExpr(e.e)})`;
    case "attrs": return showDefs(collect(e.binds), e.rec, true);
    case "letattrs": return `(${showDefs(collect(e.binds), true, true)}).body`;
    case "list": return `[ ${e.items.map((i) => `(${showExpr(i)}) `).join("")}]`;
    case "lambda": {
      let head = e.arg ?? "";
      if (e.formals) {
        const fs = e.formals.map((f) => (f.def ? `${f.name} ? ${showExpr(f.def)}` : f.name));
        if (e.ellipsis) fs.push("...");
        const set = `{ ${fs.join(", ")} }`;
        head = e.arg ? `${set} @ ${e.arg}` : set;
      }
      return `(${head}: ${showExpr(e.body)})`;
    }
    case "let": return `(let ${showLet(e.binds)}in ${showExpr(e.body)})`;
    case "with": return `(with ${showExpr(e.e)}; ${showExpr(e.body)})`;
    case "assert": return `assert ${showExpr(e.cond)}; ${showExpr(e.body)}`;
    case "if": return `(if ${showExpr(e.c)} then ${showExpr(e.t)} else ${showExpr(e.e)})`;
  }
}
