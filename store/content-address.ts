// Content-address strings (content-address.cc): "text:sha256:<b32>" and "fixed:[r:]<algo>:<b32>",
// and isContentAddressed — recomputing a path from its CA field and references (spec §2.6), which
// lets such paths be trusted without signatures.
import { StoreError } from "./errors.js";
import { formatHash, parseHash, type Hash } from "./hash.js";
import { makeFixedOutputPath, makeTextPath, parseStorePath } from "./path.js";

/** A parsed content address. */
export type ContentAddress =
  | { method: "text"; hash: Hash }
  | { method: "flat" | "recursive"; hash: Hash };

/** Renders a content address the way Nix stores it (hash in typed base32). */
export function renderContentAddress(ca: ContentAddress): string {
  const h = formatHash(ca.hash, "base32", true);
  return ca.method === "text" ? `text:${h}` : `fixed:${ca.method === "recursive" ? "r:" : ""}${h}`;
}

/** Parses "text:sha256:…" or "fixed:[r:]algo:…"; throws StoreError. */
export function parseContentAddress(s: string): ContentAddress {
  if (s.startsWith("text:")) {
    const hash = parseHash(s.slice(5));
    if (hash.algo !== "sha256") throw new StoreError("bad-ca", `text content address '${s}' must use sha256`);
    return { method: "text", hash };
  }
  if (s.startsWith("fixed:r:")) return { method: "recursive", hash: parseHash(s.slice(8)) };
  if (s.startsWith("fixed:")) return { method: "flat", hash: parseHash(s.slice(6)) };
  throw new StoreError("bad-ca", `invalid content address '${s}'`);
}

/** The path a content address and references determine (a reference to `path` itself is `self`). */
export function pathOfContentAddress(storeDir: string, name: string, ca: ContentAddress, references: string[],
                                     selfPath?: string): string {
  const self = selfPath !== undefined && references.includes(selfPath);
  const others = references.filter((r) => r !== selfPath);
  if (ca.method === "text") {
    if (self) throw new StoreError("bad-ca", `text path '${name}' cannot refer to itself`);
    return makeTextPath(storeDir, name, ca.hash, others);
  }
  return makeFixedOutputPath(storeDir, ca.method, ca.hash, name, others, self);
}

/** True if `path` is exactly what its CA field and references say (Nix's isContentAddressed). */
export function isContentAddressed(storeDir: string, info: { path: string; ca?: string; references: string[] }): boolean {
  if (!info.ca) return false;
  try {
    const { name } = parseStorePath(storeDir, info.path);
    return pathOfContentAddress(storeDir, name, parseContentAddress(info.ca), info.references, info.path) === info.path;
  } catch {
    return false;
  }
}
