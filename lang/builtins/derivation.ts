// derivationStrict exactly as Nix 2.8's prim_derivationStrict (spec §3.4): attribute coercion,
// outputs, fixed-output / floating-CA / input-addressed paths via hashDerivationModulo, string
// context → inputDrvs/inputSrcs, structured attrs; the .drv is written through EvalStore.addText.
// Also `derivation` (Nix's own derivation.nix wrapper, evaluated here) and `placeholder`.
import { prim, constant } from "./registry.js";
import { LangError, unquotedSource } from "../errors.js";
import { coerceToString } from "../coerce.js";
import { forceAttrs, forceBool, forceList, forceStrNoCtx, mkStr } from "../check.js";
import { jsonString, toJSON } from "../print.js";
import { st } from "../state.js";
import { evalSource } from "../eval.js";
import { attrsFromUnsorted } from "../attrset.js";
import { Attrs, force, Lambda, type Lazy } from "../values.js";
import { nativeDerivation } from "./derivation-native.js";
import { parseDerivation, printDerivation, type Derivation } from "../../store/drv.js";
import { hashDerivationModulo, type DrvHash } from "../../store/drv-hash.js";
import { parseHashAlgo, parseHashAllowEmpty, formatHash, type Hash, type HashAlgo } from "../../store/hash.js";
import { makeFixedOutputPath, makeOutputPath, hashPlaceholder, downstreamPlaceholder } from "../../store/path.js";
import { completeInputAddressed, inOrder } from "./drv-aterm.js";
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
  if (nameV === undefined) throw new LangError("eval", "attribute 'name' missing for call to 'derivationStrict'");
  const drvName = forceStrNoCtx(nameV);
  const sa = attrs.get("__structuredAttrs");
  const structured = sa !== undefined && forceBool(sa);
  const ign = attrs.get("__ignoreNulls");
  const ignoreNulls = ign !== undefined && forceBool(ign);
  const drv: Derivation = {
    outputs: new Map(), inputDrvs: new Map(), inputSrcs: new Set(), platform: "", builder: "", args: [], env: new Map(),
  };
  const ctx = new Set<string>();
  let contentAddressed = false;
  let isImpure = false;
  let outputHash: string | undefined;
  let outputHashAlgo = "";
  let method: "flat" | "recursive" | undefined;
  let outputs = ["out"];
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
    outputs = [...set].sort();
  };
  for (const key of attrs.keys()) {
    if (key === "__ignoreNulls") continue;
    const val = attrs.get(key)!;
    try {
      if (ignoreNulls && force(val) === null) continue;
      if (key === "__contentAddressed") contentAddressed = forceBool(val);
      else if (key === "__impure") isImpure = forceBool(val);
      else if (key === "args") {
        for (const el of forceList(val)) drv.args.push(coerceToString(el, ctx, true, true));
      } else if (structured) {
        if (key === "__structuredAttrs") continue;
        json.push(`${jsonString(key)}:${toJSON(val, ctx)}`);
        if (key === "builder") drv.builder = coerceToString(val, ctx, false, true);
        else if (key === "system") drv.platform = forceStrNoCtx(val);
        else if (key === "outputHash") outputHash = forceStrNoCtx(val);
        else if (key === "outputHashAlgo") outputHashAlgo = forceStrNoCtx(val);
        else if (key === "outputHashMode") handleMode(forceStrNoCtx(val));
        else if (key === "outputs") handleOutputs(forceList(val).map((x) => forceStrNoCtx(x)));
      } else {
        const s = coerceToString(val, ctx, true, true);
        drv.env.set(key, s);
        if (key === "builder") drv.builder = s;
        else if (key === "system") drv.platform = s;
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
  if (structured) drv.env.set("__json", `{${json.join(",")}}`);
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
  if (drv.builder === "") throw new LangError("eval", "required attribute 'builder' missing");
  if (drv.platform === "") throw new LangError("eval", "required attribute 'system' missing");
  if (drvName.endsWith(".drv")) throw new LangError("eval", "derivation names are not allowed to end in '.drv'");
  const storeDir = st().store.storeDir;
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
    const fast = regularInputs(drv) ? completeInputAddressed(drv, drvName, storeDir, moduloHex) : undefined;
    if (fast) return finish(drv, drvName, fast.text, new HexDrvHash(outputs, fast.moduloHex));
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
  return finish(drv, drvName, text, hashDerivationModulo(drv, false, readDrv, drvHashCache()));
}

/** Whether every input derivation has a final (not deferred) modulo hash, so the fast path applies. */
function regularInputs(drv: Derivation): boolean {
  const cache = drvHashCache();
  for (const [p, wanted] of drv.inputDrvs) {
    let h = cache.get(p);
    if (h === undefined) {
      h = hashDerivationModulo(readDrv(p), false, readDrv, cache);
      cache.set(p, h);
    }
    if (h.kind !== "regular") return false;
    const outs = h instanceof HexDrvHash ? h.outputs : [...h.hashes.keys()];
    for (const o of wanted) if (!outs.includes(o)) return false; // the general path reports it
  }
  return true;
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
  constructor(readonly outputs: string[], readonly hex: string) {}
  get hashes(): Map<string, Hash> {
    if (!this.map) {
      const h: Hash = { algo: "sha256", bytes: Buffer.from(this.hex, "hex") };
      this.map = new Map(this.outputs.map((o) => [o, h]));
    }
    return this.map;
  }
}

/** Writes the .drv (through the store), records its modulo hash and builds the result set. */
function finish(drv: Derivation, drvName: string, text: string, modulo: DrvHash): Attrs {
  const refs = inOrder(new Set([...drv.inputSrcs, ...drv.inputDrvs.keys()]));
  const s = st();
  const drvPath = s.store.addText(`${drvName}.drv`, text, refs);
  s.drvTexts.set(drvPath, text);
  drvHashCache().set(drvPath, modulo);
  const names = ["drvPath"];
  const vals: Lazy[] = [mkStr(drvPath, new Set(["=" + drvPath]))];
  for (const [o, out] of drv.outputs) {
    const p = out.path !== "" ? out.path : downstreamPlaceholder(drvPath, o);
    names.push(o);
    vals.push(mkStr(p, new Set([`!${o}!${drvPath}`])));
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
