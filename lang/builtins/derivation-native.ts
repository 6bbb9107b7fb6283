// `derivation` without evaluating Nix's derivation.nix wrapper per call: the same sets, built
// directly (drvAttrs // outputs // { all; drvAttrs; } and, per output, // { outPath; drvPath; type;
// outputName; }), with the same laziness (outPath, drvPath, all and the other outputs stay thunks)
// and the same sharing (`out`, `all` and the result are one set, so printing shows «repeated»).
// Anything off the common path (not a set, `outputs` not a list of distinct plain strings) is left
// to the wrapper written in Nix, which reports the error exactly as Nix does.
import { Attrs, updateAttrs } from "../attrset.js";
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
  const fast: LambdaDef = {
    ...def,
    call: (closure, arg) => {
      const drvAttrs = force(arg);
      if (!(drvAttrs instanceof Attrs)) return fallback(closure, arg);
      const outs = outputNames(drvAttrs);
      if (outs === undefined) return fallback(closure, arg);
      return build(arg, drvAttrs, outs.names, outs.items, strictOp);
    },
  };
  return new Lambda(fast, wrapper.env);
}

function build(arg: Lazy, drvAttrs: Attrs, names: string[], items: Lazy[], strictOp: (arg: Lazy) => Value): Value {
  const strict = new Thunk(() => strictOp(arg), null);
  const drvPath = new Thunk(() => selectStr(force(strict) as Attrs, "drvPath"), null);
  const values: Thunk[] = [];
  const common = new Thunk(() => {
    // drvAttrs // listToAttrs outputsList // { all = map (x: x.value) outputsList; inherit drvAttrs; }
    const outSet = Attrs.fromEntries(names.map((n, i) => [n, values[i]!] as const));
    // map (x: x.value) outputsList: a fresh thunk per element
    const all = new Thunk(() => values.map((v) => new Thunk(() => force(v), null)), null);
    return updateAttrs(updateAttrs(drvAttrs, outSet), new Attrs(["all", "drvAttrs"], [all, arg]));
  }, null);
  for (let i = 0; i < names.length; i++) {
    const o = names[i]!;
    const outputName = items[i]!;
    values.push(new Thunk(() => {
      // commonAttrs // { outPath = builtins.getAttr outputName strict; drvPath = strict.drvPath; type = "derivation"; inherit outputName; }
      const outPath = new Thunk(() => selectStr(force(strict) as Attrs, o), null);
      return updateAttrs(force(common) as Attrs, new Attrs(TYPE_NAMES, [drvPath, outPath, outputName, "derivation"]));
    }, null));
  }
  return force(values[0]!);
}

function selectStr(set: Attrs, name: string): string | NixString {
  return force(set.get(name)!) as string | NixString;
}
