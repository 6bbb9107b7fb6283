// Store path computation and validation exactly as Nix 2.8 (store-api.cc, path.cc): makeStorePath and
// its text / fixed-output / output variants, name checks, and the output placeholders.
import { BASE32_ALPHABET, encodeBase32 } from "./base32.js";
import { StoreError } from "./errors.js";
import { compressHash, formatHash, hashOf, type Hash } from "./hash.js";

/** Length of the hash part of a store path's base name. */
export const HASH_PART_LEN = 32;
const NAME_RE = /^[0-9a-zA-Z+\-._?=]+$/;
const HASH_PART_RE = new RegExp(`^[${BASE32_ALPHABET}]{32}$`);

/** `<storeDir>/<b32(compress(sha256(type:sha256:<hex>:storeDir:name)))>-<name>`. */
export function makeStorePath(storeDir: string, type: string, hash: Hash, name: string): string {
  checkStoreName(name);
  const s = `${type}:${formatHash(hash, "base16", true)}:${storeDir}:${name}`;
  return `${storeDir}/${encodeBase32(compressHash(hashOf("sha256", s), 20))}-${name}`;
}

/** `type` + ":<ref>" for each sorted, de-duplicated reference + ":self" (Nix's makeType). */
export function makeType(type: string, refs: Iterable<string>, self = false): string {
  let s = type;
  for (const r of sortedUnique(refs)) s += ":" + r;
  if (self) s += ":self";
  return s;
}

/** Path of a text file (builtins.toFile, .drv files): sha256 only, never self. */
export function makeTextPath(storeDir: string, name: string, contentHash: Hash, refs: Iterable<string>): string {
  if (contentHash.algo !== "sha256") throw new StoreError("bad-hash", `text path '${name}' needs a sha256 hash`);
  return makeStorePath(storeDir, makeType("text", refs), contentHash, name);
}

/** Path of fixed-output / source content: "source" type for recursive sha256, else "output:out". */
export function makeFixedOutputPath(
  storeDir: string, method: "flat" | "recursive", hash: Hash, name: string,
  refs: Iterable<string> = [], self = false,
): string {
  if (hash.algo === "sha256" && method === "recursive") {
    return makeStorePath(storeDir, makeType("source", refs, self), hash, name);
  }
  const refList = [...refs];
  if (refList.length > 0 || self) {
    throw new StoreError("bad-store-path", `fixed-output path '${name}' cannot have references`);
  }
  const inner = `fixed:out:${method === "recursive" ? "r:" : ""}${formatHash(hash, "base16", true)}:`;
  return makeStorePath(storeDir, "output:out", hashOf("sha256", inner), name);
}

/** Path of an input-addressed output `outputName` from its hashDerivationModulo hash. */
export function makeOutputPath(storeDir: string, outputName: string, drvHash: Hash, drvName: string): string {
  return makeStorePath(storeDir, "output:" + outputName, drvHash, outputPathName(drvName, outputName));
}

/** `drvName` for "out", else `drvName-outputName`. */
export function outputPathName(drvName: string, outputName: string): string {
  return outputName === "out" ? drvName : `${drvName}-${outputName}`;
}

/** Throws StoreError unless `name` is a valid store path name (1–211 chars of [0-9a-zA-Z+-._?=]). */
export function checkStoreName(name: string): void {
  if (name.length === 0) throw new StoreError("bad-store-path", "store path name is empty");
  if (name.length > 211) throw new StoreError("bad-store-path", `store path name '${name}' is longer than 211 characters`);
  if (!NAME_RE.test(name)) {
    const bad = [...name].find((c) => !NAME_RE.test(c));
    throw new StoreError("bad-store-path", `store path name '${name}' contains illegal character '${bad}'`);
  }
}

/** Splits `<storeDir>/<hash>-<name>` (no trailing components) into its parts; throws StoreError. */
export function parseStorePath(storeDir: string, path: string): { hashPart: string; name: string } {
  const prefix = storeDir + "/";
  if (!path.startsWith(prefix)) throw new StoreError("bad-store-path", `path '${path}' is not in the store '${storeDir}'`);
  const base = path.slice(prefix.length);
  if (base.includes("/")) throw new StoreError("bad-store-path", `path '${path}' is not a store path (it is inside one)`);
  if (base.length < HASH_PART_LEN + 2 || base[HASH_PART_LEN] !== "-") {
    throw new StoreError("bad-store-path", `path '${path}' is not a valid store path`);
  }
  const hashPart = base.slice(0, HASH_PART_LEN);
  if (!HASH_PART_RE.test(hashPart)) throw new StoreError("bad-store-path", `path '${path}' has an invalid hash part`);
  const name = base.slice(HASH_PART_LEN + 1);
  try {
    checkStoreName(name);
  } catch (e) {
    throw new StoreError("bad-store-path", `path '${path}': ${(e as Error).message}`);
  }
  return { hashPart, name };
}

/** True if `path` is a well-formed store path in `storeDir`. */
export function isStorePath(storeDir: string, path: string): boolean {
  try {
    parseStorePath(storeDir, path);
    return true;
  } catch {
    return false;
  }
}

/** Returns the store path that `path` (possibly a file inside one) belongs to; throws StoreError. */
export function toStorePath(storeDir: string, path: string): string {
  const prefix = storeDir + "/";
  if (!path.startsWith(prefix)) throw new StoreError("bad-store-path", `path '${path}' is not in the store '${storeDir}'`);
  const slash = path.indexOf("/", prefix.length);
  const sp = slash < 0 ? path : path.slice(0, slash);
  parseStorePath(storeDir, sp);
  return sp;
}

/** The base name `<hash>-<name>` of a store path. */
export function storePathBaseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The 32-character hash part of a store path. */
export function storePathHashPart(path: string): string {
  const base = storePathBaseName(path);
  return base.slice(0, HASH_PART_LEN);
}

/** The placeholder for an output of the derivation being built: "/" + b32(sha256("nix-output:" + o)). */
export function hashPlaceholder(outputName: string): string {
  return "/" + encodeBase32(hashOf("sha256", "nix-output:" + outputName).bytes);
}

/** The placeholder for a not-yet-known output of another derivation (Nix 2.8 downstreamPlaceholder). */
export function downstreamPlaceholder(drvPath: string, outputName: string): string {
  const base = storePathBaseName(drvPath);
  const drvHashPart = base.slice(0, HASH_PART_LEN);
  let drvName = base.slice(HASH_PART_LEN + 1);
  if (drvName.endsWith(".drv")) drvName = drvName.slice(0, -4);
  const clear = `nix-upstream-output:${drvHashPart}:${outputPathName(drvName, outputName)}`;
  return "/" + encodeBase32(hashOf("sha256", clear).bytes);
}

/** Store paths sorted byte-wise and de-duplicated (Nix's StorePathSet order). */
export function sortedUnique(paths: Iterable<string>): string[] {
  return [...new Set(paths)].sort(compareBytes);
}

/** Byte-wise string comparison (std::string order) for ASCII/UTF-8 strings. */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // UTF-16 order equals UTF-8 byte order except surrogates vs U+E000..U+FFFF.
      if (x >= 0xd800 && y >= 0xd800) return Buffer.compare(Buffer.from(a.slice(i)), Buffer.from(b.slice(i)));
      return x - y;
    }
  }
  return a.length - b.length;
}
