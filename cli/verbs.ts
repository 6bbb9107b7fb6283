// The list of `tk` verbs, in the order `tk --help` shows them. Adding a verb: one import, one entry.
import type { Verb } from "./verb.js";
import { command as realise } from "./realise.js";
import { command as instantiate } from "./instantiate.js";
import { command as evalVerb } from "./eval.js";
import { command as ifs } from "./ifs.js";

/** Every verb of tk. */
export const verbs: Verb[] = [
  realise,
  instantiate,
  evalVerb,
  ifs,
];
