// Registers every builtin builder tk ships: fetchurl here, and the ELF engineer's ifs and relink.
import { registerBuiltin } from "./builtins.js";
import { fetchurlBuiltin } from "./builtin-fetchurl.js";

let done = false;

/** Register all builtins once (idempotent). */
export function registerAllBuiltins(): void {
  if (done) return;
  done = true;
  registerBuiltin("fetchurl", fetchurlBuiltin);
}
