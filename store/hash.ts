// Cryptographic hashes as Nix handles them: md5/sha1/sha256/sha512, every textual form Nix accepts
// (base16, Nix base32, base64, typed "algo:…", SRI "algo-…" via ssri) and compressHash (libutil/hash.cc).
import { createHash } from "node:crypto";
import { base32Len, decodeBase32, encodeBase32 } from "./base32.js";
import { StoreError } from "./errors.js";
import { ssri } from "./lazy-deps.js";

/** The hash algorithms Nix knows. */
export type HashAlgo = "md5" | "sha1" | "sha256" | "sha512";

/** A digest together with its algorithm. */
export interface Hash {
  readonly algo: HashAlgo;
  readonly bytes: Buffer;
}

/** Digest size in bytes of each algorithm. */
export const HASH_SIZE: Record<HashAlgo, number> = { md5: 16, sha1: 20, sha256: 32, sha512: 64 };

/** True if `s` names a hash algorithm Nix knows (lowercase, as parseHashType). */
export function isHashAlgo(s: string): s is HashAlgo {
  return s === "md5" || s === "sha1" || s === "sha256" || s === "sha512";
}

/** Parses an algorithm name; throws StoreError for an unknown one. */
export function parseHashAlgo(s: string): HashAlgo {
  if (!isHashAlgo(s)) throw new StoreError("bad-hash", `unknown hash algorithm '${s}'`);
  return s;
}

/** Hashes a string (UTF-8) or bytes. */
export function hashOf(algo: HashAlgo, data: string | Uint8Array): Hash {
  return { algo, bytes: createHash(algo).update(data).digest() };
}

/** An all-zero hash of the given algorithm (newHashAllowEmpty's value for ""). */
export function zeroHash(algo: HashAlgo): Hash {
  return { algo, bytes: Buffer.alloc(HASH_SIZE[algo]) };
}

/** True if two hashes have the same algorithm and digest. */
export function hashEquals(a: Hash, b: Hash): boolean {
  return a.algo === b.algo && a.bytes.equals(b.bytes);
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeDigest(text: string, algo: HashAlgo, whole: string): Buffer {
  const size = HASH_SIZE[algo];
  if (text.length === size * 2) {
    if (!/^[0-9a-fA-F]*$/.test(text)) throw new StoreError("bad-hash", `invalid base-16 hash '${whole}'`);
    return Buffer.from(text, "hex");
  }
  if (text.length === base32Len(size)) {
    try {
      return decodeBase32(text, size);
    } catch {
      throw new StoreError("bad-hash", `invalid base-32 hash '${whole}'`);
    }
  }
  if (text.length === (((4 * size) / 3 + 3) & ~3)) return decodeBase64(text, size, whole);
  throw new StoreError("bad-hash", `hash '${whole}' has wrong length for hash type '${algo}'`);
}

function decodeBase64(text: string, size: number, whole: string): Buffer {
  if (!BASE64_RE.test(text)) throw new StoreError("bad-hash", `invalid base-64 hash '${whole}'`);
  const bytes = Buffer.from(text, "base64");
  if (bytes.length !== size) throw new StoreError("bad-hash", `invalid SRI hash '${whole}': wrong digest length`);
  return bytes;
}

function parseSri(text: string, algo?: HashAlgo): Hash {
  const parsed = ssri().parse(text, { single: true }) as unknown as { algorithm?: string; digest?: string } | null;
  if (!parsed || !parsed.algorithm || parsed.digest === undefined) {
    throw new StoreError("bad-hash", `invalid SRI hash '${text}'`);
  }
  const a = parseHashAlgo(parsed.algorithm);
  if (algo && algo !== a) throw new StoreError("bad-hash", `hash '${text}' should have type '${algo}'`);
  return { algo: a, bytes: decodeBase64(parsed.digest, HASH_SIZE[a], text) };
}

/**
 * Parses a hash in any form Nix accepts: `algo:digest` (base16/base32/base64 by length), SRI
 * `algo-base64`, or a bare digest when `algo` is given. A prefix must agree with `algo`.
 */
export function parseHash(text: string, algo?: HashAlgo): Hash {
  const colon = text.indexOf(":");
  if (colon >= 0) {
    const a = parseHashAlgo(text.slice(0, colon));
    if (algo && algo !== a) throw new StoreError("bad-hash", `hash '${text}' should have type '${algo}'`);
    return { algo: a, bytes: decodeDigest(text.slice(colon + 1), a, text) };
  }
  const dash = text.indexOf("-");
  if (dash >= 0 && isHashAlgo(text.slice(0, dash))) return parseSri(text, algo);
  if (!algo) throw new StoreError("bad-hash", `hash '${text}' does not include a type`);
  return { algo, bytes: decodeDigest(text, algo, text) };
}

/** Like parseHash, but "" gives an all-zero hash of `algo` (Nix's newHashAllowEmpty). */
export function parseHashAllowEmpty(text: string, algo?: HashAlgo): Hash {
  if (text === "") {
    if (!algo) throw new StoreError("bad-hash", "empty hash requires an explicit hash type");
    return zeroHash(algo);
  }
  return parseHash(text, algo);
}

/** Prints a hash; `typed` prefixes "algo:" (SRI always carries its algorithm). */
export function formatHash(h: Hash, form: "base16" | "base32" | "base64" | "sri", typed = false): string {
  if (form === "sri") return ssri().fromHex(h.bytes.toString("hex"), h.algo).toString();
  const digest =
    form === "base16" ? h.bytes.toString("hex") : form === "base32" ? encodeBase32(h.bytes) : h.bytes.toString("base64");
  return typed ? `${h.algo}:${digest}` : digest;
}

/** XOR-folds a digest into `size` bytes (Nix's compressHash). */
export function compressHash(h: Hash, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < h.bytes.length; i++) out[i % size] ^= h.bytes[i];
  return out;
}
