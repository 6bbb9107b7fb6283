// Differential fuzzing against the installed Nix 2.8: random programs over scoping (let, with, rec,
// lambdas with set patterns), laziness, operators and builtins, from a fixed seed; tk must print the
// same as `nix-instantiate --eval --strict`, or fail when Nix fails. Skipped when Nix is absent.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, printValue } from "../../lang/api.js";
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

describe.skipIf(!hasNix)("differential fuzzing against nix-instantiate", () => {
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
