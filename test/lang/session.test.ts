// Unit tests of lang/session.ts (the evaluation session behind `tk repl`) and the helpers it uses
// from lang/api.ts (autoCall, guard).
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, SESSION_INPUT } from "../../lang/session.js";
import { autoCall, guard } from "../../lang/api.js";
import { DryEvalStore } from "../../cli/eval-stores.js";
import { LangError } from "../../lang/errors.js";
import { Attrs, force, type Value } from "../../lang/values.js";

const dir = mkdtempSync(join(tmpdir(), "tk-session-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = new DryEvalStore({ storeDir: "/nix/store" } as never);
const asAttrs = (v: Value): Attrs => v as Attrs;

describe("Session", () => {
  it("evaluates against the builtins and the variables bound so far", () => {
    const s = new Session(store);
    s.bind("x", 41);
    expect(s.evaluate("x + 1", dir)).toBe(42);
    expect(s.evaluate("builtins.length [ 1 2 ]", dir)).toBe(2);
  });

  it("prints errors without Nix's --show-trace hint, as nix repl (checked against Nix 2.8)", () => {
    const s = new Session(store);
    let msg = "";
    try {
      s.evaluate("{ a = { b = 1; }; }.a.c", dir);
    } catch (e) {
      msg = (e as LangError).message;
    }
    expect(msg).toMatch(/^error: attribute 'c' missing\n/);
    expect(msg).not.toContain("--show-trace");
  });

  it("lets session variables shadow builtins", () => {
    const s = new Session(store);
    s.bind("map", 7);
    expect(s.evaluate("map", dir)).toBe(7);
  });

  it("gives a rebound name a new slot: code compiled earlier keeps the old value", () => {
    const s = new Session(store);
    s.bind("n", 10);
    s.bind("m", s.compile("n + 1", dir));
    s.bind("n", 20);
    expect(s.evaluate("m", dir)).toBe(11);
    expect(s.evaluate("n", dir)).toBe(20);
  });

  it("raises syntax and undefined-variable errors when compiling, not later", () => {
    const s = new Session(store);
    expect(() => s.compile("1 +", dir)).toThrow(/unexpected end of file/);
    expect(() => s.compile("nope", dir)).toThrow(/undefined variable 'nope'/);
    expect(() => s.compile("nope", dir)).toThrow(SESSION_INPUT);
  });

  it("binds every attribute of a set, and forgets everything on reset", () => {
    const s = new Session(store);
    expect(s.bindAll(asAttrs(s.evaluate("{ a = 1; b = 2; }", dir)))).toBe(2);
    expect(s.evaluate("a + b", dir)).toBe(3);
    expect(s.variableNames()).toContain("a");
    expect(s.variableNames()).toContain("builtins");
    s.reset();
    expect(() => s.evaluate("a", dir)).toThrow(/undefined variable 'a'/);
  });

  it("loads a file, calling a function with defaults", () => {
    writeFileSync(join(dir, "f.nix"), "{ x ? 2 }: { y = x * 3; }");
    const s = new Session(store);
    expect(force(asAttrs(s.load("f.nix", dir)).get("y")!)).toBe(6);
  });

  it("reports a stack overflow as tk's error", () => {
    const s = new Session(store);
    expect(() => s.evaluate("let f = x: f (x + 1); in f 0", dir)).toThrow(/stack overflow \(possible infinite recursion\)/);
  });
});

describe("autoCall and guard", () => {
  it("autoCall fills a function's arguments from the given set, or fails naming the missing one", () => {
    const s = new Session(store);
    const f = s.evaluate("{ a, b ? 1 }: a + b", dir);
    expect(autoCall(f, Attrs.fromEntries([["a", 2]]))).toBe(3);
    expect(() => autoCall(f, Attrs.empty())).toThrow(/argument without a value \('a'\)/);
    expect(autoCall(5, Attrs.empty())).toBe(5);
  });

  it("guard turns a JavaScript stack overflow into a LangError and lets other errors through", () => {
    const deep = (n: number): number => deep(n + 1) + 1;
    expect(() => guard(() => deep(0))).toThrow(LangError);
    expect(() => guard(() => deep(0))).toThrow(/stack overflow/);
    expect(() => guard(() => { throw new TypeError("x"); })).toThrow(TypeError);
    expect(guard(() => 3)).toBe(3);
  });
});
