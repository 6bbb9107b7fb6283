// e2e: `tk repl` off a terminal (input piped), against a transcript recorded from Nix 2.8's
// `nix repl lib.nix` (test/e2e/record-repl-goldens.sh): the same inputs must give the same values,
// types, «repeated»/«lambda»/«primop»/«derivation» forms, continuation of incomplete input,
// bindings, :a, :l, :t, :p and errors, apart from the banner and the prompt ("tk-repl> ").
// Also what is tk's own: help, deep programs (the repl runs in the deep-stack worker), errors.
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, tempStore, tk, JS_STACK } from "./harness.js";

const GOLDEN = join(REPO, "test/e2e/goldens/repl");
const store = tempStore("/nix/store");
afterAll(() => store.cleanup());
const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, "");

/** Nix's stdout transcript in tk's words: tk's prompt, and continuation lines one column narrower. */
function asTk(nixOut: string): string {
  return stripAnsi(nixOut)
    .replace(/^nix-repl> /gm, "tk-repl> ")
    .replace(/^ {10}/gm, " ".repeat(9));
}

function repl(input: string, args: string[] = []): ReturnType<typeof tk> {
  return tk(["repl", ...args], { env: store.env, cwd: GOLDEN, input });
}

describe("tk repl against nix repl 2.8", () => {
  const r = repl(readFileSync(join(GOLDEN, "session.in"), "utf8"), ["lib.nix"]);
  const version = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;

  it("exits 0 at :q", () => {
    expect(r.status).toBe(0);
  });

  it("prints the same transcript on stdout (values, types, prompts, echoed input)", () => {
    expect(r.stdout).toBe(asTk(readFileSync(join(GOLDEN, "session.out"), "utf8")));
  });

  it("prints the same messages and errors on stderr", () => {
    const nix = readFileSync(join(GOLDEN, "session.err"), "utf8").replace("Welcome to Nix 2.8.0.", `Welcome to tk ${version}.`);
    expect(r.stderr).toBe(nix);
  });

  it("prints no colours off a terminal", () => {
    expect(r.stdout).not.toContain("\x1b[");
  });
});

describe("tk repl", () => {
  it("lists its commands with :?", () => {
    const r = repl(":?\n");
    expect(r.stdout).toContain("The following commands are available:");
    for (const c of [":a <expr>", ":l <path>", ":p <expr>", ":t <expr>", ":q", ":r"]) expect(r.stdout).toContain(c);
  });

  it("evaluates programs 100,000 calls deep (it runs with a deep stack)", () => {
    const r = repl("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100000\n");
    expect(r.stdout).toContain("\n100000\n");
    expect(r.stderr).not.toMatch(JS_STACK);
  });

  it("reports errors and keeps going, keeping its variables", () => {
    const r = repl("a = 41\nlet f = x: f (x + 1); in f 0\nthrow \"no\"\na + 1\n");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("error: stack overflow (possible infinite recursion)");
    expect(r.stderr).toContain("error: no");
    expect(r.stderr).not.toMatch(JS_STACK);
    expect(r.stdout).toContain("\n42\n");
  });

  it("shows what was printed before an error that is not a throw, then the error (as nix repl)", () => {
    const r = repl('{ a = 1; b = abort "no"; }\n');
    expect(r.stdout).toContain("\n{ a = 1; b = \n");
    expect(r.stderr).toContain("error: evaluation aborted with the following error message: 'no'");
  });

  it("reloads loaded files with :r, forgetting other variables", () => {
    const r = repl("q = 1\n:r\ngreeting\nq\n", ["lib.nix"]);
    expect(r.stderr).toContain("Added 3 variables.\n");
    expect(r.stdout).toContain('\n"hi"\n');
    expect(r.stderr).toContain("undefined variable 'q'");
  });

  it("ends at end of input without :q", () => {
    const r = repl("1 + 1\n");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("tk-repl> 1 + 1\n2\n\ntk-repl> ");
  });
});
