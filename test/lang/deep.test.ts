// Deep but legal programs: long //, ++ and + chains and big folds evaluate without JS stack
// overflow (they are compiled to loops), and genuinely unbounded recursion gives a clear error.
import { describe, expect, it } from "vitest";
import { evaluate, printValue } from "../../lang/api.js";
import { LangError } from "../../lang/errors.js";
import { DryEvalStore } from "../../cli/eval-stores.js";

const store = () => new DryEvalStore({ storeDir: "/nix/store", storeRoot: "", stateDir: "/nonexistent" });
const run = (expr: string) => printValue(evaluate({ store: store(), expr }), { strict: true, json: true });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("deep programs", () => {
  it("evaluates a 9,000-operand // chain", () => {
    expect(run(`(${range(9000).map((i) => `{ a${i} = ${i}; }`).join(" // ")}).a8999`)).toBe("8999");
  });
  it("evaluates a 9,000-operand ++ chain", () => {
    expect(run(`builtins.length (${range(9000).map((i) => `[ ${i} ]`).join(" ++ ")})`)).toBe("9000");
  });
  it("evaluates 9,000-operand + chains of ints and strings", () => {
    expect(run(range(9000).join(" + "))).toBe(String((8999 * 9000) / 2));
    expect(run(`builtins.stringLength (${range(9000).map(() => '"ab"').join(" + ")})`)).toBe("18000");
  });
  it("folds over 100,000 elements", () => {
    expect(run("builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 100000)")).toBe("4999950000");
    expect(run("builtins.length (builtins.attrNames (builtins.listToAttrs (map (i: { name = toString i; value = i; }) (builtins.genList (x: x) 100000))))")).toBe("100000");
  });
  it("reports unbounded recursion as a LangError", () => {
    let err: unknown;
    try {
      run("let f = n: 1 + f (n + 1); in f 0");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LangError);
    expect((err as Error).message).toMatch(/stack overflow \(possible infinite recursion\)|infinite recursion/);
  });
});
