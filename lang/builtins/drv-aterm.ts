// The fast path of derivationStrict for input-addressed derivations (the common case): the three
// ATerm texts Nix computes — masked for the output paths, the .drv itself, and the unmasked
// hashDerivationModulo text for dependents — are assembled from pieces serialised once, and the
// hashes of input derivations are memoised as hex per .drv path. Byte-identical to store/drv.ts's
// unparseDerivation (test/lang/drv-aterm.test.ts checks this on random derivations).
import { createHash, hash as oneShotHash } from "node:crypto";
import type { Derivation } from "../../store/drv.js";
import type { Hash } from "../../store/hash.js";
import { compareBytes, makeOutputPath } from "../../store/path.js";

const NEEDS_ESCAPE = /["\\\n\r\t]/;
const ESCAPE_RE = /["\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Nix's printString: quoted, with `"` `\` LF CR TAB escaped. */
export function atermString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? '"' + s.replace(ESCAPE_RE, (c) => ESCAPES[c]!) + '"' : '"' + s + '"';
}

/** SHA-256 of a string's UTF-8 bytes (one call, no Hash object, where Node has crypto.hash). */
export function sha256(s: string): Buffer {
  return typeof oneShotHash === "function"
    ? (oneShotHash("sha256", s, "buffer") as unknown as Buffer)
    : createHash("sha256").update(s).digest();
}

function sortedList(xs: Iterable<string>): string {
  const a = [...xs].sort(compareBytes);
  let out = "";
  for (let i = 0; i < a.length; i++) out += (i ? ',"' : '"') + a[i] + '"';
  return out;
}

function inputsSection(inputs: Map<string, Set<string>>): string {
  const keys = [...inputs.keys()].sort(compareBytes);
  let out = "";
  for (let i = 0; i < keys.length; i++) {
    out += (i ? ',("' : '("') + keys[i] + '",[' + sortedList(inputs.get(keys[i]!)!) + "])";
  }
  return out;
}

/** What the fast path computes for one input-addressed derivation. */
export interface InputAddressed {
  /** Output name → output path (also set in drv.outputs and drv.env). */
  outPaths: Map<string, string>;
  /** The .drv text (printDerivation). */
  text: string;
  /** hashDerivationModulo(drv, maskOutputs = false), the hash dependents use. */
  modulo: Buffer;
}

/**
 * Completes an input-addressed derivation whose output paths and output env values are still "":
 * `inputHex(drvPath)` gives each input derivation's (unmasked) modulo hash in hex. Fills in
 * drv.outputs / drv.env and returns the .drv text and this derivation's modulo hash.
 */
export function completeInputAddressed(drv: Derivation, drvName: string, storeDir: string,
                                       inputHex: (drvPath: string) => string): InputAddressed {
  const outs = [...drv.outputs.keys()].sort(compareBytes);
  const byHash = new Map<string, Set<string>>();
  for (const [p, wanted] of drv.inputDrvs) {
    const hex = inputHex(p);
    const set = byHash.get(hex);
    if (set) for (const o of wanted) set.add(o);
    else byHash.set(hex, new Set(wanted));
  }
  const inHashes = inputsSection(byHash);
  let args = "";
  for (let i = 0; i < drv.args.length; i++) args += (i ? "," : "") + atermString(drv.args[i]!);
  const mid = "],[" + sortedList(drv.inputSrcs) + '],"' + drv.platform + '",' + atermString(drv.builder) + ",[" + args + "],[";
  // env with the output values blank (masked) and filled (once the paths are known)
  const envKeys = [...drv.env.keys()].sort(compareBytes);
  const keyText = envKeys.map((k) => atermString(k));
  let envMasked = "";
  for (let i = 0; i < envKeys.length; i++) {
    const k = envKeys[i]!;
    envMasked += (i ? ",(" : "(") + keyText[i] + "," + (drv.outputs.has(k) ? '""' : atermString(drv.env.get(k)!)) + ")";
  }
  let outsMasked = "Derive([";
  for (let i = 0; i < outs.length; i++) outsMasked += (i ? ',("' : '("') + outs[i] + '","","","")';
  const masked = outsMasked + "],[" + inHashes + mid + envMasked + "])";
  const maskedHash: Hash = { algo: "sha256", bytes: sha256(masked) };
  const outPaths = new Map<string, string>();
  let outsFull = "Derive([";
  for (let i = 0; i < outs.length; i++) {
    const o = outs[i]!;
    const p = makeOutputPath(storeDir, o, maskedHash, drvName);
    outPaths.set(o, p);
    drv.outputs.set(o, { path: p, hashAlgo: "", hash: "" });
    drv.env.set(o, p);
    outsFull += (i ? ',("' : '("') + o + '","' + p + '","","")';
  }
  let envFull = "";
  for (let i = 0; i < envKeys.length; i++) {
    const k = envKeys[i]!;
    envFull += (i ? ",(" : "(") + keyText[i] + "," + atermString(drv.env.get(k)!) + ")";
  }
  const tail = mid + envFull + "])";
  const text = outsFull + "],[" + inputsSection(drv.inputDrvs) + tail;
  const modulo = sha256(outsFull + "],[" + inHashes + tail);
  return { outPaths, text, modulo };
}
