// `derivation` without evaluating Nix's derivation.nix wrapper per call: the same sets, built
// directly (drvAttrs // outputs // { all; drvAttrs; } and, per output, // { outPath; drvPath; type;
// outputName; }), with the same laziness (outPath, drvPath, all and the other outputs stay thunks)
// and the same sharing (`out`, `all` and the result are one set, so printing shows «repeated»).
// Anything off the common path (not a set, `outputs` not a list of distinct plain strings) is left
// to the wrapper written in Nix, which reports the error exactly as Nix does.
import { Attrs, attrsFromUnsorted, updateAttrs } from "../attrset.js";
import { force, Lambda, NixString, Thunk, type LambdaDef, type Lazy, type Value } from "../values.js";

const TYPE_NAMES = ["drvPath", "outPath", "outputName", "type"];
const DEFAULT_OUTPUTS: Lazy[] = ["out"];

/** Output names of a derivation call when they are a list of distinct strings without context (else undefined). */
function outputNames(drvAttrs: Attrs): { names: string[]; items: Lazy[] } | undefined {
  const ol = drvAttrs.get("outputs");
  const items = ol === undefined ? DEFAULT_OUTPUTS : force(ol);
  if (!Array.isArray(items) || items.length === 0) return undefined;
  const names: string[] = [];
  for (const it of items) {
    const v = force(it);
    if (typeof v !== "string" || names.includes(v)) return undefined;
    names.push(v);
  }
  return { names, items };
}

/**
 * Wraps the `derivation` lambda of derivation.nix: same definition (formals, position, printing),
 * but calls take the native path when they can. `strictOp` is derivationStrict.
 */
export function nativeDerivation(wrapper: Lambda, strictOp: (arg: Lazy) => Value): Lambda {
  const def = wrapper.def;
  const fallback = def.call;
  const strictCode = strictOp as (e: never) => Value;
  const fast: LambdaDef = {
    ...def,
    call: (closure, arg) => {
      const drvAttrs = force(arg);
      if (!(drvAttrs instanceof Attrs)) return fallback(closure, arg);
      const outs = outputNames(drvAttrs);
      if (outs === undefined) return fallback(closure, arg);
      return build(arg, drvAttrs, outs.names, outs.items, new Thunk(strictCode, arg));
    },
  };
  return new Lambda(fast, wrapper.env);
}

// Thunk codes taking their data as the thunk's environment (no closure per derivation).
const DRV_PATH = (strict: Thunk): Value => selectStr(force(strict) as Attrs, "drvPath");
const FORCE = (x: Lazy): Value => force(x);
const ALL = (cells: Thunk[]): Value => cells.map((c) => new Thunk(FORCE as (e: never) => Value, c));
const outPathCodes = new Map<string, (strict: Thunk) => Value>();

/** The code of `builtins.getAttr o strict` (one per output name). */
function outPathCode(o: string): (e: never) => Value {
  let c = outPathCodes.get(o);
  if (c === undefined) outPathCodes.set(o, (c = (strict) => selectStr(force(strict) as Attrs, o)));
  return c as (e: never) => Value;
}

const OUT: readonly string[] = ["out"];

function build(arg: Lazy, drvAttrs: Attrs, names: string[], items: Lazy[], strict: Thunk): Value {
  const drvPath = new Thunk(DRV_PATH as (e: never) => Value, strict);
  // outputsList's values: the first is computed below (the result), the others on demand
  const cells = new Array<Thunk>(names.length);
  const output = (i: number): Attrs => {
    // commonAttrs // { outPath = builtins.getAttr outputName strict; drvPath = strict.drvPath; type = "derivation"; inherit outputName; }
    const outPath = new Thunk(outPathCode(names[i]!), strict);
    return updateAttrs(common, new Attrs(TYPE_NAMES, [drvPath, outPath, items[i]!, "derivation"]));
  };
  cells[0] = new Thunk(null, null); // its value is set once computed (forcing it before is a cycle)
  for (let i = 1; i < names.length; i++) cells[i] = new Thunk(() => output(i), null);
  // drvAttrs // listToAttrs outputsList // { all = map (x: x.value) outputsList; inherit drvAttrs; }
  const outSet = names.length === 1 && names[0] === "out" ? new Attrs(OUT, [cells[0]]) : attrsFromUnsorted(names.slice(), cells.slice(), true);
  const all = new Thunk(ALL as (e: never) => Value, cells);
  const common = updateAttrs(updateAttrs(drvAttrs, outSet), new Attrs(ALL_NAMES, [all, arg]));
  const first = output(0);
  cells[0]!.v = first;
  return first;
}

const ALL_NAMES: readonly string[] = ["all", "drvAttrs"];

function selectStr(set: Attrs, name: string): string | NixString {
  return force(set.get(name)!) as string | NixString;
}
