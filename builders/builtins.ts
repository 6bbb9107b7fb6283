// Builtin builders (`builder = "builtin:NAME"`), run in-process instead of spawning a program:
// the registry and the context they get. fetchurl, ifs and relink register themselves in
// builtin-registry.ts.
import type { Derivation } from "../store/drv.js";
import type { LocalStore } from "../store/local-store.js";

/** One output of the derivation being built. */
export interface BuiltinOutput { path: string; physical: string }

/** Everything a builtin builder gets. */
export interface BuiltinContext {
  drvPath: string;
  drv: Derivation;
  /** The builder environment of build-env.ts (placeholders already rewritten). */
  env: Record<string, string>;
  /** Output name → where to write it (physical path of its scratch/final store path). */
  outputs: Map<string, BuiltinOutput>;
  store: LocalStore;
  /** Physical build dir. */
  buildDir: string;
  /** Write to the build log. */
  log(text: string): void;
}

/** A builtin builder: writes its outputs or throws (a TkError's message becomes the failure). */
export type BuiltinBuilder = (ctx: BuiltinContext) => Promise<void>;

const registry = new Map<string, BuiltinBuilder>();

/** Register `builtin:<name>`. */
export function registerBuiltin(name: string, fn: BuiltinBuilder): void {
  registry.set(name, fn);
}

/** The builtin for a derivation's builder string, undefined when it is not `builtin:…`, throws if unknown. */
export function builtinFor(builder: string): BuiltinBuilder | undefined | null {
  if (!builder.startsWith("builtin:")) return undefined;
  return registry.get(builder.slice("builtin:".length)) ?? null;
}

/** Names of the registered builtins. */
export function builtinNames(): string[] {
  return [...registry.keys()].sort();
}
