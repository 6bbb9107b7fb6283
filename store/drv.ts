// The .drv file format: Nix's ATerm serialisation of a derivation, printed byte-exactly
// (libstore/derivations.cc unparse) with its escaping quirks (spec §3); parsing is in drv-parse.ts.
import { compareBytes, storePathBaseName } from "./path.js";

/** One output tuple, with the ATerm fields verbatim. */
export interface DerivationOutput {
  path: string;
  hashAlgo: string;
  hash: string;
}

/** A derivation as stored in a .drv file. */
export interface Derivation {
  outputs: Map<string, DerivationOutput>;
  inputDrvs: Map<string, Set<string>>;
  inputSrcs: Set<string>;
  platform: string;
  builder: string;
  args: string[];
  env: Map<string, string>;
}

const ESCAPE_RE = /["\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** printString: quotes and escapes `"` `\` LF CR TAB; every other byte is verbatim. */
function q(s: string): string {
  return '"' + s.replace(ESCAPE_RE, (c) => ESCAPES[c]) + '"';
}

/** printUnquotedString: just wraps the value in quotes, no escaping at all. */
function u(s: string): string {
  return '"' + s + '"';
}

function sorted(xs: Iterable<string>): string[] {
  return [...xs].sort(compareBytes);
}

/**
 * Nix's Derivation::unparse. `maskOutputs` blanks output paths and output-named env values;
 * `actualInputs` (hex modulo hash → output names) replaces inputDrvs, as hashDerivationModulo does.
 */
export function unparseDerivation(drv: Derivation, maskOutputs: boolean, actualInputs?: Map<string, Set<string>>): string {
  const parts: string[] = ["Derive(["];
  let first = true;
  for (const name of sorted(drv.outputs.keys())) {
    const o = drv.outputs.get(name)!;
    if (!first) parts.push(",");
    first = false;
    parts.push("(", u(name), ",", u(maskOutputs ? "" : o.path), ",", u(o.hashAlgo), ",", u(o.hash), ")");
  }
  parts.push("],[");
  const inputs = actualInputs ?? drv.inputDrvs;
  first = true;
  for (const p of sorted(inputs.keys())) {
    if (!first) parts.push(",");
    first = false;
    parts.push("(", u(p), ",[", sorted(inputs.get(p)!).map(u).join(","), "])");
  }
  parts.push("],[", sorted(drv.inputSrcs).map(u).join(","), "],");
  parts.push(u(drv.platform), ",", q(drv.builder), ",[", drv.args.map(q).join(","), "],[");
  first = true;
  for (const k of sorted(drv.env.keys())) {
    if (!first) parts.push(",");
    first = false;
    parts.push("(", q(k), ",", q(maskOutputs && drv.outputs.has(k) ? "" : drv.env.get(k)!), ")");
  }
  parts.push("])");
  return parts.join("");
}

/** The ATerm text of a derivation, byte-identical to what Nix writes. */
export function printDerivation(drv: Derivation): string {
  return unparseDerivation(drv, false);
}

/** The derivation name of a .drv store path: base name without hash and ".drv". */
export function derivationName(drvPath: string): string {
  const base = storePathBaseName(drvPath);
  const name = base.slice(33);
  return name.endsWith(".drv") ? name.slice(0, -4) : name;
}

export { parseDerivation } from "./drv-parse.js";
