// How `tk repl` shows values, as Nix 2.8's `nix repl` does: every value shown is forced; sets and
// lists to a depth (1 for a plain input, unlimited for `:p`), deeper ones as `{ ... }` / `[ ... ]`;
// sets and lists seen before as «repeated»; derivations as «derivation DRVPATH»; functions as
// «lambda @ FILE:LINE:COL», «primop», «primop-app»; an attribute or element whose evaluation throws
// (`throw`, `assert`) as «error: MESSAGE», other errors end the whole output. Strings escape only
// `"`, `\`, newline, CR and tab (not `${`, unlike nix-instantiate). Colours as Nix's (ANSI) when
// asked for; `:t` descriptions as Nix's showType.
import { LangError } from "../lang/errors.js";
import { formatG } from "../lang/float-format.js";
import { isDerivation } from "../lang/ops.js";
import { forceStr } from "../lang/check.js";
import { posCol, posLine } from "../lang/ast.js";
import { SESSION_INPUT } from "../lang/session.js";
import { Attrs, force, Lambda, NixFloat, NixPath, NixString, PrimOp, PrimOpApp, showType, Thunk, type Lazy, type Value } from "../lang/values.js";

const ANSI = { normal: "\x1b[0m", bold: "\x1b[1m", red: "\x1b[31;1m", green: "\x1b[32;1m", blue: "\x1b[34;1m", magenta: "\x1b[35;1m", cyan: "\x1b[36;1m" };

/** How deep and in colour or not. */
export interface ReplPrintOptions {
  /** Levels of sets/lists shown (Infinity for `:p`). */
  maxDepth: number;
  /** ANSI colours, as nix repl prints them. */
  color: boolean;
}

/** nix repl's isVarName: attribute names shown without quotes (keywords included, unlike nix-instantiate). */
export function replIsVarName(s: string): boolean {
  return /^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(s);
}

/** nix repl's printStringValue: quotes, escaping `"`, `\`, newline, CR and tab only. */
export function replString(s: string): string {
  return '"' + s.replace(/["\\\n\r\t]/g, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : "\\" + c)) + '"';
}

/** An error that ended printing, with what had been printed before it (nix repl shows that part). */
export class ReplPrintError extends Error {
  constructor(
    readonly partial: string,
    readonly error: unknown,
  ) {
    super("printing stopped by an error");
  }
}

/**
 * Prints a value as nix repl does (forcing what it shows). An error other than a throw or assert
 * is thrown as ReplPrintError when something was already printed, else as it is.
 */
export function replPrint(x: Lazy, opts: ReplPrintOptions): string {
  const c = (code: keyof typeof ANSI, text: string): string => (opts.color ? ANSI[code] + text + ANSI.normal : text);
  const seen = new Set<object>();
  const out: string[] = [];
  const child = (y: Lazy, depth: number): void => {
    const key = cellOf(y);
    if (key !== undefined && seen.has(key)) {
      out.push("«repeated»");
      return;
    }
    const mark = out.length;
    try {
      go(y, depth);
    } catch (e) {
      if (!(e instanceof LangError) || (e.kind !== "throw" && e.kind !== "assert")) throw e;
      out.length = mark;
      out.push(c("red", `«error: ${e.message}»`));
    }
  };
  const go = (y: Lazy, depth: number): void => {
    const key = cellOf(y);
    const v = force(y);
    if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "bigint") out.push(c("cyan", String(v)));
    else if (typeof v === "string" || v instanceof NixString) out.push(c("magenta", replString(typeof v === "string" ? v : v.s)));
    else if (v instanceof NixPath) out.push(c("green", v.path));
    else if (v instanceof NixFloat) out.push(formatG(v.v));
    else if (v instanceof Lambda) {
      const file = v.def.file === SESSION_INPUT ? "(string)" : v.def.file;
      const where = `${c("bold", file)}:${posLine(v.def.pos)}:${posCol(v.def.pos)}`;
      out.push(opts.color ? `${ANSI.blue}«lambda @ ${where}»${ANSI.normal}` : `«lambda @ ${where}»`);
    } else if (v instanceof PrimOp) out.push(c("magenta", "«primop»"));
    else if (v instanceof PrimOpApp) out.push(c("blue", "«primop-app»"));
    else if (v instanceof Attrs) {
      seen.add(key ?? v);
      if (isDerivation(v)) {
        const drv = v.get("drvPath");
        out.push(`«derivation ${drv === undefined ? "???" : forceStr(drv)}»`);
      } else if (depth > 0) {
        out.push("{ ");
        for (const k of v.keys()) {
          out.push(replIsVarName(k) ? k : replString(k), " = ");
          child(v.get(k)!, depth - 1);
          out.push("; ");
        }
        out.push("}");
      } else out.push("{ ... }");
    } else if (Array.isArray(v)) {
      seen.add(key ?? v);
      out.push("[ ");
      if (depth > 0) {
        for (const e of v) {
          child(e, depth - 1);
          out.push(" ");
        }
      } else out.push("... ");
      out.push("]");
    } else out.push(c("red", "«unknown»"));
  };
  try {
    go(x, opts.maxDepth);
  } catch (e) {
    if (out.length > 0) throw new ReplPrintError(out.join(""), e);
    throw e;
  }
  return out.join("");
}

/** The identity «repeated» is about: the thunk holding a value, else the set or list itself. */
function cellOf(y: Lazy): object | undefined {
  if (y instanceof Thunk) return y;
  return y instanceof Attrs || Array.isArray(y) ? y : undefined;
}

/** What `:t` prints: Nix's showType, naming built-in functions. */
export function replType(v: Value): string {
  if (v instanceof PrimOp) return `the built-in function '${v.name}'`;
  if (v instanceof PrimOpApp) return `the partially applied built-in function '${v.op.name}'`;
  return showType(v);
}
