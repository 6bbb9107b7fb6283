// Lookup of <name/rest> in the search path (NIX_PATH-style entries from the evaluation state).
import { existsSync } from "node:fs";
import { LangError } from "./errors.js";
import { st } from "./state.js";
import { canonPath } from "./paths.js";

/** The path standing for Nix's built-in <nix/fetchurl.nix> (its source is embedded, see corepkgs.ts). */
export const CORE_FETCHURL = "/__tk_corepkgs__/fetchurl.nix";

/** Resolve <path> like Nix's findFile over the state's search path. */
export function findInNixPath(path: string, entries?: Array<{ prefix: string; path: string }>): string {
  if (path === "nix/fetchurl.nix") return CORE_FETCHURL;
  for (const { prefix, path: dir } of entries ?? st().nixPath) {
    let rest: string;
    if (prefix === "") rest = path;
    else if (path === prefix) rest = "";
    else if (path.startsWith(prefix + "/")) rest = path.slice(prefix.length + 1);
    else continue;
    const full = canonPath(rest ? `${dir}/${rest}` : dir);
    if (existsSync(full)) return full;
  }
  throw new LangError(
    "eval",
    `file '${path}' was not found in the Nix search path (add it using $NIX_PATH or -I)`,
  );
}
