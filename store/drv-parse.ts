// Parsing .drv files (derivations.cc parseDerivation): Nix's string escapes, path fields that must
// start with "/", and output tuples that must be one of the kinds of spec §3.3.
import type { Derivation, DerivationOutput } from "./drv.js";
import { StoreError } from "./errors.js";
import { isHashAlgo, parseHash } from "./hash.js";

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
