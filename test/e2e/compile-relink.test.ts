// e2e: the compile/relink split through derivations/stdenv.tk. An ABI-compatible library update
// rebuilds the library and its stubs and relinks the program without compiling it again; an
// interface change compiles it again. Counted from `tk realise --json` events.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO, hasTool, tempStore, tk } from "./harness.js";

const GREET = join(REPO, "derivations/examples/greet.tk");
const store = tempStore();
afterAll(() => store.cleanup());

interface Ev { type: string; role?: string; name?: string }

function realise(...args: string[]): { out: string; started: Ev[] } {
  const r = tk(["realise", "--no-sandbox", "--no-out-link", "--json", GREET, ...args], { env: store.env });
  expect(r.status, r.stderr).toBe(0);
  const events = r.stderr.trim().split("\n").map((l) => JSON.parse(l) as Ev);
  const result = JSON.parse(r.stdout) as Array<{ outputs: { out: string } }>;
  return { out: result[0]!.outputs.out, started: events.filter((e) => e.type === "start") };
}

function run(out: string): string {
  return spawnSync(join(out, "bin/app"), { encoding: "utf8" }).stdout;
}

const roles = (evs: Ev[]) => evs.map((e) => e.role).sort();

describe.runIf(hasTool("cc"))("stdenv compile/relink split", () => {
  it("a dry run lists the four steps as Nix lists derivations, the split's steps marked, and builds nothing", () => {
    const r = tk(["realise", "--no-sandbox", "--no-out-link", "--dry-run", GREET], { env: store.env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("these 4 derivations will be built:");
    expect(lines.slice(1).map((l) => l.match(/^  \/\S+\.drv(?: \((\w+)\))?$/)?.[1] ?? "unmarked").sort())
      .toEqual(["compile", "relink", "stubs", "unmarked"]);
    // with --json the plan event carries the same roles, and nothing starts
    const j = tk(["realise", "--no-sandbox", "--no-out-link", "--dry-run", "--json", GREET], { env: store.env });
    const evs = j.stderr.trim().split("\n").map((l) => JSON.parse(l) as { type: string; roles?: Record<string, string> });
    expect(evs.map((e) => e.type)).toEqual(["plan"]);
    expect(Object.values(evs[0]!.roles!).sort()).toEqual(["compile", "relink", "stubs"]);
  });

  it("builds library, stubs, compile and relink the first time", () => {
    const v1 = realise();
    expect(roles(v1.started)).toEqual(["build", "compile", "relink", "stubs"]);
    expect(run(v1.out)).toBe("Hello from libgreet 1\n");
  });

  it("relinks without compiling when the library changes but its interface does not", () => {
    const v2 = realise("--arg", "libVersion", "2");
    expect(roles(v2.started)).toEqual(["build", "relink", "stubs"]);
    expect(run(v2.out)).toBe("Hello from libgreet 2\n");
    const runpath = spawnSync("readelf", ["-d", join(v2.out, "bin/app")], { encoding: "utf8" }).stdout;
    expect(runpath).toMatch(/RUNPATH.*-libgreet-2\/lib/);
    expect(runpath).not.toMatch(/-stubs/);
  });

  it("compiles again when the library's interface changes", () => {
    const v3 = realise("--arg", "libVersion", "3", "--arg", "extraApi", "true");
    expect(roles(v3.started)).toEqual(["build", "compile", "relink", "stubs"]);
    expect(run(v3.out)).toBe("Hello from libgreet 3\n");
  });

  it("builds nothing when everything is valid", () => {
    const again = realise("--arg", "libVersion", "2");
    expect(again.started).toEqual([]);
  });
});
