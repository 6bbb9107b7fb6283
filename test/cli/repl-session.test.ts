// Unit tests of cli/repl-session.ts (what tk repl does with each input) and cli/repl.ts's history
// location; the e2e test (test/e2e/cli-repl.test.ts) drives the whole loop against nix repl.
import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReplSession, REPL_HELP } from "../../cli/repl-session.js";
import { historyFile, PROMPT } from "../../cli/repl.js";
import { DryEvalStore } from "../../cli/eval-stores.js";

const dir = mkdtempSync(join(tmpdir(), "tk-repl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "lib.nix"), '{ greeting = "hi"; nested = { deep = 1; "odd name" = 2; }; }');
mkdirSync(join(dir, "sub"));
writeFileSync(join(dir, "sub", "file.nix"), "1");
const newRepl = (): ReplSession => new ReplSession(new DryEvalStore({ storeDir: "/nix/store" } as never), { color: false, cwd: dir });

describe("ReplSession.process", () => {
  it("prints values, binds names lazily, and says when input is incomplete", () => {
    const r = newRepl();
    expect(r.process("1 + 2")).toEqual({ out: "3\n", err: "" });
    expect(r.process("x = throw \"lazy\"")).toEqual({ out: "", err: "" });
    expect(r.process("x == 1 || true").err).toContain("lazy");
    expect(r.process("{ a = 1;")).toEqual({ out: "", err: "", incomplete: true });
    expect(r.process("{ a = 1;\n}")).toEqual({ out: "{ a = 1; }\n", err: "" });
    expect(r.process("")).toEqual({ out: "", err: "" });
  });

  it("adds attributes with :a and :l (a message on stderr), and reloads with :r", () => {
    const r = newRepl();
    expect(r.process(":a { p = 1; q = 2; }")).toEqual({ out: "", err: "Added 2 variables.\n" });
    expect(r.process(":l lib.nix")).toEqual({ out: "", err: "Added 2 variables.\n" });
    expect(r.process("greeting").out).toBe('"hi"\n');
    expect(r.process(":r")).toEqual({ out: "", err: "Added 2 variables.\n" });
    expect(r.process("p").err).toContain("undefined variable 'p'");
    expect(r.process(":a 1").err).toContain("value is an integer while a set was expected");
  });

  it("answers :t, :p, :?, :st, :q and rejects unknown commands", () => {
    const r = newRepl();
    expect(r.process(":t 1.5").out).toBe("a float\n");
    expect(r.process(":p { a.b.c = 1; }").out).toBe("{ a = { b = { c = 1; }; }; }\n");
    expect(r.process(":?").out).toBe(REPL_HELP);
    expect(r.process(":st").out).toBe("showing error traces is now enabled\n");
    expect(r.process(":st false").out).toBe("showing error traces is now disabled\n");
    expect(r.process(":q").quit).toBe(true);
    expect(r.process(":zap").err).toBe("error: unknown command ':zap'\n");
  });

  it("treats `a == b` and non-identifiers before = as expressions", () => {
    const r = newRepl();
    expect(r.process("1 == 1").out).toBe("true\n");
    expect(r.process("a.b = 1").err).toContain("error:");
  });
});

describe("ReplSession.complete", () => {
  it("completes variables, attribute names (quoted when needed) and file names", () => {
    const r = newRepl();
    r.process(":l lib.nix");
    expect(r.complete("gree")).toEqual([["greeting"], "gree"]);
    expect(r.complete("1 + builtins.toStr")).toEqual([["builtins.toString"], "builtins.toStr"]);
    expect(r.complete("nested.")).toEqual([["nested.deep", 'nested."odd name"'], "nested."]);
    expect(r.complete("import ./sub/fi")).toEqual([["./sub/file.nix"], "./sub/fi"]);
    expect(r.complete("nope.x")).toEqual([[], "nope.x"]);
  });
});

describe("repl.ts", () => {
  it("keeps history under XDG_DATA_HOME or ~/.local/share", () => {
    expect(historyFile({ XDG_DATA_HOME: "/x" })).toBe("/x/tk/repl-history");
    expect(historyFile({})).toMatch(/\/\.local\/share\/tk\/repl-history$/);
    expect(PROMPT).toBe("tk-repl> ");
  });
});
