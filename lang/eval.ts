// Evaluating files and source text: the base environment (builtins and globals), the compiled-code
// cache, and import with a per-evaluation value cache.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { LangError } from "./errors.js";
import { parse } from "./parse.js";
import { compile, type Scope } from "./compile.js";
import { validate } from "./validate.js";
import { builtinDefs } from "./builtins/registry.js";
import "./builtins/all.js";
import { st } from "./state.js";
import { CORE_SOURCES } from "./corepkgs.js";
import { Attrs, Env, force, Thunk, type Code, type Lazy, type Value } from "./values.js";

let baseScope: Scope | undefined;
let baseNames: string[] = [];

/** The static scope of the builtins (built once, after every builtins family registered). */
export function getBaseScope(): Scope {
  if (!baseScope) {
    const names = ["builtins", "true", "false", "null"];
    for (const d of builtinDefs) {
      names.push("__" + d.name);
      if (d.global) names.push(d.name);
    }
    baseNames = names;
    baseScope = { up: null, names: new Map(names.map((n, i) => [n, i])) };
  }
  return baseScope;
}

/** Build the runtime base environment for one evaluation. */
export function makeBaseEnv(): Env {
  getBaseScope();
  const vals = new Map<string, Lazy>();
  const builtins = new Map<string, Lazy>();
  for (const d of builtinDefs) {
    const fn = d.value!;
    const v: Lazy = d.op ?? new Thunk(() => force(fn()), null);
    builtins.set(d.name, v);
    vals.set("__" + d.name, v);
    if (d.global) vals.set(d.name, v);
  }
  builtins.set("builtins", null);
  builtins.set("true", true);
  builtins.set("false", false);
  builtins.set("null", null);
  const bset = Attrs.fromMap(builtins);
  bset.vals[bset.indexOf("builtins")] = bset; // the set contains itself
  vals.set("builtins", bset);
  vals.set("true", true);
  vals.set("false", false);
  vals.set("null", null);
  return new Env(null, baseNames.map((n) => vals.get(n)!));
}

const codeCache = new Map<string, { src: string; code: Code }>();

/** Compile source text of a file (cached by file name and content). */
export function compileSource(src: string, file: string, dir: string, scope?: Scope): Code {
  const key = `${file}\0${dir}`;
  if (!scope) {
    const hit = codeCache.get(key);
    if (hit && hit.src === src) return hit.code;
  }
  const ast = parse(src, file);
  const cx = { file, dir };
  validate(ast, scope ?? getBaseScope(), cx);
  const code = compile(ast, scope ?? getBaseScope(), cx);
  if (!scope) codeCache.set(key, { src, code });
  return code;
}

/** Evaluate source text in the base environment. */
export function evalSource(src: string, file: string, dir: string): Value {
  const code = compileSource(src, file, dir);
  return code(baseEnvOf());
}

/** The base environment of the current evaluation. */
export function baseEnvOf(): Env {
  const s = st() as { baseEnv?: Env };
  if (!s.baseEnv) s.baseEnv = makeBaseEnv();
  return s.baseEnv;
}

/** Resolve an import target: directories mean their default.nix. */
export function resolveImportPath(path: string): string {
  if (!existsSync(path)) throw new LangError("io", `getting status of '${path}': No such file or directory`);
  if (statSync(path).isDirectory()) return path + "/default.nix";
  return path;
}

/** import: evaluate a file once per evaluation. */
export function importFile(path: string): Value {
  const core = CORE_SOURCES.get(path);
  const file = core !== undefined ? path : resolveImportPath(path);
  const s = st();
  const hit = s.importCache.get(file);
  if (hit !== undefined) return hit;
  let src: string;
  try {
    src = core ?? readFileSync(file, "utf8");
  } catch {
    throw new LangError("io", `opening file '${file}': No such file or directory`);
  }
  const t = new Thunk(() => evalSource(src, file, dirname(file)), null);
  const v = force(t);
  s.importCache.set(file, v);
  return v;
}

/** scopedImport: evaluate a file with extra variables in scope (not cached). */
export function scopedImportFile(scopeAttrs: Attrs, path: string): Value {
  const file = resolveImportPath(path);
  const src = readFileSync(file, "utf8");
  const keys = scopeAttrs.names;
  const scope: Scope = { up: getBaseScope(), names: new Map(keys.map((k, i) => [k, i])) };
  const code = compileSource(src, file, dirname(file), scope);
  return code(new Env(baseEnvOf(), scopeAttrs.vals.slice()));
}
