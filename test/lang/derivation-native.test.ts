// The native `derivation` (lang/builtins/derivation-native.ts) against outputs recorded from Nix 2.8's
// nix-instantiate --eval [--strict] (store /nix/store): same sets, same laziness (<CODE>), same sharing
// («repeated»), same error positions, and the same function value (formals, <LAMBDA>).
import { describe, expect, it } from "vitest";
import { evaluate, printValue } from "../../lang/api.js";
import { LangError } from "../../lang/errors.js";
import { DryEvalStore } from "../../cli/eval-stores.js";

const store = () => new DryEvalStore({ storeDir: "/nix/store", storeRoot: "", stateDir: "/nonexistent" });
const run = (expr: string, strict: boolean) => printValue(evaluate({ store: store(), expr }), { strict, json: false });
function err(expr: string): string {
  try {
    run(expr, true);
  } catch (e) {
    expect(e).toBeInstanceOf(LangError);
    return (e as LangError).message;
  }
  throw new Error("no error");
}

const TWO = 'derivation { name = "a"; system = "x"; builder = "b"; outputs = [ "out" "dev" ]; }';

describe("derivation (native)", () => {
  it("prints a two-output derivation as Nix, lazily and strictly", () => {
    expect(run(TWO, false)).toBe(
      '{ all = <CODE>; builder = "b"; dev = <CODE>; drvAttrs = { builder = "b"; name = "a"; outputs = [ "out" "dev" ]; system = "x"; }; drvPath = <CODE>; name = "a"; out = «repeated»; outPath = <CODE>; outputName = "out"; outputs = «repeated»; system = "x"; type = "derivation"; }',
    );
    expect(run(TWO, true)).toBe(
      '{ all = [ «repeated» { all = «repeated»; builder = "b"; dev = «repeated»; drvAttrs = { builder = "b"; name = "a"; outputs = [ "out" "dev" ]; system = "x"; }; drvPath = "/nix/store/cd4d25i83nm3pkrp869vbjan20b52ivf-a.drv"; name = "a"; out = «repeated»; outPath = "/nix/store/80cn8k6aqwl8jcb59d7galxp4i4cdz9d-a-dev"; outputName = "dev"; outputs = «repeated»; system = "x"; type = "derivation"; } ]; builder = "b"; dev = «repeated»; drvAttrs = «repeated»; drvPath = "/nix/store/cd4d25i83nm3pkrp869vbjan20b52ivf-a.drv"; name = "a"; out = «repeated»; outPath = "/nix/store/mlfl4rh0hvn8x9n2a7p2a4l47271zq4j-a"; outputName = "out"; outputs = «repeated»; system = "x"; type = "derivation"; }',
    );
  });

  it("keeps `all` a list of fresh thunks", () => {
    expect(run('(derivation { name = "a"; system = "x"; builder = "b"; outputs = [ "dev" "out" ]; }).all', false)).toBe("[ <CODE> <CODE> ]");
  });

  it("selects outputs and compares derivations as Nix", () => {
    expect(run('let d = derivation { name = "a"; system = "x"; builder = "b"; outputs = [ "dev" "out" ]; }; in [ d.out.outputName d.dev.outputName d.outputName (d == d.dev) (d.out == d) d.drvPath d.dev.outPath ]', true)).toBe(
      '[ "out" "dev" "dev" true false "/nix/store/ryiakrwzmdr8b3vn70bs13hgysxi1xzl-a.drv" "/nix/store/d5kb0hfirpfb7yqr506x4fr7jcjqq3pk-a-dev" ]',
    );
  });

  it("is still the lambda of derivation.nix", () => {
    expect(run("builtins.functionArgs derivation", true)).toBe("{ outputs = true; }");
    expect(run("derivation", true)).toBe("<LAMBDA>");
  });

  it("reports errors where Nix does", () => {
    expect(err('(derivation { name = "a"; system = "x"; }).drvPath')).toMatch(/^error: required attribute 'builder' missing\n\n       at «string»:1:15:/);
    expect(err('(derivation { name = "a"; system = "x"; builder = "b"; outputs = [ "dev" "dev" ]; }).drvPath'))
      .toMatch(/^error: duplicate derivation output 'dev'\n\n       at «string»:1:15:/);
    expect(err('(derivation { name = "a"; system = "x"; builder = "b"; outputs = 5; }).drvPath'))
      .toBe("error: value is an integer while a list was expected\n\n       at //builtin/derivation.nix:26:17:");
  });
});
