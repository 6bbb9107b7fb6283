// The table of `tk` verbs, in the order `tk --help` shows them. Each verb module is imported
// only when it runs (start-up matters: `tk eval` should not load the ELF library or SQLite).
// Adding a verb: one entry here.
import type { Verb } from "./verb.js";

/** A verb's name, its aliases, and how to load its module. */
export interface VerbEntry {
  name: string;
  aliases?: string[];
  load: () => Promise<Verb>;
}

/** Every verb of tk. */
export const verbTable: VerbEntry[] = [
  { name: "realise", aliases: ["build"], load: async () => (await import("./realise.js")).command },
  { name: "instantiate", load: async () => (await import("./instantiate.js")).command },
  { name: "eval", load: async () => (await import("./eval.js")).command },
  { name: "repl", load: async () => (await import("./repl.js")).command },
  { name: "ifs", load: async () => (await import("./ifs.js")).command },
  { name: "relink", load: async () => (await import("./relink.js")).command },
  { name: "abi-diff", load: async () => (await import("./abi-diff.js")).command },
  { name: "hash", load: async () => (await import("./hash.js")).command },
  { name: "nar", load: async () => (await import("./nar.js")).command },
  { name: "store", load: async () => (await import("./store.js")).command },
  { name: "path-info", load: async () => (await import("./path-info.js")).command },
  { name: "show-derivation", load: async () => (await import("./show-derivation.js")).command },
  { name: "why-depends", load: async () => (await import("./why-depends.js")).command },
  { name: "log", load: async () => (await import("./log.js")).command },
  { name: "gc", load: async () => (await import("./gc.js")).command },
];

/**
 * The verbs to register for a command line: only the named verb when the first argument names
 * one, otherwise all of them (for `tk --help`, and so that a typo gets suggestions).
 */
export async function loadVerbs(firstArg: string | undefined): Promise<Verb[]> {
  const hit = verbTable.find((v) => v.name === firstArg || v.aliases?.includes(firstArg ?? ""));
  return hit ? [await hit.load()] : Promise.all(verbTable.map((v) => v.load()));
}
