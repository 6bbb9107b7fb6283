// The per-evaluation state shared by the evaluator and the builtins: the store interface,
// caches (imported files, source paths copied to the store, derivation hashes) and settings.
import type { EvalStore } from "./eval-store.js";
import type { Value } from "./values.js";
import { LangError } from "./errors.js";

/** State of one evaluation session. */
export interface EvalState {
  store: EvalStore;
  /** Physical source path (+ name) → store path it was copied to. */
  srcToStore: Map<string, string>;
  /** Imported file path → its value. */
  importCache: Map<string, Value>;
  /** Search path entries for <…> lookups: prefix ("" for any) and path. */
  nixPath: Array<{ prefix: string; path: string }>;
  /** drvPath → hashDerivationModulo result (unmasked), for dependents. */
  drvHashes: Map<string, unknown>;
  /** Text of .drv files written during this evaluation. */
  drvTexts: Map<string, string>;
  /** The runtime base environment (built on first use). */
  baseEnv?: import("./values.js").Env;
}

let current: EvalState | undefined;

/** The active evaluation state. */
export function st(): EvalState {
  if (!current) throw new LangError("eval", "no evaluation in progress");
  return current;
}

/** Install an evaluation state (api.ts does this). */
export function setState(s: EvalState): void {
  current = s;
}

/** Parse NIX_PATH-style text ("a=/x:/y") into search path entries. */
export function parseNixPath(text: string | undefined): Array<{ prefix: string; path: string }> {
  if (!text) return [];
  const out: Array<{ prefix: string; path: string }> = [];
  for (const part of text.split(":")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    out.push(eq >= 0 ? { prefix: part.slice(0, eq), path: part.slice(eq + 1) } : { prefix: "", path: part });
  }
  return out;
}
