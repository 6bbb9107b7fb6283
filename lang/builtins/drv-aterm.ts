// The fast path of derivationStrict for input-addressed derivations (the common case): the three
// ATerm texts Nix computes — masked for the output paths, the .drv itself, and the unmasked
// hashDerivationModulo text for dependents — are assembled from pieces serialised once, and the
// hashes of input derivations are memoised as hex per .drv path. Byte-identical to store/drv.ts's
// unparseDerivation (test/lang/drv-aterm.test.ts checks this on random derivations).
import { createHash, hash as oneShotHash } from "node:crypto";
import type { Derivation } from "../../store/drv.js";
import { checkStoreName, compareBytes, outputPathName } from "../../store/path.js";

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

/** SHA-256 of a string's UTF-8 bytes in hex. */
export function sha256Hex(s: string): string {
  return typeof oneShotHash === "function" ? oneShotHash("sha256", s, "hex") : createHash("sha256").update(s).digest("hex");
}

const B32 = "0123456789abcdfghijklmnpqrsvwxyz";
const compressed = new Uint8Array(20);
const b32codes = new Array<number>(32);

/**
 * makeStorePath (store/path.ts) for a sha256 given in hex, without intermediate Hash objects:
 * `<storeDir>/<b32(compress20(sha256("<type>:sha256:<hex>:<storeDir>:<name>")))>-<name>`.
 */
export function storePathOf(storeDir: string, type: string, hex: string, name: string): string {
  checkStoreName(name);
  // the digest as a latin1 string (one char per byte): much cheaper to make than a Buffer
  const s = type + ":sha256:" + hex + ":" + storeDir + ":" + name;
  const d = typeof oneShotHash === "function" ? oneShotHash("sha256", s, "binary") : createHash("sha256").update(s).digest("binary");
  compressed.fill(0);
  for (let i = 0; i < 32; i++) compressed[i % 20] ^= d.charCodeAt(i);
  // Nix base32: 160 bits, little-endian, most significant 5-bit digit first
  for (let n = 31; n >= 0; n--) {
    const b = n * 5;
    const i = b >> 3;
    const j = b & 7;
    const c = (compressed[i]! >> j) | (i + 1 < 20 ? compressed[i + 1]! << (8 - j) : 0);
    b32codes[31 - n] = B32.charCodeAt(c & 31);
  }
  return storeDir + "/" + String.fromCharCode.apply(null, b32codes) + "-" + name;
}

/** makeType("text", refs) (store/path.ts): "text" + ":<ref>" for each sorted, distinct reference. */
export function textType(refs: Iterable<string>): string {
  const a = inOrder(refs);
  let s = "text";
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) s += ":" + a[i];
  return s;
}

/**
 * `xs` as a new array in byte order (store/path.ts's compareBytes). Derivations have few outputs,
 * inputs and variables: an insertion sort allocates nothing, unlike Array.prototype.sort.
 */
export function inOrder(xs: Iterable<string>): string[] {
  const a = [...xs];
  if (a.length > 32) return a.sort(compareBytes);
  for (let i = 1; i < a.length; i++) {
    const x = a[i]!;
    let j = i - 1;
    if (compareBytes(a[j]!, x) <= 0) continue;
    while (j >= 0 && compareBytes(a[j]!, x) > 0) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
  return a;
}

function sortedList(xs: Iterable<string>): string {
  const a = inOrder(xs);
  let out = "";
  for (let i = 0; i < a.length; i++) out += (i ? ',"' : '"') + a[i] + '"';
  return out;
}

function inputsSection(inputs: Map<string, Set<string>>): string {
  const keys = inOrder(inputs.keys());
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
  /** hashDerivationModulo(drv, maskOutputs = false) in hex, the hash dependents use. */
  moduloHex: string;
}

/**
 * Completes an input-addressed derivation whose output paths and output env values are still "":
 * `inputHex(drvPath)` gives each input derivation's (unmasked) modulo hash in hex. Fills in
 * drv.outputs / drv.env and returns the .drv text and this derivation's modulo hash.
 */
export function completeInputAddressed(drv: Derivation, drvName: string, storeDir: string,
                                       inputHex: (drvPath: string) => string): InputAddressed {
  const outs = inOrder(drv.outputs.keys());
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
  const envKeys = inOrder(drv.env.keys());
  const keyText = envKeys.map((k) => atermString(k));
  let envMasked = "";
  for (let i = 0; i < envKeys.length; i++) {
    const k = envKeys[i]!;
    envMasked += (i ? ",(" : "(") + keyText[i] + "," + (drv.outputs.has(k) ? '""' : atermString(drv.env.get(k)!)) + ")";
  }
  let outsMasked = "Derive([";
  for (let i = 0; i < outs.length; i++) outsMasked += (i ? ',("' : '("') + outs[i] + '","","","")';
  const masked = outsMasked + "],[" + inHashes + mid + envMasked + "])";
  const maskedHex = sha256Hex(masked);
  const outPaths = new Map<string, string>();
  let outsFull = "Derive([";
  for (let i = 0; i < outs.length; i++) {
    const o = outs[i]!;
    const p = storePathOf(storeDir, "output:" + o, maskedHex, outputPathName(drvName, o));
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
  const moduloHex = sha256Hex(outsFull + "],[" + inHashes + tail);
  return { outPaths, text, moduloHex };
}
