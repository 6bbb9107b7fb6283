// Compiling lambdas: `x: body` and set patterns `{ a, b ? d, ... } @ x: body` with Nix's
// argument checks (missing / unexpected arguments) and lazily evaluated defaults.
import type { Expr } from "./ast.js";
import { LangError, showPos } from "./errors.js";
import { typeError } from "./check.js";
import { compile, compileLazy, locOf, type Cx, type LazyCode, type Scope } from "./compile.js";
import { Attrs, Env, force, Lambda, type Code, type LambdaDef, type Lazy, type Value } from "./values.js";

/** Compile a lambda expression to code creating the function value. */
export function compileLambda(e: Extract<Expr, { k: "lambda" }>, sc: Scope, cx: Cx, name?: string): Code {
  const def = lambdaDef(e, sc, cx, name);
  return (env) => new Lambda(def, env);
}

/** The definition of a lambda (its body compiled on the first call). */
function lambdaDef(e: Extract<Expr, { k: "lambda" }>, sc: Scope, cx: Cx, name?: string): LambdaDef {
  const loc = locOf(cx, e.pos);
  const label = name ? `function '${name}'` : `anonymous function at ${showPos(cx.file, e.pos)}`;
  const names = new Map<string, number>();
  if (e.arg !== null) names.set(e.arg, 0);
  if (e.formals) {
    for (const f of e.formals) {
      if (names.has(f.name)) {
        throw new LangError("parse", `duplicate formal function argument '${f.name}'`, locOf(cx, f.pos));
      }
      names.set(f.name, names.size);
    }
  }
  // a plain lambda's frame holds its argument in Env.a0 (one allocation per call)
  const inner: Scope = { up: sc, names, inline: !e.formals };
  // `x: y: …`: the inner lambda's definition is made now, so two-argument calls can enter it directly;
  // like Nix's ExprLambda::setName, a lambda's name passes to a lambda that is its body
  const innerDef = e.body.k === "lambda" && !e.formals ? lambdaDef(e.body, inner, cx, name) : undefined;
  // the body is compiled on the first call (the file was validated as a whole, see validate.ts)
  let real: Code | undefined = innerDef ? (env) => new Lambda(innerDef, env) : undefined;
  const body: Code = (env) => {
    if (real === undefined) {
      real = compile(e.body, inner, cx, name);
      if (def.body !== undefined) def.body = real;
    }
    return real(env);
  };
  let def: LambdaDef;
  if (!e.formals) {
    def = {
      name: name ?? "",
      argName: e.arg,
      file: cx.file,
      pos: e.pos,
      formals: null,
      call: (closure: Env, arg: Lazy) => (real ?? body)(Env.one(closure, arg)),
      body: real ?? body,
      inner: innerDef,
    };
  } else {
    const formals = e.formals;
    const fnames = formals.map((f) => f.name);
    const slots = fnames.map((n) => names.get(n)!);
    const defaults: Array<LazyCode | null> = formals.map((f) => (f.def ? compileLazy(f.def, inner, cx) : null));
    const hasArg = e.arg !== null;
    const ellipsis = e.ellipsis;
    const size = names.size;
    const nf = fnames.length;
    def = {
      name: name ?? "",
      argName: e.arg,
      file: cx.file,
      pos: e.pos,
      formals: { names: fnames, hasDefault: defaults.map((d) => d !== null), ellipsis },
      call: (closure: Env, arg: Lazy): Value => {
        const a = force(arg);
        // argument errors carry no position here: the call site gives its own, as Nix's callFunction(…, pos)
        if (!(a instanceof Attrs)) throw typeError(a, "a set");
        const vals = new Array<Lazy>(size);
        const env = new Env(closure, vals);
        if (hasArg) vals[0] = arg;
        let used = 0;
        for (let i = 0; i < nf; i++) {
          const x = a.get(fnames[i]);
          if (x !== undefined) {
            vals[slots[i]] = x;
            used++;
          } else {
            const d = defaults[i];
            if (d === null) throw new LangError("eval", `${label} called without required argument '${fnames[i]}'`);
            vals[slots[i]] = d(env);
          }
        }
        if (!ellipsis && used < a.size) {
          for (const k of a.keys()) {
            if (!fnames.includes(k)) throw new LangError("eval", `${label} called with unexpected argument '${k}'`);
          }
        }
        return (real ?? body)(env);
      },
    };
  }
  return def;
}
