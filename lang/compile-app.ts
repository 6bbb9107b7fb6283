// Compiles function application, and adds Nix's "while evaluating 'f'" / "from call site" frames
// to errors escaping a call.
import type { Expr } from "./ast.js";
import { LangError, type Loc } from "./errors.js";
import { callFunction } from "./call.js";
import { annotate, compile, compileLazy, locOf, type Cx, type Scope } from "./compile.js";
import { Env, Lambda, PrimOp, PrimOpApp, type Code, type LambdaDef, type Lazy, type Value } from "./values.js";

/** Compile `f a b …` (a left-nested application chain) into one call site with trace frames. */
export function compileApp(e: Extract<Expr, { k: "app" }>, sc: Scope, cx: Cx): Code {
  const argsE: Expr[] = [];
  let f: Expr = e;
  while (f.k === "app") {
    argsE.push(f.arg);
    f = f.f;
  }
  argsE.reverse();
  const fc = compile(f, sc, cx);
  const args = argsE.map((a) => compileLazy(a, sc, cx, undefined, true));
  const loc = locOf(cx, e.pos);
  if (args.length === 1) {
    const a0 = args[0];
    return (env) => {
      const fv = fc(env);
      try {
        if (fv instanceof Lambda) {
          const body = fv.def.body;
          return body !== undefined ? body(Env.one(fv.env, a0(env))) : fv.def.call(fv.env, a0(env));
        }
        return callFunction(fv, a0(env));
      } catch (err) {
        throw annotateCall(err, fv, loc);
      }
    };
  }
  const n = args.length;
  return (env) => {
    let fv = fc(env);
    let i = 0;
    if (fv instanceof Lambda && fv.def.inner !== undefined) {
      // `f a b …` with f = a: b: …: enter the inner function directly, in the frame holding `a`
      const inner = fv.def.inner;
      const frame = Env.one(fv.env, args[0](env));
      try {
        fv = inner.call(frame, args[1](env));
      } catch (err) {
        throw annotateCall(err, inner, loc);
      }
      if (n === 2) return fv;
      i = 2;
    }
    try {
      // a builtin given all its arguments at once: no partial applications in between
      if (i === 0 && fv instanceof PrimOp && fv.arity === n) {
        const vals = new Array<Lazy>(n);
        for (let i = 0; i < n; i++) vals[i] = args[i](env);
        return fv.fn(vals);
      }
      for (; i < n; i++) fv = callFunction(fv, args[i](env));
      return fv;
    } catch (err) {
      throw annotateCall(err, fv, loc);
    }
  };
}

/** Add Nix's "while evaluating 'f'" / "from call site" frames to an error escaping a call of `fv`
 *  (a function value, or the definition of a lambda entered directly). */
export function annotateCall(err: unknown, fv: Value | LambdaDef, loc: Loc): unknown {
  if (!(err instanceof LangError)) return annotate(err, loc, null);
  if (!err.loc) {
    err.at(loc);
    return err;
  }
  if (fv instanceof Lambda || isLambdaDef(fv)) {
    const d = fv instanceof Lambda ? fv.def : fv;
    err.addFrame(d.name ? `while evaluating '${d.name}'` : "while evaluating anonymous lambda", { file: d.file, pos: d.pos }, false);
  } else if (fv instanceof PrimOp || fv instanceof PrimOpApp) {
    const name = fv instanceof PrimOp ? fv.name : fv.op.name;
    err.addFrame(`while evaluating the builtin function '${name}'`, undefined, false);
  }
  // Nix 2.8 adds these frames only under --show-trace
  err.addFrame("from call site", loc, false);
  return err;
}

function isLambdaDef(x: Value | LambdaDef): x is LambdaDef {
  return typeof x === "object" && x !== null && "formals" in x && "call" in x && !(x instanceof Lambda);
}
