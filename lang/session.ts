// An interactive evaluation session (what `tk repl` evaluates with): one evaluation state kept
// across inputs, and a frame of session variables on top of the builtins. Like nix repl, binding a
// name again gives it a new slot, so code compiled earlier keeps seeing the value it was compiled
// against; expressions are compiled (and their syntax errors raised) before anything is evaluated.
import { resolve } from "node:path";
import { autoCall, guard } from "./api.js";
import { setShowTrace, setTraceHint } from "./errors.js";
import { baseEnvOf, compileSource, getBaseScope, importFile } from "./eval.js";
import { parseNixPath, setState } from "./state.js";
import type { EvalStore } from "./eval-store.js";
import { Attrs, Env, force, lazy, type Lazy, type Value } from "./values.js";

/** The file name session input is parsed under (error positions say «string», as Nix's). */
export const SESSION_INPUT = "«string»";

/** A session: its variables, and the evaluation state every input shares. */
export class Session {
  private names = new Map<string, number>();
  private vals: Lazy[] = [];

  /** Starts a fresh evaluation state (search path from TK_PATH or NIX_PATH). */
  constructor(
    private readonly store: EvalStore,
    showTrace = false,
  ) {
    this.reset();
    setShowTrace(showTrace);
    setTraceHint(false); // nix repl prints errors without the "use '--show-trace'" line
  }

  /** Forgets every variable and cached import (`:r` starts from here). */
  reset(): void {
    setState({
      store: this.store,
      srcToStore: new Map(),
      importCache: new Map(),
      nixPath: parseNixPath(process.env.TK_PATH ?? process.env.NIX_PATH),
      drvHashes: new Map(),
      drvTexts: new Map(),
    });
    this.names = new Map();
    this.vals = [];
  }

  /** The session's variable names, and the builtins' (for completion). */
  variableNames(): string[] {
    return [...new Set([...getBaseScope().names!.keys(), ...this.names.keys()])].sort();
  }

  /** Binds `name` to a value (a new slot: earlier code keeps the old one). */
  bind(name: string, v: Lazy): void {
    this.names.set(name, this.vals.length);
    this.vals.push(v);
  }

  /** Adds every attribute of a set to the scope; returns how many. */
  bindAll(set: Attrs): number {
    const keys = set.keys();
    for (const k of keys) this.bind(k, set.get(k)!);
    return keys.length;
  }

  /**
   * Compiles `src` against the builtins and the variables bound so far (syntax and undefined
   * variable errors are raised now) and returns it unevaluated.
   */
  compile(src: string, dir: string): Lazy {
    const scope = { up: getBaseScope(), names: new Map(this.names) };
    const code = guard(() => compileSource(src, SESSION_INPUT, dir, scope));
    const env = new Env(baseEnvOf(), this.vals);
    return lazy(() => code(env));
  }

  /** Compiles and evaluates `src` to weak head normal form. */
  evaluate(src: string, dir: string): Value {
    const t = this.compile(src, dir);
    return guard(() => force(t));
  }

  /** Imports a file (auto-called with no arguments, as `:l` does) and returns its value. */
  load(path: string, dir: string): Value {
    return guard(() => autoCall(importFile(resolve(dir, path)), Attrs.empty()));
  }
}
