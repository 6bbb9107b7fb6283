// derivationStrict exactly as Nix 2.8's prim_derivationStrict (spec §3.4): attribute coercion,
// outputs, fixed-output / floating-CA / input-addressed paths via hashDerivationModulo, string
// context → inputDrvs/inputSrcs, structured attrs; the .drv is written through EvalStore.addText.
// Also `derivation` (Nix's own derivation.nix wrapper, evaluated here) and `placeholder`.
import { prim, constant } from "./registry.js";
import { LangError, unquotedSource } from "../errors.js";
import { coerceToString } from "../coerce.js";
import { forceAttrs, forceBool, forceList, forceStrNoCtx, missingForCall } from "../check.js";
import { jsonString, toJSON } from "../print.js";
import { st } from "../state.js";
import { evalSource } from "../eval.js";
import { attrsFromUnsorted } from "../attrset.js";
import { Attrs, force, Lambda, NixString, type Lazy } from "../values.js";
import { nativeDerivation } from "./derivation-native.js";
import { parseDerivation, printDerivation, type Derivation } from "../../store/drv.js";
import { hashDerivationModulo, type DrvHash } from "../../store/drv-hash.js";
import { parseHashAlgo, parseHashAllowEmpty, formatHash, type Hash, type HashAlgo } from "../../store/hash.js";
import { makeFixedOutputPath, makeOutputPath, hashPlaceholder, downstreamPlaceholder } from "../../store/path.js";
import { completeInputAddressed, inOrder, type PendingDrv } from "./drv-aterm.js";
import { TkError } from "../../store/errors.js";

function readDrv(path: string): Derivation {
  const s = st();
  const text = s.drvTexts.get(path) ?? s.store.readStoreFile(path);
  return parseDerivation(text);
}

function drvHashCache(): Map<string, DrvHash> {
  return st().drvHashes as Map<string, DrvHash>;
}

function addClosure(drvPath: string, drv: Derivation, seen: Set<string>): void {
  if (seen.has(drvPath)) return;
  seen.add(drvPath);
  drv.inputSrcs.add(drvPath);
  const d = readDrv(drvPath);
  drv.inputDrvs.set(drvPath, new Set(d.outputs.keys()));
  for (const src of d.inputSrcs) drv.inputSrcs.add(src);
  for (const inp of d.inputDrvs.keys()) addClosure(inp, drv, seen);
}

function derivationStrict(arg: Lazy): Attrs {
  const attrs = forceAttrs(arg);
  const nameV = attrs.get("name");
  if (nameV === undefined) throw missingForCall("name", "derivationStrict", attrs);
  const drvName = forceStrNoCtx(nameV);
  const sa = attrs.get("__structuredAttrs");
  const structured = sa !== undefined && forceBool(sa);
  const ign = attrs.get("__ignoreNulls");
  const ignoreNulls = ign !== undefined && forceBool(ign);
  // the environment as parallel arrays (in the set's order; a Map only for the general path)
  const envKeys: string[] = [];
  const envVals: string[] = [];
  const args: string[] = [];
  let builder = "";
  let platform = "";
  const ctx = new Set<string>();
  let contentAddressed = false;
  let isImpure = false;
  let outputHash: string | undefined;
  let outputHashAlgo = "";
  let method: "flat" | "recursive" | undefined;
  let outputs = DEFAULT_OUTPUTS;
  const json: string[] = [];
  const handleMode = (s: string): void => {
    if (s === "recursive") method = "recursive";
    else if (s === "flat") method = "flat";
    else throw new LangError("eval", `invalid value '${s}' for 'outputHashMode' attribute`);
  };
  const handleOutputs = (ss: string[]): void => {
    const set = new Set<string>();
    for (const o of ss) {
      if (set.has(o)) throw new LangError("eval", `duplicate derivation output '${o}'`);
      if (o === "drv") throw new LangError("eval", "invalid derivation output name 'drv'");
      set.add(o);
    }
    if (set.size === 0) throw new LangError("eval", "derivation cannot have an empty set of outputs");
    outputs = inOrder(set);
  };
  const names = attrs.names;
  for (let i = 0; i < names.length; i++) {
    const key = names[i]!;
    if (key === "__ignoreNulls") continue;
    const val = attrs.vals[i]!;
    try {
      if (ignoreNulls && force(val) === null) continue;
      if (key === "__contentAddressed") contentAddressed = forceBool(val);
      else if (key === "__impure") isImpure = forceBool(val);
      else if (key === "args") {
        for (const el of forceList(val)) args.push(coerceToString(el, ctx, true, true));
      } else if (structured) {
        if (key === "__structuredAttrs") continue;
        json.push(`${jsonString(key)}:${toJSON(val, ctx)}`);
        if (key === "builder") builder = coerceToString(val, ctx, false, true);
        else if (key === "system") platform = forceStrNoCtx(val);
        else if (key === "outputHash") outputHash = forceStrNoCtx(val);
        else if (key === "outputHashAlgo") outputHashAlgo = forceStrNoCtx(val);
        else if (key === "outputHashMode") handleMode(forceStrNoCtx(val));
        else if (key === "outputs") handleOutputs(forceList(val).map((x) => forceStrNoCtx(x)));
      } else {
        const s = coerceToString(val, ctx, true, true);
        envKeys.push(key);
        envVals.push(s);
        if (key === "builder") builder = s;
        else if (key === "system") platform = s;
        else if (key === "outputHash") outputHash = s;
        else if (key === "outputHashAlgo") outputHashAlgo = s;
        else if (key === "outputHashMode") handleMode(s);
        else if (key === "outputs") handleOutputs(s.split(/[ \t\n\r]+/).filter((x) => x !== ""));
      }
    } catch (e) {
      if (e instanceof LangError) e.addFrame(`while evaluating the attribute '${key}' of the derivation '${drvName}'`);
      throw e;
    }
  }
  if (structured) {
    envKeys.push("__json");
    envVals.push(`{${json.join(",")}}`);
  }
  if (builder === "") throw new LangError("eval", "required attribute 'builder' missing");
  if (platform === "") throw new LangError("eval", "required attribute 'system' missing");
  if (drvName.endsWith(".drv")) throw new LangError("eval", "derivation names are not allowed to end in '.drv'");
  const storeDir = st().store.storeDir;
  if (outputHash === undefined && !contentAddressed && !isImpure) {
    const pending = pendingDrv(drvName, outputs, ctx, platform, builder, args, envKeys, envVals);
    if (pending !== undefined) {
      const r = completeInputAddressed(pending, storeDir, moduloHex);
      return finish(drvName, outputs, r.outPaths, r.text, r.refs, new HexDrvHash(outputs, r.moduloHex));
    }
  }
  const drv: Derivation = {
    outputs: new Map(), inputDrvs: new Map(), inputSrcs: new Set(), platform, builder, args, env: new Map(),
  };
  for (let i = 0; i < envKeys.length; i++) drv.env.set(envKeys[i]!, envVals[i]!);
  const closureSeen = new Set<string>();
  for (const c of ctx) {
    if (c.startsWith("=")) addClosure(c.slice(1), drv, closureSeen);
    else if (c.startsWith("!")) {
      const j = c.indexOf("!", 1);
      const out = c.slice(1, j);
      const p = c.slice(j + 1);
      let set = drv.inputDrvs.get(p);
      if (!set) drv.inputDrvs.set(p, (set = new Set()));
      set.add(out);
    } else drv.inputSrcs.add(c);
  }
  const algoOpt = (): HashAlgo | undefined => (outputHashAlgo === "" ? undefined : parseHashAlgo(outputHashAlgo));
  if (outputHash !== undefined) {
    if (outputs.length !== 1 || outputs[0] !== "out") {
      throw new LangError("eval", "multiple outputs are not supported in fixed-output derivations");
    }
    const h = parseHashAllowEmpty(outputHash, algoOpt());
    const m = method ?? "flat";
    const outPath = makeFixedOutputPath(storeDir, m, h, drvName);
    drv.env.set("out", outPath);
    drv.outputs.set("out", { path: outPath, hashAlgo: (m === "recursive" ? "r:" : "") + h.algo, hash: formatHash(h, "base16") });
  } else if (contentAddressed || isImpure) {
    if (contentAddressed && isImpure) throw new LangError("eval", "derivation cannot be both content-addressed and impure");
    const ht = algoOpt() ?? "sha256";
    const m = method ?? "recursive";
    for (const o of outputs) {
      drv.env.set(o, hashPlaceholder(o));
      drv.outputs.set(o, { path: "", hashAlgo: (m === "recursive" ? "r:" : "") + ht, hash: isImpure ? "impure" : "" });
    }
  } else {
    for (const o of outputs) {
      drv.env.set(o, "");
      drv.outputs.set(o, { path: "", hashAlgo: "", hash: "" });
    }
    const hm = hashDerivationModulo(drv, true, readDrv, drvHashCache());
    if (hm.kind === "regular") {
      for (const o of outputs) {
        const p = makeOutputPath(storeDir, o, hm.hashes.get(o)!, drvName);
        drv.env.set(o, p);
        drv.outputs.set(o, { path: p, hashAlgo: "", hash: "" });
      }
    }
  }
  const text = printDerivation(drv);
  const outPaths = outputs.map((o) => drv.outputs.get(o)!.path);
  const refs = inOrder(new Set([...drv.inputSrcs, ...drv.inputDrvs.keys()]));
  return finish(drvName, outputs, outPaths, text, refs, hashDerivationModulo(drv, false, readDrv, drvHashCache()));
}

const DEFAULT_OUTPUTS: readonly string[] = ["out"];

/**
 * The derivation as the fast path takes it, when its context names only input sources and outputs of
 * input derivations whose modulo hashes are final (not deferred); else undefined (the general path
 * then reads the inputs again and reports what is wrong).
 */
function pendingDrv(name: string, outputs: readonly string[], ctx: Set<string>, platform: string, builder: string,
                    args: string[], envKeys: string[], envVals: string[]): PendingDrv | undefined {
  const inputDrvs: string[] = [];
  const inputOuts: string[][] = [];
  const inputSrcs: string[] = [];
  const cache = drvHashCache();
  for (const c of ctx) {
    if (c.charCodeAt(0) === 61 /* = */) return undefined;
    if (c.charCodeAt(0) !== 33 /* ! */) {
      inputSrcs.push(c);
      continue;
    }
    const j = c.indexOf("!", 1);
    const out = c.slice(1, j);
    const p = c.slice(j + 1);
    let h = cache.get(p);
    if (h === undefined) {
      h = hashDerivationModulo(readDrv(p), false, readDrv, cache);
      cache.set(p, h);
    }
    if (h.kind !== "regular") return undefined;
    if (!(h instanceof HexDrvHash ? h.outputs : [...h.hashes.keys()]).includes(out)) return undefined;
    const at = inputDrvs.length < 8 ? inputDrvs.indexOf(p) : inputDrvs.lastIndexOf(p);
    if (at >= 0) inputOuts[at]!.push(out);
    else {
      inputDrvs.push(p);
      inputOuts.push([out]);
    }
  }
  return { name, outputs, inputDrvs, inputOuts, inputSrcs, platform, builder, args, envKeys, envVals };
}

/** The unmasked modulo hash of a (regular) input derivation in hex, memoised per .drv path. */
function moduloHex(drvPath: string): string {
  const h = drvHashCache().get(drvPath)!;
  if (h instanceof HexDrvHash) return h.hex;
  const hex = h.hashes.values().next().value!.bytes.toString("hex");
  drvHashCache().set(drvPath, new HexDrvHash([...h.hashes.keys()], hex));
  return hex;
}

/** A regular modulo hash (the same for every output) kept in hex; the Hash objects are made on demand. */
class HexDrvHash implements DrvHash {
  readonly kind = "regular" as const;
  private map: Map<string, Hash> | undefined;
  constructor(readonly outputs: readonly string[], readonly hex: string) {}
  get hashes(): Map<string, Hash> {
    if (!this.map) {
      const h: Hash = { algo: "sha256", bytes: Buffer.from(this.hex, "hex") };
      this.map = new Map(this.outputs.map((o) => [o, h]));
    }
    return this.map;
  }
}

/** Writes the .drv (through the store), records its modulo hash and builds the result set:
 *  drvPath and each output (sorted names; an output without a path yet gets its placeholder). */
function finish(drvName: string, outputs: readonly string[], outPaths: string[], text: string, refs: string[],
                modulo: DrvHash): Attrs {
  const s = st();
  const drvPath = s.store.addText(`${drvName}.drv`, text, refs);
  s.drvTexts.set(drvPath, text);
  drvHashCache().set(drvPath, modulo);
  const names = new Array<string>(outputs.length + 1);
  const vals = new Array<Lazy>(outputs.length + 1);
  names[0] = "drvPath";
  vals[0] = new NixString(drvPath, new Set(["=" + drvPath]));
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i]!;
    const p = outPaths[i] !== "" ? outPaths[i]! : downstreamPlaceholder(drvPath, o);
    names[i + 1] = o;
    vals[i + 1] = new NixString(p, new Set([`!${o}!${drvPath}`]));
  }
  return attrsFromUnsorted(names, vals, false);
}

/** derivationStrict as a builtin: store errors become language errors; errors without a position get
 *  the position of the `name` attribute, as Nix's posDrvName. */
function derivationStrictOp(a: Lazy): Attrs {
  try {
    return derivationStrict(a);
  } catch (e) {
    const err = e instanceof TkError && !(e instanceof LangError) ? new LangError("eval", e.message) : e;
    if (err instanceof LangError && !err.loc) {
      const set = force(a);
      const pos = set instanceof Attrs ? set.pos : undefined;
      const at = pos?.at.get("name");
      if (pos && at !== undefined) err.at({ file: pos.file, pos: at });
    }
    throw err;
  }
}
prim("derivationStrict", 1, ([a]) => derivationStrictOp(a), true);

// Laid out line for line as Nix 2.8's //builtin/derivation.nix (whose text starts with a newline),
// so that errors raised in it are reported at the positions Nix reports.
const DERIVATION_NIX = `
/* \`derivation\`: the wrapper around derivationStrict, as in Nix 2.8
   (evaluated for calls that derivation-native.ts leaves to it). */

drvAttrs @ { outputs ? [ "out" ], ... }:

let

  strict = derivationStrict drvAttrs;

  commonAttrs = drvAttrs // (builtins.listToAttrs outputsList) //
    { all = map (x: x.value) outputsList;
      inherit drvAttrs;
    };

  outputToAttrListElement = outputName:
    { name = outputName;
      value = commonAttrs // {
        outPath = builtins.getAttr outputName strict;
        drvPath = strict.drvPath;
        type = "derivation";
        inherit outputName;
      };
    };

  outputsList = map outputToAttrListElement outputs;

in (builtins.head outputsList).value
`;
const DERIVATION_FILE = "//builtin/derivation.nix";
constant("derivation", () => {
  const wrapper = evalSource(DERIVATION_NIX, DERIVATION_FILE, "/") as Lambda;
  unquotedSource(DERIVATION_FILE); // Nix has no text to show for it
  return nativeDerivation(wrapper, derivationStrictOp);
}, true);
prim("placeholder", 1, ([o]) => hashPlaceholder(forceStrNoCtx(o)), true);
