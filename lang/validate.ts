// The compile-time checks of a whole file, done eagerly before the lazy compilation of function
// bodies and attribute values: undefined variables, duplicate formals, Nix's attribute-merging
// errors. Nix reports these at parse time for the whole file, so tk must too.
import type { Expr } from "./ast.js";
import { LangError } from "./errors.js";
import { buildTree, type Entry, type Tree } from "./compile-attrs.js";
import { locOf, type Cx, type Scope } from "./compile.js";
import { resolveStatic } from "./compile-vars.js";

function checkVar(name: string, pos: number, sc: Scope, cx: Cx): void {
  if (!resolveStatic(name, sc)) throw new LangError("eval", `undefined variable '${name}'`, locOf(cx, pos));
}

function validateTree(tree: Tree, sc: Scope, cx: Cx): Scope {
  const inner: Scope = tree.rec ? { up: sc, names: new Map([...tree.statics.keys()].map((k, i) => [k, i])) } : sc;
  const entry = (en: Entry): void => {
    switch (en.t) {
      case "expr":
        validate(en.e, inner, cx);
        break;
      case "tree":
        validateTree(en.tree, inner, cx);
        break;
      case "inherit":
        checkVar(en.name, en.vpos, sc, cx);
        break;
    }
  };
  for (const en of tree.statics.values()) entry(en);
  for (const f of tree.froms) validate(f, inner, cx);
  for (const d of tree.dyns) {
    validate(d.name, inner, cx);
    entry(d.value);
  }
  return inner;
}

/** Check an expression in a scope; throws the first compile-time error, as compiling it would. */
export function validate(e: Expr, sc: Scope, cx: Cx): void {
  for (;;) {
    switch (e.k) {
      case "int":
      case "float":
      case "str":
      case "path":
      case "spath":
      case "curpos":
        return;
      case "var":
        return checkVar(e.name, e.pos, sc, cx);
      case "strcat":
        for (const p of e.parts) validate(p, sc, cx);
        return;
      case "indstr":
        return;
      case "pathcat":
        for (const p of e.parts) validate(p, sc, cx);
        return;
      case "select":
        for (const p of e.path) if (p.k === "dyn") validate(p.e, sc, cx);
        if (e.def) validate(e.def, sc, cx);
        e = e.e;
        continue;
      case "has":
        for (const p of e.path) if (p.k === "dyn") validate(p.e, sc, cx);
        e = e.e;
        continue;
      case "app": {
        // left-nested application spines are walked iteratively
        let f: Expr = e;
        while (f.k === "app") {
          validate(f.arg, sc, cx);
          f = f.f;
        }
        e = f;
        continue;
      }
      case "binop": {
        let x: Expr = e;
        // a + b + … nests to the left, // and ++ chains to the right
        while (x.k === "binop") {
          if (x.a.k === "binop" && x.a.op === x.op) {
            validate(x.b, sc, cx);
            x = x.a;
          } else {
            validate(x.a, sc, cx);
            x = x.b;
          }
        }
        e = x;
        continue;
      }
      case "not":
      case "neg":
        e = e.e;
        continue;
      case "list":
        for (const i of e.items) validate(i, sc, cx);
        return;
      case "attrs":
        validateTree(buildTree(e.binds, e.rec, cx, false, e.bpos), sc, cx);
        return;
      case "letattrs":
        validateTree(buildTree(e.binds, true, cx, false, e.bpos), sc, cx);
        return;
      case "let": {
        const inner = validateTree(buildTree(e.binds, true, cx, true, e.bpos), sc, cx);
        sc = inner;
        e = e.body;
        continue;
      }
      case "lambda": {
        const names = new Map<string, number>();
        if (e.arg !== null) names.set(e.arg, 0);
        for (const f of e.formals ?? []) {
          if (names.has(f.name)) throw new LangError("parse", `duplicate formal function argument '${f.name}'`, locOf(cx, f.pos));
          names.set(f.name, names.size);
        }
        const inner: Scope = { up: sc, names };
        for (const f of e.formals ?? []) if (f.def) validate(f.def, inner, cx);
        sc = inner;
        e = e.body;
        continue;
      }
      case "with":
        validate(e.e, sc, cx);
        sc = { up: sc, names: null };
        e = e.body;
        continue;
      case "assert":
        validate(e.cond, sc, cx);
        e = e.body;
        continue;
      case "if":
        validate(e.c, sc, cx);
        validate(e.t, sc, cx);
        e = e.e;
        continue;
    }
  }
}
