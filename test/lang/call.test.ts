// Function application helpers (lang/call.ts): the per-call appliers behind map/genList/mapAttrs
// thunks, callFunction2, partial application of built-ins, and calling a non-function.
import { describe, expect, it } from "vitest";
import { applier2Of, applierOf, callFunction, callFunction2 } from "../../lang/call.js";
import { LangError } from "../../lang/errors.js";
import { force, PrimOp, Thunk, type Lazy, type Value } from "../../lang/values.js";

const add = new PrimOp("add", 2, ([a, b]) => (force(a!) as number) + (force(b!) as number));
const concat = new PrimOp("concat", 2, ([a, b]) => `${force(a!) as string}=${force(b!) as number}`);

describe("applierOf", () => {
  it("makes thunks that apply the function to the value they hold, once", () => {
    let calls = 0;
    const double = new PrimOp("double", 1, ([x]) => {
      calls++;
      return (force(x!) as number) * 2;
    });
    const code = applierOf(double) as (e: never) => Value;
    const thunks = [1, 2, 3].map((x) => new Thunk(code, x));
    expect(thunks.map((t) => force(t))).toEqual([2, 4, 6]);
    expect(thunks.map((t) => force(t))).toEqual([2, 4, 6]);
    expect(calls).toBe(3);
  });

  it("passes the held value unforced", () => {
    const inner = new Thunk(() => 20, null);
    const code = applierOf(callFunction(add, 1)) as (e: never) => Value;
    const t = new Thunk(code, inner);
    expect(inner.v).toBeUndefined();
    expect(force(t)).toBe(21);
  });
});

describe("applier2Of", () => {
  it("applies the function to the name and value at the held index", () => {
    const names = ["a", "b"];
    const vals: Lazy[] = [1, new Thunk(() => 7, null)];
    const code = applier2Of(concat, names, vals) as (e: never) => Value;
    expect(force(new Thunk(code, 1))).toBe("b=7");
    expect(force(new Thunk(code, 0))).toBe("a=1");
  });
});

describe("callFunction", () => {
  it("applies built-ins partially and then fully", () => {
    expect(callFunction2(add, 2, 3)).toBe(5);
    expect(callFunction(callFunction(add, 4), 5)).toBe(9);
  });

  it("rejects a value that is not a function with a language error", () => {
    expect(() => callFunction(3, 1)).toThrow(LangError);
    expect(() => callFunction(3, 1)).toThrow("attempt to call something which is not a function but an integer");
  });
});
