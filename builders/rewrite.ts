// String and file-tree rewriting: Nix's rewriteStrings (placeholders → paths in env/args/files) and the
// rewrite of a built output's bytes when a scratch hash part becomes the final one (store's NAR rewrite).
import { rewriteTreeInPlace } from "../store/hash-modulo.js";

/** Replace every occurrence of each key by its value, keys taken in sorted order (like Nix's std::map). */
export function rewriteStrings(s: string, rewrites: Map<string, string>): string {
  if (rewrites.size === 0) return s;
  for (const from of [...rewrites.keys()].sort()) {
    if (from !== "" && s.includes(from)) s = s.split(from).join(rewrites.get(from)!);
  }
  return s;
}

/** Rewrite equal-length hash parts everywhere in a file tree (contents, link targets, names). */
export function rewriteTree(physPath: string, rewrites: Map<string, string>): void {
  for (const [from, to] of rewrites) if (from !== to) rewriteTreeInPlace(physPath, from, to);
}
