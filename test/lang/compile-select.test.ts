// Attribute selection shortcuts of lang/compile-select.ts: `builtins.f` compiled to the primop
// itself only while `builtins` is the real one (shadowing by let, function argument or scopedImport
// must still win; `with` never shadows a static binding, as in Nix).
import { describe, expect, it } from "vitest";
import { evaluate, printValue } from "../../lang/api.js";
import { DryEvalStore } from "../../cli/eval-stores.js";

const store = () => new DryEvalStore({ storeDir: "/nix/store", storeRoot: "", stateDir: "/nonexistent" });
const run = (expr: string) => printValue(evaluate({ store: store(), expr }), { strict: true, json: false });

describe("builtins.f selection", () => {
  it("is the primop", () => {
    expect(run("builtins.seq 1 2")).toBe("2");
    expect(run("builtins.map (x: x + 1) [ 1 2 ]")).toBe("[ 2 3 ]");
    expect(run("builtins.seq == builtins.seq")).toBe("false");
    expect(run("builtins.typeOf builtins.seq")).toBe('"lambda"');
  });
  it("respects a shadowing builtins", () => {
    expect(run("let builtins = { seq = a: b: 42; }; in builtins.seq 1 2")).toBe("42");
    expect(run("(builtins: builtins.seq 1 2) { seq = a: b: 7; }")).toBe("7");
    expect(run("with { builtins = { seq = a: b: 7; }; }; builtins.seq 1 2")).toBe("2");
  });
  it("still reports missing builtins and constants", () => {
    expect(() => run("builtins.nope")).toThrow(/attribute 'nope' missing/);
    expect(run("builtins.langVersion")).toBe("6"); // Nix 2.8
  });
});
