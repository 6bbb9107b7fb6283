// Printing values exactly as `nix-instantiate --eval` does (Nix syntax, «repeated», <CODE>,
// <LAMBDA>, %g floats) and as `--json` does (outPath for derivations, store paths for paths).
import { LangError } from "./errors.js";
import { formatG } from "./float-format.js";
import { copyPathToStore } from "./coerce.js";
import { callFunction } from "./call.js";
import { coerceToString } from "./coerce.js";
import { Attrs, force, Lambda, NixFloat, NixPath, NixString, PrimOp, PrimOpApp, Thunk, type Lazy, type Value } from "./values.js";

/** C's printf("%g") (ostream default precision 6), as Nix prints floats. */
export const formatFloat = formatG;

/** Nix's printStringValue: a double-quoted string with \", \\, \n, \r, \t, \${ escaped (attribute names: every $). */
export function quoteString(s: string, allDollars = false): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "\\") out += "\\" + c;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (c === "$" && (allDollars || s[i + 1] === "{")) out += "\\$";
    else out += c;
  }
  return out + '"';
}

const KEYWORDS = new Set(["if", "then", "else", "assert", "with", "let", "in", "rec", "inherit"]);
/** Whether an attribute name prints without quotes (Nix's isVarName). */
export function isVarName(s: string): boolean {
  return /^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(s) && !KEYWORDS.has(s);
}

/**
 * Nix keeps lists of one or two elements inside the Value cell itself, so «repeated» for them is
 * about the cell (our thunk, or a fresh cell for the top-level result), not the list.
 */
function printNix(root: Lazy): string {
  const seen = new Set<object>();
  const out: string[] = [];
  const go = (x: Lazy, top = false): void => {
    let cell: object | undefined;
    if (x instanceof Thunk) {
      if (x.v === undefined) {
        out.push("<CODE>");
        return;
      }
      cell = x;
      x = x.v;
    }
    if (Array.isArray(x) && x.length > 0 && x.length <= 2) {
      const key = top ? {} : cell ?? x;
      if (seen.has(key)) out.push("«repeated»");
      else {
        seen.add(key);
        out.push("[ ");
        for (const i of x) {
          go(i);
          out.push(" ");
        }
        out.push("]");
      }
      return;
    }
    const v = x as Value;
    if (v === null) out.push("null");
    else if (v === true) out.push("true");
    else if (v === false) out.push("false");
    else if (typeof v === "number" || typeof v === "bigint") out.push(v.toString());
    else if (typeof v === "string") out.push(quoteString(v));
    else if (v instanceof NixString) out.push(quoteString(v.s));
    else if (v instanceof NixFloat) out.push(formatFloat(v.v));
    else if (v instanceof NixPath) out.push(v.path);
    else if (v instanceof Attrs) {
      if (v.size && seen.has(v)) out.push("«repeated»");
      else {
        seen.add(v);
        out.push("{ ");
        for (let i = 0; i < v.size; i++) {
          const k = v.names[i];
          out.push(isVarName(k) ? k : quoteString(k, true), " = ");
          go(v.vals[i]);
          out.push("; ");
        }
        out.push("}");
      }
    } else if (Array.isArray(v)) {
      if (v.length && seen.has(v)) out.push("«repeated»");
      else {
        seen.add(v);
        out.push("[ ");
        for (const i of v) {
          go(i);
          out.push(" ");
        }
        out.push("]");
      }
    } else if (v instanceof Lambda) out.push("<LAMBDA>");
    else if (v instanceof PrimOp) out.push("<PRIMOP>");
    else if (v instanceof PrimOpApp) out.push("<PRIMOP-APP>");
    else out.push("<UNKNOWN>");
  };
  go(root, true);
  return out.join("");
}

/** JSON string escaping as Nix 2.8's toJSON. */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = c.charCodeAt(0);
    if (c === '"' || c === "\\") out += "\\" + c;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (code < 0x20) out += "\\u" + code.toString(16).padStart(4, "0");
    else out += c;
  }
  return out + '"';
}

/** A value as JSON (Nix's printValueAsJSON); context of strings is added to `ctx`. */
export function toJSON(x: Lazy, ctx: Set<string>, copyToStore = true): string {
  const out: string[] = [];
  const go = (y: Lazy): void => {
    const v = force(y);
    if (v === null) out.push("null");
    else if (v === true) out.push("true");
    else if (v === false) out.push("false");
    else if (typeof v === "number" || typeof v === "bigint") out.push(v.toString());
    else if (typeof v === "string") out.push(jsonString(v));
    else if (v instanceof NixString) {
      for (const c of v.ctx) ctx.add(c);
      out.push(jsonString(v.s));
    } else if (v instanceof NixFloat) out.push(formatFloat(v.v));
    else if (v instanceof NixPath) {
      if (copyToStore) {
        const p = copyPathToStore(v.path);
        ctx.add(p);
        out.push(jsonString(p));
      } else out.push(jsonString(v.path));
    } else if (v instanceof Attrs) {
      const ts = v.get("__toString");
      if (ts !== undefined) {
        out.push(jsonString(coerceToString(callFunction(force(ts), v), ctx, false, false)));
        return;
      }
      const op = v.get("outPath");
      if (op !== undefined) {
        go(op);
        return;
      }
      out.push("{");
      let first = true;
      for (let i = 0; i < v.size; i++) {
        if (!first) out.push(",");
        first = false;
        out.push(jsonString(v.names[i]), ":");
        go(v.vals[i]);
      }
      out.push("}");
    } else if (Array.isArray(v)) {
      out.push("[");
      for (let i = 0; i < v.length; i++) {
        if (i) out.push(",");
        go(v[i]);
      }
      out.push("]");
    } else {
      // Nix 2.8 attaches a frame with this very text to the error (so its --show-trace hint follows)
      throw new LangError("type", "cannot convert a function to JSON").addFrame("message for the trace");
    }
  };
  go(x);
  return out.join("");
}

/** Print a value as nix-instantiate --eval [--strict] [--json] does (without the final newline). */
export function printValue(v: Lazy, opts: { strict: boolean; json: boolean }): string {
  if (opts.json) return toJSON(v, new Set());
  if (opts.strict) deepForceForPrint(v);
  return printNix(v);
}

function deepForceForPrint(x: Lazy): void {
  const seen = new Set<object>();
  const stack: Lazy[] = [x];
  while (stack.length) {
    const v = force(stack.pop()!);
    if (Array.isArray(v)) {
      if (seen.has(v)) continue;
      seen.add(v);
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (v instanceof Attrs) {
      if (seen.has(v)) continue;
      seen.add(v);
      for (const i of v.vals) stack.push(i);
    }
  }
}
