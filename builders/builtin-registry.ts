// Registers every builtin builder tk ships: fetchurl, and ifs and relink (builtin-elf.ts).
import { registerBuiltin } from "./builtins.js";
import { fetchurlBuiltin } from "./builtin-fetchurl.js";
import { ifsBuiltin, relinkBuiltin } from "./builtin-elf.js";

let done = false;

/** Register all builtins once (idempotent). */
export function registerAllBuiltins(): void {
  if (done) return;
  done = true;
  registerBuiltin("fetchurl", fetchurlBuiltin);
  registerBuiltin("ifs", ifsBuiltin);
  registerBuiltin("relink", relinkBuiltin);
}
