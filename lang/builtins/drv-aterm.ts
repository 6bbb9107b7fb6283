// The fast path of derivationStrict for input-addressed derivations (the common case): the three
// ATerm texts Nix computes — masked for the output paths, the .drv itself, and the unmasked
// hashDerivationModulo text for dependents — are assembled from pieces serialised once, and the
// hashes of input derivations are memoised as hex per .drv path. Byte-identical to store/drv.ts's
// unparseDerivation (test/lang/drv-aterm.test.ts checks this on random derivations).
import { createHash, hash as oneShotHash } from "node:crypto";
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

/** A derivation collected by derivationStrict whose output paths are not known yet (input-addressed). */
export interface PendingDrv {
  name: string;
  /** Output names: distinct, in byte order. */
  outputs: readonly string[];
  /** Input derivations (distinct paths, any order) and, at the same index, the outputs wanted (distinct). */
  inputDrvs: readonly string[];
  inputOuts: readonly (readonly string[])[];
  /** Input sources: distinct store paths, any order. */
  inputSrcs: readonly string[];
  platform: string;
  builder: string;
  args: readonly string[];
  /** The environment without the outputs: distinct keys, any order (a key naming an output is ignored:
   *  the output's path replaces it). */
  envKeys: readonly string[];
  envVals: readonly string[];
}

/** What the fast path computes for one input-addressed derivation. */
export interface InputAddressed {
  /** The output paths, at the index of their name in `outputs`. */
  outPaths: string[];
  /** The .drv text (printDerivation). */
  text: string;
  /** hashDerivationModulo(drv, maskOutputs = false) in hex, the hash dependents use. */
  moduloHex: string;
  /** The .drv's references: input sources and input derivations, distinct, in byte order. */
  refs: string[];
}

/** A sorted array without its repeated elements (in place). */
function distinct(a: string[]): string[] {
  let w = 0;
  for (let i = 0; i < a.length; i++) if (w === 0 || a[i] !== a[w - 1]) a[w++] = a[i]!;
  a.length = w;
  return a;
}

/** Indices of `keys` in byte order of the keys (insertion sort: the lists are short and mostly sorted). */
function orderOf(keys: readonly string[]): number[] {
  const n = keys.length;
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n > 32) return idx.sort((a, b) => compareBytes(keys[a]!, keys[b]!));
  for (let i = 1; i < n; i++) {
    const x = idx[i]!;
    const k = keys[x]!;
    let j = i - 1;
    while (j >= 0 && compareBytes(keys[idx[j]!]!, k) > 0) {
      idx[j + 1] = idx[j]!;
      j--;
    }
    idx[j + 1] = x;
  }
  return idx;
}

/** `("<key>",["<out>",…])` entries for keys in byte order with their outputs sorted. */
function inputsText(keys: readonly string[], outs: readonly (readonly string[])[], order: readonly number[]): string {
  const parts = new Array<string>(order.length);
  for (let i = 0; i < order.length; i++) {
    const j = order[i]!;
    parts[i] = '("' + keys[j] + '",[' + sortedList(outs[j]!) + "])";
  }
  return parts.join(",");
}

/** The input section of the modulo text: each input's modulo hash (inputs sharing one merge their outputs). */
function moduloInputsText(d: PendingDrv, inputHex: (drvPath: string) => string): string {
  const n = d.inputDrvs.length;
  const hexes = new Array<string>(n);
  for (let i = 0; i < n; i++) hexes[i] = inputHex(d.inputDrvs[i]!);
  const order = orderOf(hexes);
  let shared = false;
  for (let i = 1; i < n; i++) if (hexes[order[i]!] === hexes[order[i - 1]!]) shared = true;
  if (!shared) return inputsText(hexes, d.inputOuts, order);
  const keys: string[] = [];
  const outs: string[][] = [];
  for (let i = 0; i < n; i++) {
    const j = order[i]!;
    if (keys.length > 0 && keys[keys.length - 1] === hexes[j]) {
      const set = outs[outs.length - 1]!;
      for (const o of d.inputOuts[j]!) if (!set.includes(o)) set.push(o);
    } else {
      keys.push(hexes[j]!);
      outs.push(d.inputOuts[j]!.slice());
    }
  }
  return inputsText(keys, outs, keys.map((_, i) => i));
}

/**
 * Completes an input-addressed derivation: `inputHex(drvPath)` gives each input derivation's
 * (unmasked) modulo hash in hex. Returns the output paths, the .drv text, this derivation's modulo
 * hash and the .drv's references. Three texts as Nix computes them — masked (output paths and their
 * env values blank), the .drv, and the modulo text (input derivations replaced by their hashes) —
 * share every piece but the outputs, the inputs and the output env values.
 */
export function completeInputAddressed(d: PendingDrv, storeDir: string, inputHex: (drvPath: string) => string): InputAddressed {
  const outs = d.outputs;
  const inHashes = moduloInputsText(d, inputHex);
  const srcs = inOrder(d.inputSrcs);
  let srcText = "";
  for (let i = 0; i < srcs.length; i++) srcText += (i ? ',"' : '"') + srcs[i] + '"';
  const argParts = new Array<string>(d.args.length);
  for (let i = 0; i < d.args.length; i++) argParts[i] = atermString(d.args[i]!);
  const mid = "],[" + srcText + '],"' + d.platform + '",' + atermString(d.builder) + ",[" + argParts.join(",") + "],[";
  // env: the collected keys that are not outputs, and the outputs (their values are the paths)
  const keys: string[] = [];
  const vals: string[] = [];
  for (let i = 0; i < d.envKeys.length; i++) {
    const k = d.envKeys[i]!;
    if (outs.includes(k)) continue;
    keys.push(k);
    vals.push(atermString(d.envVals[i]!));
  }
  const firstOut = keys.length;
  for (let i = 0; i < outs.length; i++) keys.push(outs[i]!);
  const order = orderOf(keys);
  const env = new Array<string>(keys.length);
  const outAt = new Array<number>(outs.length); // where each output's entry is in `env`
  for (let i = 0; i < order.length; i++) {
    const j = order[i]!;
    if (j >= firstOut) {
      outAt[j - firstOut] = i;
      env[i] = "(" + atermString(keys[j]!) + ',"")';
    } else env[i] = "(" + atermString(keys[j]!) + "," + vals[j] + ")";
  }
  const outParts = new Array<string>(outs.length);
  for (let i = 0; i < outs.length; i++) outParts[i] = '("' + outs[i] + '","","","")';
  const masked = "Derive([" + outParts.join(",") + "],[" + inHashes + mid + env.join(",") + "])";
  const maskedHex = sha256Hex(masked);
  const outPaths = new Array<string>(outs.length);
  for (let i = 0; i < outs.length; i++) {
    const o = outs[i]!;
    const p = storePathOf(storeDir, "output:" + o, maskedHex, outputPathName(d.name, o));
    outPaths[i] = p;
    outParts[i] = '("' + o + '","' + p + '","","")';
    env[outAt[i]!] = "(" + atermString(o) + ',"' + p + '")';
  }
  const head = "Derive([" + outParts.join(",") + "],[";
  const tail = mid + env.join(",") + "])";
  const drvOrder = orderOf(d.inputDrvs);
  const text = head + inputsText(d.inputDrvs, d.inputOuts, drvOrder) + tail;
  const moduloHex = sha256Hex(head + inHashes + tail);
  const refs = new Array<string>(srcs.length + drvOrder.length);
  for (let i = 0; i < drvOrder.length; i++) refs[i] = d.inputDrvs[drvOrder[i]!]!;
  for (let i = 0; i < srcs.length; i++) refs[drvOrder.length + i] = srcs[i]!;
  return { outPaths, text, moduloHex, refs: drvOrder.length && srcs.length ? distinct(inOrder(refs)) : refs };
}
