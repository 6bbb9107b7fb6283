// The .drv file format: Nix's ATerm serialisation of a derivation, printed byte-exactly and parsed
// back (libstore/derivations.cc unparse/parseDerivation), with its escaping quirks (spec §3).
import { StoreError } from "./errors.js";
import { isHashAlgo, parseHash } from "./hash.js";
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

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  fail(msg: string): never {
    throw new StoreError("bad-drv", `malformed derivation at offset ${this.pos}: ${msg}`);
  }

  expect(s: string): void {
    if (!this.text.startsWith(s, this.pos)) this.fail(`expected '${s}'`);
    this.pos += s.length;
  }

  /** Consumes `s` if it is next. */
  accept(s: string): boolean {
    if (this.text.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }

  /** Nix's parseString: `\n` `\r` `\t` map to controls, `\X` to X. */
  str(): string {
    this.expect('"');
    const t = this.text;
    let out = "";
    let start = this.pos;
    for (;;) {
      const qi = t.indexOf('"', start);
      if (qi < 0) this.fail("unterminated string");
      const bi = t.indexOf("\\", start);
      if (bi < 0 || bi > qi) {
        out += t.slice(start, qi);
        this.pos = qi + 1;
        return out;
      }
      out += t.slice(start, bi);
      if (bi + 1 >= t.length) this.fail("unterminated string");
      const c = t[bi + 1];
      out += c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c;
      start = bi + 2;
    }
  }

  path(): string {
    const p = this.str();
    if (!p.startsWith("/")) this.fail(`bad path '${p}' in derivation`);
    return p;
  }

  /** Parses `[elem,elem,…]` with `elem` read by `f`. */
  list<T>(f: () => T): T[] {
    this.expect("[");
    const out: T[] = [];
    if (this.accept("]")) return out;
    for (;;) {
      out.push(f());
      if (this.accept("]")) return out;
      this.expect(",");
    }
  }
}

function checkOutput(c: Cursor, name: string, path: string, hashAlgo: string, hash: string): void {
  if (hashAlgo === "") {
    if (hash !== "") c.fail(`output '${name}' has a hash but no hash algorithm`);
    if (path !== "" && !path.startsWith("/")) c.fail(`bad path '${path}' in derivation`);
    return;
  }
  const algo = hashAlgo.startsWith("r:") ? hashAlgo.slice(2) : hashAlgo;
  if (!isHashAlgo(algo)) c.fail(`output '${name}' has unknown hash algorithm '${hashAlgo}'`);
  if (hash === "" || hash === "impure") {
    if (path !== "") c.fail(`output '${name}' is content-addressed but has a path`);
    return;
  }
  if (!path.startsWith("/")) c.fail(`bad path '${path}' in derivation`);
  try {
    parseHash(hash, algo);
  } catch {
    c.fail(`output '${name}' has invalid hash '${hash}'`);
  }
}

/** Parses the ATerm text of a .drv; throws StoreError("bad-drv") when malformed. */
export function parseDerivation(text: string): Derivation {
  const c = new Cursor(text);
  c.expect("Derive(");
  const outputs = new Map<string, DerivationOutput>();
  c.list(() => {
    c.expect("(");
    const name = c.str();
    c.expect(",");
    const path = c.str();
    c.expect(",");
    const hashAlgo = c.str();
    c.expect(",");
    const hash = c.str();
    c.expect(")");
    checkOutput(c, name, path, hashAlgo, hash);
    if (outputs.has(name)) c.fail(`duplicate output '${name}'`);
    outputs.set(name, { path, hashAlgo, hash });
  });
  c.expect(",");
  const inputDrvs = new Map<string, Set<string>>();
  c.list(() => {
    c.expect("(");
    const p = c.path();
    c.expect(",");
    const outs = c.list(() => c.str());
    c.expect(")");
    inputDrvs.set(p, new Set(outs));
  });
  c.expect(",");
  const inputSrcs = new Set(c.list(() => c.path()));
  c.expect(",");
  const platform = c.str();
  c.expect(",");
  const builder = c.str();
  c.expect(",");
  const args = c.list(() => c.str());
  c.expect(",");
  const env = new Map<string, string>();
  c.list(() => {
    c.expect("(");
    const k = c.str();
    c.expect(",");
    const v = c.str();
    c.expect(")");
    env.set(k, v);
  });
  c.expect(")");
  if (c.pos !== text.length) c.fail("trailing garbage");
  return { outputs, inputDrvs, inputSrcs, platform, builder, args, env };
}
