// Runtime values of the evaluator and call-by-need thunks.
// null/boolean are JS null/boolean; ints are JS numbers (safe range) or bigint (outside it, always
// within signed 64 bits); floats are NixFloat; strings are JS strings, or NixString when they carry
// a store-path context; lists are JS arrays of Lazy; sets are Attrs (sorted parallel arrays, attrset.ts).
import { LangError, type Loc } from "./errors.js";
import { Attrs } from "./attrset.js";
import { compareByteStrings } from "./bytes.js";

export { Attrs };

/** Compiled code: evaluates an expression in an environment. */
export type Code = (env: Env) => Value;

const NO_SLOTS: Lazy[] = [];

/** A runtime environment frame: slots for the variables of one scope. */
export class Env {
  constructor(
    readonly up: Env | null,
    readonly v: Lazy[],
    /** The only slot of a one-variable frame (a plain lambda's argument, a `with`'s set): no array. */
    public a0: Lazy | undefined = undefined,
  ) {}

  /** A frame holding one value in a0 (see Scope.inline). */
  static one(up: Env | null, x: Lazy): Env {
    return new Env(up, NO_SLOTS, x);
  }
}

/** A suspended computation, evaluated at most once (call-by-need). */
export class Thunk {
  v: Value | undefined = undefined;
  constructor(
    public c: ((e: never) => Value) | null,
    public e: unknown,
  ) {}
}

/** A float (kept distinct from ints). */
export class NixFloat {
  constructor(readonly v: number) {}
}

/** A path value (absolute, normalised). */
export class NixPath {
  constructor(readonly path: string) {}
}

/** A string with a non-empty context (store paths it refers to: "/…", "=/….drv", "!out!/….drv"). */
export class NixString {
  constructor(
    readonly s: string,
    readonly ctx: ReadonlySet<string>,
  ) {}
}

/** Byte-wise string order as Nix uses (std::string compare; escaped raw bytes included). */
export const compareStrings = compareByteStrings;

/** What a lambda was compiled to. */
export interface LambdaDef {
  name: string;
  /** The `x` of `x: …` or `x @ { … }: …`. */
  argName: string | null;
  file: string;
  pos: number;
  /** Set-pattern info (null for `x: …`). */
  formals: { names: string[]; hasDefault: boolean[]; ellipsis: boolean } | null;
  /** Call the lambda: build its frame in `closure` and evaluate the body. */
  call(closure: Env, arg: Lazy): Value;
  /** For `x: body` lambdas: the body, evaluated in a one-slot frame holding the argument (lets callers skip a JS frame). */
  body?: Code;
  /** For `x: y: …` (a plain lambda whose body is a lambda): the inner definition, so that a call with two
   *  arguments needs no intermediate function value (the inner closure is the frame holding `x`). */
  inner?: LambdaDef;
}

/** A user function value. */
export class Lambda {
  constructor(
    readonly def: LambdaDef,
    readonly env: Env,
  ) {}
}

/** A built-in function of fixed arity; receives unforced arguments. */
export class PrimOp {
  constructor(
    readonly name: string,
    readonly arity: number,
    readonly fn: (args: Lazy[]) => Value,
  ) {}
}

/** A partially applied built-in. */
export class PrimOpApp {
  constructor(
    readonly op: PrimOp,
    readonly args: Lazy[],
  ) {}
}

/** Any forced value. */
export type Value =
  | null
  | boolean
  | number
  | bigint
  | NixFloat
  | string
  | NixString
  | NixPath
  | Attrs
  | Lazy[]
  | Lambda
  | PrimOp
  | PrimOpApp;

/** A value or a thunk producing one. */
export type Lazy = Value | Thunk;

/** Force a lazy value to weak head normal form. */
export function force(x: Lazy): Value {
  if (x instanceof Thunk) {
    if (x.v !== undefined) return x.v;
    return forceThunk(x);
  }
  return x;
}

/** Evaluate an unevaluated thunk (callers check `t.v` first; saves a JS frame on deep chains). */
export function forceThunk(t: Thunk): Value {
  const c = t.c as ((e: unknown) => Value) | null;
  if (c === null) throw new LangError("recursion", "infinite recursion encountered");
  t.c = null;
  try {
    const v = c(t.e);
    t.v = v;
    t.e = null;
    return v;
  } catch (err) {
    t.c = c;
    throw err;
  }
}

/**
 * forceThunk for a forcing site that has a source position (a variable, an attribute selection): a
 * black hole reports `loc`, as Nix's forceValue(v, pos) does. Same body as forceThunk (one JS frame
 * per forced thunk on deep chains).
 */
export function forceThunkAt(t: Thunk, loc: Loc): Value {
  const c = t.c as ((e: unknown) => Value) | null;
  if (c === null) throw new LangError("recursion", "infinite recursion encountered", loc);
  t.c = null;
  try {
    const v = c(t.e);
    t.v = v;
    t.e = null;
    return v;
  } catch (err) {
    t.c = c;
    throw err;
  }
}

/** A thunk applying a function to an argument (used by builtins like map). */
export function lazyApply(f: Lazy, arg: Lazy, call: (f: Value, a: Lazy) => Value): Thunk {
  return new Thunk(() => call(force(f), arg), null);
}

/** A thunk for an arbitrary JS computation. */
export function lazy(fn: () => Value): Thunk {
  return new Thunk(fn as (e: never) => Value, null);
}

/** Nix's type name as builtins.typeOf returns it. */
export function typeOf(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "number":
    case "bigint":
      return "int";
    case "string":
      return "string";
  }
  if (v instanceof NixString) return "string";
  if (v instanceof NixFloat) return "float";
  if (v instanceof NixPath) return "path";
  if (v instanceof Attrs) return "set";
  if (Array.isArray(v)) return "list";
  return "lambda";
}

/** Nix's showType: "an integer", "a set", … (used in error messages). */
export function showType(v: Value): string {
  if (v instanceof PrimOp) return "a built-in function";
  if (v instanceof PrimOpApp) return "a partially applied built-in function";
  switch (typeOf(v)) {
    case "null":
      return "null";
    case "bool":
      return "a Boolean";
    case "int":
      return "an integer";
    case "float":
      return "a float";
    case "string":
      return "a string";
    case "path":
      return "a path";
    case "set":
      return "a set";
    case "list":
      return "a list";
    default:
      return "a function";
  }
}

/** Whether a value is callable. */
export function isFunction(v: Value): boolean {
  return v instanceof Lambda || v instanceof PrimOp || v instanceof PrimOpApp;
}
