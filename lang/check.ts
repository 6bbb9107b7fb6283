// Forcing a value and checking its type, with Nix's "value is X while Y was expected" errors;
// plus small constructors/accessors for strings with context.
import { LangError } from "./errors.js";
import { Attrs, force, isFunction, NixFloat, NixPath, NixString, showType, type Lazy, type Value } from "./values.js";

/** Raise Nix's type error. */
export function typeError(v: Value, expected: string): LangError {
  return new LangError("type", `value is ${showType(v)} while ${expected} was expected`);
}

/** Force to an attribute set. */
export function forceAttrs(x: Lazy): Attrs {
  const v = force(x);
  if (v instanceof Attrs) return v;
  throw typeError(v, "a set");
}

/** Force to a list. */
export function forceList(x: Lazy): Lazy[] {
  const v = force(x);
  if (Array.isArray(v)) return v;
  throw typeError(v, "a list");
}

/** Force to an int (number or bigint). */
export function forceInt(x: Lazy): number | bigint {
  const v = force(x);
  if (typeof v === "number" || typeof v === "bigint") return v;
  throw typeError(v, "an integer");
}

/** Force to an int that fits a JS number (for indices, lengths). */
export function forceSmallInt(x: Lazy): number {
  const v = forceInt(x);
  return typeof v === "number" ? v : Number(v);
}

/** Force to a bool. */
export function forceBool(x: Lazy): boolean {
  const v = force(x);
  if (typeof v === "boolean") return v;
  throw typeError(v, "a Boolean");
}

/** Force to a function value. */
export function forceFunction(x: Lazy): Value {
  const v = force(x);
  if (isFunction(v) || (v instanceof Attrs && v.has("__functor"))) return v;
  throw typeError(v, "a function");
}

/** Force to a string (any context allowed); returns the JS string. */
export function forceStr(x: Lazy): string {
  const v = force(x);
  if (typeof v === "string") return v;
  if (v instanceof NixString) return v.s;
  throw typeError(v, "a string");
}

/** Force to a string value (keeps the context). */
export function forceStrValue(x: Lazy): string | NixString {
  const v = force(x);
  if (typeof v === "string" || v instanceof NixString) return v;
  throw typeError(v, "a string");
}

/** Force to a string without context (Nix's forceStringNoCtx). */
export function forceStrNoCtx(x: Lazy): string {
  const v = force(x);
  if (typeof v === "string") return v;
  if (v instanceof NixString) {
    throw new LangError("eval", `the string '${v.s}' is not allowed to refer to a store path (such as '${[...v.ctx][0]}')`);
  }
  throw typeError(v, "a string");
}

/** Make a string value with an optional context. */
export function mkStr(s: string, ctx?: ReadonlySet<string> | null): string | NixString {
  return ctx && ctx.size ? new NixString(s, ctx) : s;
}

/** The context of a value (empty set if none). */
export function ctxOf(v: Value): ReadonlySet<string> | undefined {
  return v instanceof NixString ? v.ctx : undefined;
}

/** A float or int as a JS number (for float arithmetic). */
export function numOf(v: Value): number {
  if (v instanceof NixFloat) return v.v;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  throw typeError(v, "a float");
}

/** Whether a value is a number (int or float). */
export function isNumber(v: Value): boolean {
  return typeof v === "number" || typeof v === "bigint" || v instanceof NixFloat;
}

/** Whether a value is a path. */
export function isPath(v: Value): v is NixPath {
  return v instanceof NixPath;
}

/**
 * Nix's "attribute 'x' missing for call to 'f'": when the set has source positions (Nix: a position of
 * its own) the error carries Nix's "while invoking 'f'" frame.
 */
export function missingForCall(name: string, fn: string, set: Attrs): LangError {
  const e = new LangError("eval", `attribute '${name}' missing for call to '${fn}'`);
  return set.pos !== undefined ? e.addFrame(`while invoking '${fn}'`) : e;
}
