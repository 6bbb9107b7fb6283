// hashDerivationModulo (derivations.cc:574–686): the per-output hash that input-addressed output
// paths and realisation ids are computed from, with the fixed-output, floating-CA, deferred and
// impure rules of spec §4, and the derivation type classification (derivations.cc:467).
import { unparseDerivation, type Derivation } from "./drv.js";
import { StoreError } from "./errors.js";
import { formatHash, hashOf, parseHash, parseHashAlgo, type Hash } from "./hash.js";

/** Reads an input derivation by its store path (for recursion into inputDrvs). */
export type DrvLoader = (drvPath: string) => Derivation;

/** Result of hashDerivationModulo: a sha256 per output, and whether it is final. */
export interface DrvHash {
  kind: "regular" | "deferred";
  hashes: Map<string, Hash>;
}

/** The kind of a derivation, from the kinds of its outputs (all must agree). */
export type DerivationKind = "input-addressed" | "fixed" | "floating" | "deferred" | "impure";

type OutKind = "ia" | "fixed" | "floating" | "deferred" | "impure";

function outputKind(o: { path: string; hashAlgo: string; hash: string }): OutKind {
  if (o.hashAlgo === "") return o.path === "" ? "deferred" : "ia";
  if (o.hash === "impure") return "impure";
  return o.hash === "" ? "floating" : "fixed";
}

/** Classifies a derivation as Nix's BasicDerivation::type(); throws StoreError("bad-drv") on a mix. */
export function derivationType(drv: Derivation): DerivationKind {
  const kinds = new Set<OutKind>();
  const floatingAlgos = new Set<string>();
  for (const o of drv.outputs.values()) {
    const k = outputKind(o);
    kinds.add(k);
    if (k === "floating") floatingAlgos.add(o.hashAlgo.replace(/^r:/, ""));
  }
  if (kinds.size === 0) throw new StoreError("bad-drv", "derivation must have at least one output");
  if (kinds.size > 1) throw new StoreError("bad-drv", "can't mix derivation output types");
  const [k] = kinds;
  switch (k) {
    case "ia":
      return "input-addressed";
    case "fixed":
      if (drv.outputs.size > 1) throw new StoreError("bad-drv", "only one fixed output is allowed for now");
      if (!drv.outputs.has("out")) throw new StoreError("bad-drv", 'single fixed output must be named "out"');
      return "fixed";
    case "floating":
      if (floatingAlgos.size > 1) throw new StoreError("bad-drv", "all floating outputs must use the same hash type");
      return "floating";
    case "deferred":
      return "deferred";
    default:
      return "impure";
  }
}

/** Splits a fixed/floating hashAlgo field `[r:]algo` into method and algorithm. */
export function parseOutputHashAlgo(field: string): { method: "flat" | "recursive"; algo: ReturnType<typeof parseHashAlgo> } {
  const recursive = field.startsWith("r:");
  return { method: recursive ? "recursive" : "flat", algo: parseHashAlgo(recursive ? field.slice(2) : field) };
}

/**
 * Nix's hashDerivationModulo. Inputs are hashed unmasked and memoised in `cache` by drv path; only
 * this top-level call masks output paths when `maskOutputs` is set.
 */
export function hashDerivationModulo(drv: Derivation, maskOutputs: boolean, load: DrvLoader,
                                     cache: Map<string, DrvHash> = new Map()): DrvHash {
  const type = derivationType(drv);
  const hashes = new Map<string, Hash>();
  if (type === "fixed") {
    for (const [name, o] of drv.outputs) {
      const { method, algo } = parseOutputHashAlgo(o.hashAlgo);
      const h = parseHash(o.hash, algo);
      const s = `fixed:out:${method === "recursive" ? "r:" : ""}${algo}:${formatHash(h, "base16")}:${o.path}`;
      hashes.set(name, hashOf("sha256", s));
    }
    return { kind: "regular", hashes };
  }
  if (type === "impure") {
    const h = hashOf("sha256", "impure");
    for (const name of drv.outputs.keys()) hashes.set(name, h);
    return { kind: "deferred", hashes };
  }
  let kind: DrvHash["kind"] = type === "floating" ? "deferred" : "regular";
  const inputs2 = new Map<string, Set<string>>();
  for (const [inPath, wanted] of drv.inputDrvs) {
    let r = cache.get(inPath);
    if (!r) {
      r = hashDerivationModulo(load(inPath), false, load, cache);
      cache.set(inPath, r);
    }
    if (r.kind === "deferred") kind = "deferred";
    for (const o of wanted) {
      const h = r.hashes.get(o);
      if (!h) throw new StoreError("bad-drv", `derivation '${inPath}' has no output '${o}'`, inPath);
      const key = formatHash(h, "base16");
      let set = inputs2.get(key);
      if (!set) inputs2.set(key, (set = new Set()));
      set.add(o);
    }
  }
  const h = hashOf("sha256", unparseDerivation(drv, maskOutputs, inputs2));
  for (const name of drv.outputs.keys()) hashes.set(name, h);
  return { kind, hashes };
}

/** staticOutputHashes: the masked modulo hash per output (the realisation key, spec §6.4). */
export function staticOutputHashes(drv: Derivation, load: DrvLoader, cache?: Map<string, DrvHash>): Map<string, Hash> {
  return hashDerivationModulo(drv, true, load, cache).hashes;
}

/** The realisation id `sha256:<hex>!<output>`. */
export function drvOutputId(hash: Hash, outputName: string): string {
  return `${formatHash(hash, "base16", true)}!${outputName}`;
}
