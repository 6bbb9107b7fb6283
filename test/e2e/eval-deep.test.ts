// e2e: deep but legal programs evaluate (tk re-runs a command that overflowed the main thread's
// stack in a worker thread with a deep stack, cli/deep-stack.ts), an unbounded recursion ends in
// Nix's "stack overflow" error, a thunk forcing itself in "infinite recursion encountered".
// Expected values were recorded from Nix 2.8 run with `ulimit -s unlimited` (with its default
// 8 MB stack Nix itself overflows on the first and third); with nix-instantiate installed they
// are checked live too.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { hasTool, JS_STACK, tempStore, tk } from "./harness.js";

const store = tempStore("/nix/store");
afterAll(() => store.cleanup());
const live = hasTool("nix-instantiate");

/** Programs 100,000 calls deep, and Nix 2.8's `--eval --strict` output (or its md5 for long ones). */
const DEEP: Array<{ name: string; expr: string; json?: boolean; out?: string; md5?: string; bytes?: number }> = [
  {
    name: "foldl' with a lazy `//` accumulator",
    expr: "builtins.foldl' (acc: x: acc // { a = acc.a + x; }) { a = 0; } (builtins.genList (x: x) 100000)",
    out: "{ a = 4999950000; }\n",
  },
  { name: "foldl' summing", expr: "builtins.foldl' (a: x: a + x) 0 (builtins.genList (x: x) 100000)", out: "4999950000\n" },
  {
    name: "a `//` chain built by recursion",
    expr: "let f = n: if n == 0 then { } else f (n - 1) // { x = n; }; in (f 100000).x",
    out: "100000\n",
  },
  { name: "non-tail recursion", expr: "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100000", out: "100000\n" },
  {
    name: "printing 100,000 nested sets (1.1 MB of output)",
    expr: "let f = n: if n == 0 then null else { x = f (n - 1); }; in f 100000",
    md5: "31ec7d72fefca35b7ab702ff7a17df20",
  },
  {
    name: "100,000 nested lists as JSON",
    expr: "let f = n: if n == 0 then [] else [ (f (n - 1)) ]; in f 100000",
    json: true,
    md5: "ec4bfe085332f32af2fbb952127d5b6e",
  },
];

const md5 = (s: string): string => createHash("md5").update(s).digest("hex");

/** nix-instantiate --eval --strict; with `deepStack`, under `ulimit -s unlimited` (never for an unbounded recursion). */
function nixEval(expr: string, json: boolean, deepStack = true): { status: number | null; stdout: string; stderr: string } {
  const flags = json ? "--json" : "";
  const ulimit = deepStack ? "ulimit -s unlimited; " : "";
  const r = spawnSync("sh", ["-c", `${ulimit}exec nix-instantiate --eval --strict ${flags} -E "$0"`, expr], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("deep but legal programs", () => {
  for (const p of DEEP) {
    it(`evaluates ${p.name} as Nix does`, () => {
      const r = tk(["eval", "--strict", ...(p.json ? ["--json"] : []), "-E", p.expr], { env: store.env });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      if (p.out !== undefined) expect(r.stdout).toBe(p.out);
      if (p.md5 !== undefined) expect(md5(r.stdout)).toBe(p.md5);
      if (live) expect(r.stdout).toBe(nixEval(p.expr, p.json ?? false).stdout);
    });
  }

  it("shows a trace printed before the overflow once, not again from the deep re-run", () => {
    const r = tk(["eval", "-E", 'builtins.trace "before" (let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100000)'], {
      env: store.env,
    });
    expect(r.stderr).toBe("trace: before\n");
    expect(r.stdout).toBe("100000\n");
  });

  it("reports an error raised deep down with its exit status and no JS stack", () => {
    const r = tk(["eval", "-E", 'let f = n: if n == 0 then throw "bottom" else 1 + f (n - 1); in f 100000'], { env: store.env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: bottom\n/);
    expect(r.stderr.match(/^error:/gm)).toHaveLength(1);
    expect(r.stderr).not.toMatch(JS_STACK);
  });
});

describe("unbounded and self-forcing recursion", () => {
  it("ends an unbounded recursion with Nix's stack overflow error, no JS stack", () => {
    const expr = "let f = x: f (x + 1); in f 0";
    const r = tk(["eval", "-E", expr], { env: store.env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: stack overflow \(possible infinite recursion\)/);
    expect(r.stderr).not.toMatch(JS_STACK);
    if (live) expect(nixEval(expr, false, false).stderr).toMatch(/^error: stack overflow \(possible infinite recursion\)/);
  });

  for (const expr of ["let x = x; in x", "rec { a = a; }.a", "let a = { b = a.b; }; in a.b"]) {
    it(`reports infinite recursion for ${expr}`, () => {
      const r = tk(["eval", "-E", expr], { env: store.env });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^error: infinite recursion encountered/);
      if (live) expect(nixEval(expr, false, false).stderr).toMatch(/^error: infinite recursion encountered/);
    });
  }
});
