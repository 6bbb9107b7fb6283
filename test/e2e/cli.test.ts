// e2e: the tk command's dispatch, help, version, exit codes and error printing.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, tk, JS_STACK } from "./harness.js";

describe("tk command", () => {
  it("prints help listing the verbs and exits 0", () => {
    const r = tk(["--help"]);
    expect(r.status).toBe(0);
    for (const verb of ["realise", "instantiate", "eval"]) expect(r.stdout).toMatch(new RegExp(`^\\s+${verb}\\b`, "m"));
  });

  it("prints a verb's help with its options", () => {
    const r = tk(["realise", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("--max-jobs");
    expect(r.stdout).toContain("--keep-going");
    expect(r.stdout).toContain("--dry-run");
  });

  it("prints the package version", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    const r = tk(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it("exits 2 on an unknown verb or option, with a message", () => {
    const verb = tk(["frobnicate"]);
    expect(verb.status).toBe(2);
    expect(verb.stderr).toContain("unknown command 'frobnicate'");
    const opt = tk(["realise", "--no-such-flag"]);
    expect(opt.status).toBe(2);
    expect(opt.stderr).toContain("unknown option '--no-such-flag'");
  });

  it("exits 2 when --arg lacks its value", () => {
    const r = tk(["eval", "-E", "1", "--arg", "x"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--arg takes two values");
  });

  it("reports a missing file in one line, without a JavaScript stack", () => {
    const r = tk(["eval", "/nonexistent/file.tk"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: .*\/nonexistent\/file\.tk/m);
    expect(r.stderr).not.toMatch(JS_STACK);
  });

  it("shows the stack only with TK_DEBUG=1", () => {
    const r = tk(["eval", "/nonexistent/file.tk"], { env: { ...process.env, TK_DEBUG: "1" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(JS_STACK);
  });
});
