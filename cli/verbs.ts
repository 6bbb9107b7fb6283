// The list of `tk` verbs, in the order `tk --help` shows them. Adding a verb: one import, one entry.
import type { Verb } from "./verb.js";
import { command as realise } from "./realise.js";
import { command as instantiate } from "./instantiate.js";
import { command as evalVerb } from "./eval.js";
import { command as ifs } from "./ifs.js";
import { command as relink } from "./relink.js";
import { command as abiDiff } from "./abi-diff.js";
import { command as hash } from "./hash.js";
import { command as nar } from "./nar.js";
import { command as store } from "./store.js";
import { command as pathInfo } from "./path-info.js";
import { command as showDerivation } from "./show-derivation.js";
import { command as whyDepends } from "./why-depends.js";
import { command as gc } from "./gc.js";

/** Every verb of tk. */
export const verbs: Verb[] = [
  realise,
  instantiate,
  evalVerb,
  ifs,
  relink,
  abiDiff,
  hash,
  nar,
  store,
  pathInfo,
  showDerivation,
  whyDepends,
  gc,
];
