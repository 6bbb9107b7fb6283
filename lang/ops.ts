// Runtime semantics of Nix operators: 64-bit int arithmetic with wrap-around (numbers in the safe
// range, bigint outside it), int/float promotion, comparison (<) and deep equality (==).
import { LangError } from "./errors.js";
import { typeError } from "./check.js";
import { Attrs, compareStrings, force, isFunction, NixFloat, NixPath, NixString, showType, type Lazy, type Value } from "./values.js";

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Normalise a bigint result to signed 64 bits; safe-range values become numbers. */
export function wrapInt(b: bigint): number | bigint {
  const r = BigInt.asIntN(64, b);
  return r >= -SAFE && r <= SAFE ? Number(r) : r;
}

type Num = number | bigint | NixFloat;

function arith(op: string, a: Value, b: Value): Value {
  const ai = typeof a === "number" || typeof a === "bigint";
  const bi = typeof b === "number" || typeof b === "bigint";
  if (ai && bi) {
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    switch (op) {
      case "+":
        return wrapInt(x + y);
      case "-":
        return wrapInt(x - y);
      case "*":
        return wrapInt(x * y);
      default:
        if (y === 0n) throw new LangError("eval", "division by zero");
        if (x === -(2n ** 63n) && y === -1n) throw new LangError("eval", "overflow in integer division");
        return wrapInt(x / y);
    }
  }
  if ((ai || a instanceof NixFloat) && (bi || b instanceof NixFloat)) {
    const x = a instanceof NixFloat ? a.v : Number(a as number | bigint);
    const y = b instanceof NixFloat ? b.v : Number(b as number | bigint);
    switch (op) {
      case "+":
        return new NixFloat(x + y);
      case "-":
        return new NixFloat(x - y);
      case "*":
        return new NixFloat(x * y);
      default:
        if (y === 0) throw new LangError("eval", "division by zero");
        return new NixFloat(x / y);
    }
  }
  if (!(ai || a instanceof NixFloat)) throw typeError(a, "an integer");
  throw typeError(b, "an integer");
}

/** Numeric +, for ints and floats (string/path + is handled by the compiler). */
export function numAdd(a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  if ((typeof a === "number" || typeof a === "bigint") && !(typeof b === "number" || typeof b === "bigint" || b instanceof NixFloat)) {
    throw new LangError("type", `cannot add ${showType(b)} to an integer`);
  }
  if (a instanceof NixFloat && !(typeof b === "number" || typeof b === "bigint" || b instanceof NixFloat)) {
    throw new LangError("type", `cannot add ${showType(b)} to a float`);
  }
  return arith("+", a, b);
}

/** builtins.sub / binary minus. */
export function sub(a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return arith("-", a, b);
}

/** builtins.mul / `*`. */
export function mul(a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
  }
  return arith("*", a, b);
}

/** builtins.div / `/`. */
export function div(a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number" && b !== 0) {
    const r = Math.trunc(a / b);
    return r === 0 ? 0 : r;
  }
  return arith("/", a, b);
}

function isNum(v: Value): v is Num {
  return typeof v === "number" || typeof v === "bigint" || v instanceof NixFloat;
}

function numLess(a: Num, b: Num): boolean {
  if (a instanceof NixFloat || b instanceof NixFloat) {
    return (a instanceof NixFloat ? a.v : Number(a)) < (b instanceof NixFloat ? b.v : Number(b));
  }
  return a < b;
}

/** Nix's `<` (builtins.lessThan): numbers, strings, paths, and lists lexicographically. */
export function lessThan(a: Value, b: Value): boolean {
  if (isNum(a) && isNum(b)) return numLess(a, b);
  const as = typeof a === "string" ? a : a instanceof NixString ? a.s : undefined;
  const bs = typeof b === "string" ? b : b instanceof NixString ? b.s : undefined;
  if (as !== undefined && bs !== undefined) return compareStrings(as, bs) < 0;
  if (a instanceof NixPath && b instanceof NixPath) return compareStrings(a.path, b.path) < 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; ; i++) {
      if (i === b.length) return false;
      if (i === a.length) return true;
      const x = force(a[i]);
      const y = force(b[i]);
      if (!eqValues(x, y)) return lessThan(x, y);
    }
  }
  throw new LangError("type", `cannot compare ${showType(a)} with ${showType(b)}`);
}

/** Deep equality (Nix's eqValues): forces what it compares. */
export function eqValues(a: Value, b: Value): boolean {
  if (a === b) return !(isFunction(a));
  if (isNum(a) && isNum(b)) {
    if (a instanceof NixFloat || b instanceof NixFloat) {
      return (a instanceof NixFloat ? a.v : Number(a)) === (b instanceof NixFloat ? b.v : Number(b));
    }
    return BigInt(a) === BigInt(b);
  }
  const as = typeof a === "string" ? a : a instanceof NixString ? a.s : undefined;
  if (as !== undefined) {
    const bs = typeof b === "string" ? b : b instanceof NixString ? b.s : undefined;
    return as === bs;
  }
  if (a instanceof NixPath) return b instanceof NixPath && a.path === b.path;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eqLazy(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Attrs) {
    if (!(b instanceof Attrs)) return false;
    if (isDerivation(a) && isDerivation(b)) {
      const x = a.get("outPath");
      const y = b.get("outPath");
      if (x !== undefined && y !== undefined) return eqLazy(x, y);
    }
    if (a.size !== b.size) return false;
    // both name arrays are sorted, so equal sets pair up index by index (as Nix's Bindings)
    const an = a.names;
    const bn = b.names;
    for (let i = 0; i < an.length; i++) if (an[i] !== bn[i] || !eqLazy(a.vals[i], b.vals[i])) return false;
    return true;
  }
  return false;
}

function eqLazy(x: Lazy, y: Lazy): boolean {
  if (x === y) return true;
  const a = force(x);
  const b = force(y);
  if (a === b && typeof a === "object") return true;
  return eqValues(a, b);
}

/** Whether a set is a derivation (type = "derivation"). */
export function isDerivation(v: Value): boolean {
  if (!(v instanceof Attrs)) return false;
  const t = v.get("type");
  if (t === undefined) return false;
  const tv = force(t);
  return tv === "derivation" || (tv instanceof NixString && tv.s === "derivation");
}
