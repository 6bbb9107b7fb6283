// Output paths of one build: where each output is written (its final path, or a scratch path for
// floating CA outputs and for outputs being re-checked, as Nix's makeFallbackPath), and finalising
// a built output — content-address hashing, fixed-output hash check, self-reference rewriting.
import * as fs from "node:fs";
import type { Derivation } from "../store/drv.js";
import { parseOutputHashAlgo } from "../store/drv-hash.js";
import { BuildError } from "../store/errors.js";
import { formatHash, hashEquals, parseHash, zeroHash, type Hash } from "../store/hash.js";
import { makeFixedOutputPath, makeStorePath, outputPathName, storePathBaseName, storePathHashPart } from "../store/path.js";
import { HashModuloSink } from "../store/hash-modulo.js";
import { dumpPath } from "../store/nar.js";
import { rewriteTree } from "./rewrite.js";

/** Nix's makeFallbackPath: the scratch path of output `o` of `drvPath`. */
export function scratchPath(storeDir: string, drvPath: string, drvName: string, o: string): string {
  return makeStorePath(storeDir, `rewrite:${storePathBaseName(drvPath)}:name:${o}`, zeroHash("sha256"), outputPathName(drvName, o));
}

/** A built output on its way to registration. */
export interface PendingOutput {
  name: string;
  scratch: string;
  /** Final path (known up front for input-addressed and fixed outputs). */
  final: string;
  /** References as final paths (self included when the output refers to itself). */
  references: Set<string>;
  /** Content-address string for CA outputs. */
  ca?: string;
}

/** Content-address string `fixed:[r:]<algo>:<base32>`. */
export function caString(method: "flat" | "recursive", h: Hash): string {
  return `fixed:${method === "recursive" ? "r:" : ""}${h.algo}:${formatHash(h, "base32")}`;
}

function contentHash(drvPath: string, physPath: string, method: "flat" | "recursive", h: Hash["algo"], modulus: string): Hash {
  if (method === "flat") {
    const st = fs.lstatSync(physPath);
    if (!st.isFile() || (st.mode & 0o100) !== 0) {
      throw new BuildError("bad-output", `output path '${physPath}' of '${drvPath}' should be a non-executable regular file since recursive hashing is not enabled (outputHashMode=flat)`, drvPath);
    }
  }
  const sink = new HashModuloSink(h, modulus);
  if (method === "recursive") dumpPath(physPath, (c) => sink.write(c));
  else sink.write(fs.readFileSync(physPath));
  return sink.finish().hash;
}

/** Check a fixed output against its declared hash; returns its CA string. Throws the Nix mismatch error. */
export function finishFixedOutput(drvPath: string, drv: Derivation, out: PendingOutput, phys: string): void {
  const decl = drv.outputs.get(out.name)!;
  const { method, algo } = parseOutputHashAlgo(decl.hashAlgo);
  const wanted = parseHash(decl.hash, algo);
  const got = contentHash(drvPath, phys, method, algo, storePathHashPart(out.scratch));
  if (!hashEquals(wanted, got)) {
    throw new BuildError("hash-mismatch", `hash mismatch in fixed-output derivation '${drvPath}': specified: ${formatHash(wanted, "sri")} got: ${formatHash(got, "sri")}`, drvPath);
  }
  const others = [...out.references].filter((r) => r !== out.scratch && r !== out.final);
  if (others.length > 0) {
    throw new BuildError("bad-references", `illegal path references in fixed-output derivation '${drvPath}'`, drvPath);
  }
  out.ca = caString(method, got);
}

/**
 * Finalise the floating CA outputs of a build: in reference order, rewrite references to sibling
 * scratch paths, hash modulo the own scratch hash part, compute the final path and rewrite the
 * own hash part. `physOf` gives the physical location of a scratch path.
 */
export function finishFloatingOutputs(drvPath: string, drv: Derivation, drvName: string, storeDir: string,
                                      outs: PendingOutput[], physOf: (p: string) => string): void {
  const byScratch = new Map(outs.map((o) => [o.scratch, o]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const finish = (o: PendingOutput): void => {
    if (done.has(o.name)) return;
    if (visiting.has(o.name)) throw new BuildError("bad-output", `cycle detected in the references of the outputs of '${drvPath}'`, drvPath);
    visiting.add(o.name);
    for (const r of o.references) { const s = byScratch.get(r); if (s && s !== o) finish(s); }
    const phys = physOf(o.scratch);
    const siblingRewrites = new Map<string, string>();
    const refs = new Set<string>();
    let self = false;
    for (const r of o.references) {
      if (r === o.scratch) { self = true; continue; }
      const s = byScratch.get(r);
      if (s) { siblingRewrites.set(storePathHashPart(s.scratch), storePathHashPart(s.final)); refs.add(s.final); } else refs.add(r);
    }
    rewriteTree(phys, siblingRewrites);
    const { method, algo } = parseOutputHashAlgo(drv.outputs.get(o.name)!.hashAlgo);
    const got = contentHash(drvPath, phys, method, algo, storePathHashPart(o.scratch));
    try {
      o.final = makeFixedOutputPath(storeDir, method, got, outputPathName(drvName, o.name), refs, self);
    } catch (e) {
      throw new BuildError("bad-output", `output '${o.name}' of '${drvPath}': ${(e as Error).message}`, drvPath);
    }
    rewriteTree(phys, new Map([[storePathHashPart(o.scratch), storePathHashPart(o.final)]]));
    o.references = new Set(refs);
    if (self) o.references.add(o.final);
    o.ca = caString(method, got);
    visiting.delete(o.name);
    done.add(o.name);
  };
  for (const o of outs) finish(o);
}

/** For outputs built at a scratch path with a known final path: rewrite scratch → final. */
export function finishInputAddressed(out: PendingOutput, outs: PendingOutput[], phys: string): void {
  const rw = new Map<string, string>();
  for (const o of outs) if (o.scratch !== o.final) rw.set(storePathHashPart(o.scratch), storePathHashPart(o.final));
  if (rw.size === 0) return; // built at its final paths: nothing to rewrite or rename
  rewriteTree(phys, rw);
  const byScratch = new Map(outs.map((o) => [o.scratch, o.final]));
  out.references = new Set([...out.references].map((r) => byScratch.get(r) ?? r));
}
