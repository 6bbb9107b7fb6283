// The language's public entry points for cli/: evaluate (a file or -E expression, with --attr and
// --arg/--argstr auto-calling as nix-instantiate does), printValue, findDerivations.
import { resolve } from "node:path";
import { isStackOverflow, LangError, setShowTrace, setTraceHint } from "./errors.js";
import { callFunction } from "./call.js";
import { forceStr } from "./check.js";
import { evalSource, importFile } from "./eval.js";
import { isDerivation } from "./ops.js";
import { printValue as print } from "./print.js";
import { parseNixPath, setState } from "./state.js";
import type { EvalStore } from "./eval-store.js";
import { Attrs, force, Lambda, lazy, type Lazy, type Value } from "./values.js";

/** Values returned by evaluate (see values.ts). */
export type { Value } from "./values.js";
export { LangError } from "./errors.js";

/** What to evaluate and how. */
export interface EvalOptions {
  store: EvalStore;
  file?: string;
  expr?: string;
  baseDir?: string;
  attrPath?: string;
  args?: Record<string, { expr: string } | { str: string }>;
  showTrace?: boolean;
}

function autoArgs(opts: EvalOptions): Attrs {
  const m = new Map<string, Lazy>();
  const base = opts.baseDir ?? process.cwd();
  for (const [k, a] of Object.entries(opts.args ?? {})) {
    if ("str" in a) m.set(k, a.str);
    else {
      const src = a.expr;
      m.set(k, lazy(() => evalSource(src, "«string»", base)));
    }
  }
  return Attrs.fromMap(m);
}

/** Call a function (or functor) with the auto-arguments it declares, as nix-instantiate and nix repl do. */
export function autoCall(v: Value, args: Attrs): Value {
  if (v instanceof Attrs) {
    const f = v.get("__functor");
    if (f !== undefined) return autoCall(callFunction(force(f), v), args);
    return v;
  }
  if (!(v instanceof Lambda) || !v.def.formals) return v;
  const fm = v.def.formals;
  const m = new Map<string, Lazy>();
  if (fm.ellipsis) args.names.forEach((k, i) => m.set(k, args.vals[i]));
  else {
    fm.names.forEach((n, i) => {
      const x = args.get(n);
      if (x !== undefined) m.set(n, x);
      else if (!fm.hasDefault[i]) {
        throw new LangError("eval", `cannot evaluate a function that has an argument without a value ('${n}')`);
      }
    });
  }
  return callFunction(v, Attrs.fromMap(m));
}

function selectAttrPath(v: Value, path: string, args: Attrs): Value {
  if (path === "") return v;
  for (const part of path.split(".")) {
    v = autoCall(v, args);
    if (/^[0-9]+$/.test(part) && Array.isArray(v)) {
      const i = Number(part);
      if (i >= v.length) throw new LangError("eval", `list index ${i} in selection path '${path}' is out of range`);
      v = force(v[i]);
    } else if (v instanceof Attrs) {
      const x = v.get(part);
      if (x === undefined) throw new LangError("eval", `attribute '${part}' in selection path '${path}' not found`);
      v = force(x);
    } else {
      throw new LangError("type", `the expression selected by the selection path '${path}' should be a set but is ${typeof v}`);
    }
  }
  return v;
}

let lastArgs = Attrs.empty();

/** Run `fn`, turning a JavaScript stack overflow into tk's "stack overflow (possible infinite recursion)" error. */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isStackOverflow(e)) {
      if (process.env.TK_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
      throw new LangError("recursion", "stack overflow (possible infinite recursion)");
    }
    throw e;
  }
}

/** Evaluate a file or expression to its top-level value, auto-called with args like nix-instantiate. */
export function evaluate(opts: EvalOptions): Value {
  setShowTrace(!!opts.showTrace);
  setTraceHint(true);
  setState({
    store: opts.store,
    srcToStore: new Map(),
    importCache: new Map(),
    nixPath: parseNixPath(process.env.TK_PATH ?? process.env.NIX_PATH),
    drvHashes: new Map(),
    drvTexts: new Map(),
  });
  return guard(() => {
    const args = autoArgs(opts);
    let v: Value;
    if (opts.expr !== undefined) v = evalSource(opts.expr, "«string»", resolve(opts.baseDir ?? process.cwd()));
    else if (opts.file !== undefined) v = importFile(resolve(opts.baseDir ?? process.cwd(), opts.file));
    else throw new LangError("eval", "nothing to evaluate (give a file or an expression)");
    v = selectAttrPath(v, opts.attrPath ?? "", args);
    lastArgs = args;
    return args.size ? autoCall(v, args) : v;
  });
}

/** Print a value exactly as `nix-instantiate --eval [--strict] [--json]` (without trailing newline). */
export function printValue(v: Value, opts: { strict: boolean; json: boolean }): string {
  return guard(() => print(v, opts));
}

/**
 * What nix-instantiate would instantiate: a derivation, or attrs/lists of them one level deep; `outputs`
 * holds the selected output (the set's `outputName`), which nix-instantiate prints as `drv!name` unless "out".
 */
export function findDerivations(v: Value): Array<{ drvPath: string; outputs: string[]; name: string }> {
  return guard(() => {
    const out: Array<{ drvPath: string; outputs: string[]; name: string }> = [];
    const add = (d: Attrs): void => {
      const dp = d.get("drvPath");
      const nm = d.get("name");
      if (dp === undefined) throw new LangError("eval", "derivation has no 'drvPath' attribute");
      // nix-instantiate wants the selected output (`outputName`; it prints drv!name when it is not "out")
      const on = d.get("outputName");
      const outputs = [on === undefined ? "out" : forceStr(on)];
      out.push({ drvPath: forceStr(dp), outputs, name: nm === undefined ? "" : forceStr(nm) });
    };
    const consider = (x: Lazy, recurse: boolean): void => {
      const y = force(x);
      if (y instanceof Attrs && isDerivation(y as Value)) add(y);
      else if (y instanceof Attrs) {
        // like nix-instantiate: the top level, and sets marked recurseForDerivations = true
        const r = y.get("recurseForDerivations");
        if (recurse || (r !== undefined && force(r) === true)) for (const k of y.keys()) consider(y.get(k)!, false);
      } else if (recurse && Array.isArray(y)) for (const i of y as Lazy[]) consider(i, false);
    };
    consider(autoCall(v, lastArgs), true);
    return out;
  });
}

