// Turns the raw nearley result into the final ast.ts tree: cons lists become arrays, collected
// right-associative chains (->, //, ++) become nested binops, indented strings get Nix's
// indentation stripping, integer literals are range-checked. Builds a new tree; inputs untouched.
import type { Expr } from "./ast.js";
import { LangError } from "./errors.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Raw = any;

function consToArray(c: Raw): Raw[] {
  const out: Raw[] = [];
  while (c && c.$c !== undefined) {
    out.push(c.x);
    c = c.$c;
  }
  return out.reverse();
}

const MAX_INT = 9223372036854775807n;

/** Finish a raw parse result into an Expr. */
export function finishTree(raw: Raw, file: string): Expr {
  const fin = (n: Raw): Raw => {
    if (n === null || typeof n !== "object") return n;
    if (Array.isArray(n)) return n.map(fin);
    if (n.$n) return [];
    if (n.$c !== undefined) return consToArray(n).map(fin);
    switch (n.k) {
      case "binop":
      case "app": {
        // left-nested chains (a + b + …, f x y …) are walked iteratively: no deep JS recursion
        const spine: Raw[] = [];
        let x = n;
        while (x && x.k === n.k && (n.k === "app" || x.op === n.op)) {
          spine.push(x);
          x = n.k === "app" ? x.f : x.a;
        }
        let acc = fin(x);
        for (let i = spine.length - 1; i >= 0; i--) {
          const s = spine[i];
          acc = n.k === "app"
            ? { k: "app", f: acc, arg: fin(s.arg), pos: s.pos }
            : { k: "binop", op: s.op, a: acc, b: fin(s.b), pos: s.pos };
        }
        return acc;
      }
      case "rchain": {
        const raw = consToArray(n.items);
        const items = raw.map(fin);
        let e = items[items.length - 1];
        // an operator's position is where its left operand starts, a parenthesis included (see grammar-actions.ts)
        for (let i = items.length - 2; i >= 0; i--) e = { k: "binop", op: n.op, a: items[i], b: e, pos: raw[i].sp ?? items[i].pos };
        return e;
      }
      case "indstr":
        return stripIndentation(consToArray(n.parts).map(fin), n.pos);
      case "float": {
        const v: number = n.v;
        if (!Number.isFinite(v) || (v !== 0 && Math.abs(v) < 2.2250738585072014e-308)) {
          throw new LangError("parse", `invalid float '${n.raw ?? n.v}'`, { file, pos: n.pos });
        }
        return { k: "float", v, pos: n.pos };
      }
      case "int":
        if (BigInt(n.v) > MAX_INT) throw new LangError("parse", `invalid integer '${n.v}'`, { file, pos: n.pos });
        return n.sp === undefined ? n : { k: "int", v: n.v, pos: n.pos };
    }
    const out: Raw = {};
    for (const key of Object.keys(n)) if (key !== "sp") out[key] = fin(n[key]);
    return out;
  };
  return fin(raw) as Expr;
}

/** Nix 2.8's stripIndentation (parser.y): drop the common leading spaces of an indented string. */
function stripIndentation(parts: Raw[], pos: number): Expr {
  if (parts.length === 0) return { k: "str", v: "", pos };
  let atStart = true;
  let minIndent = 1000000;
  let cur = 0;
  for (const p of parts) {
    if (p.k !== "lit" || p.escaped) {
      if (atStart) {
        atStart = false;
        if (cur < minIndent) minIndent = cur;
      }
      continue;
    }
    const s: string = p.v;
    for (let j = 0; j < s.length; j++) {
      if (atStart) {
        if (s[j] === " ") cur++;
        else if (s[j] === "\n") cur = 0;
        else {
          atStart = false;
          if (cur < minIndent) minIndent = cur;
        }
      } else if (s[j] === "\n") {
        atStart = true;
        cur = 0;
      }
    }
  }
  const out: Expr[] = [];
  atStart = true;
  let dropped = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.k !== "lit") {
      atStart = false;
      dropped = 0;
      out.push(p);
      continue;
    }
    const s: string = p.v;
    let s2 = "";
    for (let j = 0; j < s.length; j++) {
      const c = s[j];
      if (atStart) {
        if (c === " ") {
          if (dropped++ >= minIndent) s2 += c;
        } else if (c === "\n") {
          dropped = 0;
          s2 += c;
        } else {
          atStart = false;
          dropped = 0;
          s2 += c;
        }
      } else {
        s2 += c;
        if (c === "\n") atStart = true;
      }
    }
    if (i === parts.length - 1) {
      const nl = s2.lastIndexOf("\n");
      if (nl >= 0 && /^ *$/.test(s2.slice(nl + 1))) s2 = s2.slice(0, nl + 1);
    }
    const prev = out[out.length - 1];
    if (prev && prev.k === "str") out[out.length - 1] = { k: "str", v: prev.v + s2, pos };
    else out.push({ k: "str", v: s2, pos });
  }
  if (out.length === 1 && out[0].k === "str") return out[0];
  return { k: "strcat", parts: out, pos };
}

/** Source text of the finishing code, part of the parse-cache fingerprint. */
export function finishSource(): string {
  return [finishTree, stripIndentation, consToArray].map(String).join("\n");
}
