// e2e: `tk eval` prints values like `nix-instantiate --eval` (flags, -A, --arg, --argstr) and is
// read-only: evaluating a derivation writes nothing to the store.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tempStore, tk, JS_STACK } from "./harness.js";

const store = tempStore("/nix/store");
afterAll(() => store.cleanup());
const dir = mkdtempSync(join(tmpdir(), "tk-eval-"));
const file = join(dir, "f.tk");
writeFileSync(
  file,
  `{ x ? 1, s ? "dflt" }: { sum = x + 1; inherit s; nested.list = [ 1 "two" { three = 3; } ]; }`,
);

describe("tk eval", () => {
  it("does not auto-call a top-level function without --arg, as nix-instantiate --eval", () => {
    const r = tk(["eval", "--strict", "--json", file], { env: store.env });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cannot convert a function to JSON");
  });

  it("auto-calls along -A even without arguments", () => {
    const r = tk(["eval", "--strict", "--json", "-A", "s", file], { env: store.env });
    expect(r.stdout).toBe('"dflt"');
  });

  it("passes --arg and --argstr to the top-level function", () => {
    const r = tk(["eval", "--strict", "--json", file, "--arg", "x", "40 + 1", "--argstr", "s", "hi"], { env: store.env });
    expect(r.stdout).toBe('{"nested":{"list":[1,"two",{"three":3}]},"s":"hi","sum":42}');
  });

  it("selects an attribute path with -A", () => {
    const r = tk(["eval", "--strict", "--json", "-A", "nested.list", file], { env: store.env });
    expect(r.stdout).toBe('[1,"two",{"three":3}]');
  });

  it("prints Nix's non-JSON form", () => {
    const r = tk(["eval", "--strict", "-E", '{ a = [ 1 2.5 "x" ]; b = null; c = true; }'], { env: store.env });
    expect(r.stdout).toBe('{ a = [ 1 2.5 "x" ]; b = null; c = true; }\n');
  });

  it("is read-only: evaluating a derivation writes nothing", () => {
    const r = tk(
      ["eval", "--strict", "--json", "-E", 'derivation { name = "x"; system = "x86_64-linux"; builder = "/bin/sh"; }'],
      { env: store.env },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('"/nix/store/s668cfx1vrqfjryf96jj8wfhg7f67dhj-x"'); // Nix 2.8 prints a derivation as its outPath
    expect(existsSync(join(store.root, "nix/store"))).toBe(false);
  });

  it("reports an evaluation error with file:line:column and exit status 1", () => {
    const bad = join(dir, "bad.tk");
    writeFileSync(bad, "let\n  x = 1;\nin x + y\n");
    const r = tk(["eval", bad], { env: store.env });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("undefined variable 'y'");
    expect(r.stderr).toContain(`${bad}:3:8`);
    expect(r.stderr).not.toMatch(JS_STACK);
  });
});
