// Differential fuzzing against the installed Nix 2.8: random programs over scoping (let, with, rec,
// lambdas with set patterns), laziness, operators and builtins, from a fixed seed; tk must print the
// same as `nix-instantiate --eval --strict`, or fail when Nix fails. Skipped when Nix is absent.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, findDerivations, printValue } from "../../lang/api.js";
import { LangError } from "../../lang/errors.js";
import { DryEvalStore } from "../../cli/eval-stores.js";

const hasNix = spawnSync("nix-instantiate", ["--version"]).status === 0;

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed: number): () => string {
  const r = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const V = ["a", "b", "c"];
  const atoms = ["1", "0", "-3", "2.5", '"s"', '"a${toString 2}b"', "true", "false", "null", "[ ]", "{ }", "[ 1 2 ]",
    '{ a = 1; b = "x"; }', "a", "b", "(z: z)", "''\n  ind\n   ent\n''", '"$${x}"'];
  const ops = ["+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "->", "//", "++"];
  const fns = ["toJSON", "typeOf", "toString", "isList", "length", "attrNames", "attrValues", "head", "tail"];
  const e = (d: number): string => {
    if (d > 3) return pick(atoms);
    const x = r();
    if (x < 0.15) return pick(atoms);
    if (x < 0.3) return `(${e(d + 1)} ${pick(ops)} ${e(d + 1)})`;
    if (x < 0.35) return `(!${e(d + 1)})`;
    if (x < 0.42) return `(let ${pick(V)} = ${e(d + 1)}; ${pick(V)} = ${e(d + 1)}; in ${e(d + 1)})`;
    if (x < 0.49) return `(with { ${pick(V)} = ${e(d + 1)}; }; ${e(d + 1)})`;
    if (x < 0.55) return `((${pick(V)}: ${e(d + 1)}) ${e(d + 1)})`;
    if (x < 0.61) return `(({ ${pick(V)} ? ${e(d + 1)}, ... }@${pick(V)}: ${e(d + 1)}) { ${pick(V)} = ${e(d + 1)}; })`;
    if (x < 0.67) return `(rec { ${pick(V)} = ${e(d + 1)}; ${pick(V)}x = ${e(d + 1)}; }).${pick(V)} or ${e(d + 1)}`;
    if (x < 0.73) return `(if ${e(d + 1)} == ${e(d + 1)} then ${e(d + 1)} else ${e(d + 1)})`;
    if (x < 0.79) return `(builtins.${pick(fns)} ${e(d + 1)})`;
    if (x < 0.84) return `(builtins.tryEval ${e(d + 1)}).success`;
    if (x < 0.89) return `[ ${e(d + 1)} (${e(d + 1)}) ]`;
    if (x < 0.93) return `{ inherit ${pick(V)}; x = ${e(d + 1)}; }`;
    if (x < 0.97) return `(assert ${e(d + 1)} != null; ${e(d + 1)})`;
    return `("\${toString ${e(d + 1)}}")`;
  };
  return () => `let a = 10; b = [ a ]; c = { x = a; }; in ${e(0)}`;
}

/** Random graphs of derivations: multiple outputs, fixed-output, floating CA, structured attrs, contexts. */
function drvGenerator(seed: number): () => string {
  const r = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (n: number) => Math.floor(r() * n);
  const val = (refs: string[]): string => {
    const c = r();
    if (c < 0.2 && refs.length) return pick(refs);
    if (c < 0.3 && refs.length) return `"\${${pick(refs)}}/bin"`;
    if (c < 0.4) return pick(["1", "2.5", "true", "false", "null", '[ 1 "a" [ ] null ]', String.raw`"nl\n \"q\" $x \\"`]);
    if (c < 0.5 && refs.length) return `${pick(refs)}.drvPath`;
    if (c < 0.6) return `builtins.toFile "f${int(9)}" "content ${int(99)}"`;
    if (c < 0.65) return 'placeholder "out"';
    return `"v${int(999)}"`;
  };
  return () => {
    const lines: string[] = [];
    const refs: string[] = [];
    const n = 1 + int(4);
    for (let j = 0; j < n; j++) {
      const attrs = [`name = "d${j}-${int(9)}"`, 'system = "x86_64-linux"', 'builder = "/bin/sh"'];
      const kind = r();
      const multi = kind >= 0.2 && r() < 0.3;
      const structured = r() < 0.2;
      if (!structured && r() < 0.3) attrs.push(`args = [ "-c" (${val(refs)}) ]`);
      if (multi) attrs.push(r() < 0.5 ? 'outputs = [ "out" "dev" ]' : 'outputs = [ "bin" "out" ]');
      if (kind < 0.12) attrs.push('outputHash = "sha256-LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564="; outputHashMode = "recursive"');
      else if (kind < 0.2) attrs.push("__contentAddressed = true");
      if (structured) attrs.push("__structuredAttrs = true");
      if (r() < 0.2) attrs.push("__ignoreNulls = true");
      for (let k = int(5); k > 0; k--) attrs.push(`a${k} = ${val(refs)}`);
      lines.push(`d${j} = derivation { ${attrs.join("; ")}; };`);
      refs.push(`d${j}`);
      if (attrs.some((a) => a.includes('"dev"'))) refs.push(`d${j}.dev`);
    }
    return `let ${lines.join(" ")} in d${n - 1}`;
  };
}

describe.skipIf(!hasNix)("differential fuzzing against nix-instantiate", () => {
  it("writes the same .drv paths for 40 random derivation graphs", () => {
    const conf = mkdtempSync(join(tmpdir(), "tk-fuzz-drv-"));
    writeFileSync(join(conf, "nix.conf"), "build-users-group =\nexperimental-features = nix-command ca-derivations\nsubstituters =\n");
    const gen = drvGenerator(424242);
    for (let i = 0; i < 40; i++) {
      const expr = gen();
      const r = spawnSync("nix-instantiate", ["--store", join(conf, "root"), "-E", expr], {
        env: { ...process.env, NIX_CONF_DIR: conf }, encoding: "utf8",
      });
      expect(r.status, `${expr}\n${r.stderr}`).toBe(0);
      const store = new DryEvalStore({ storeDir: "/nix/store", storeRoot: "", stateDir: "/nonexistent" });
      const got = findDerivations(evaluate({ store, expr }))
        .map((d) => d.drvPath + (d.outputs[0] !== "out" ? "!" + d.outputs[0] : ""));
      expect(got.join("\n"), expr).toBe(r.stdout.trim());
    }
  });

  it("agrees on 80 random programs", () => {
    const conf = mkdtempSync(join(tmpdir(), "tk-fuzz-"));
    writeFileSync(join(conf, "nix.conf"), "build-users-group =\nsubstituters =\n");
    const gen = generator(20261121);
    const store = new DryEvalStore({ storeDir: "/nix/store", storeRoot: "", stateDir: "/nonexistent" });
    for (let i = 0; i < 80; i++) {
      const expr = gen();
      const r = spawnSync("nix-instantiate", ["--readonly-mode", "--eval", "--strict", "-E", expr], {
        env: { ...process.env, NIX_CONF_DIR: conf }, encoding: "utf8",
      });
      let got: string;
      try {
        got = printValue(evaluate({ store, expr }), { strict: true, json: false }) + "\n";
      } catch (err) {
        expect(err, expr).toBeInstanceOf(LangError);
        got = "ERR";
      }
      expect(got, expr).toBe(r.status === 0 ? r.stdout : "ERR");
    }
  });
});
