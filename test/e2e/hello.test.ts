// e2e: the walking skeleton. `tk instantiate` of hello.tk gives Nix 2.8's .drv path and bytes
// (against a committed golden, and against nix-instantiate live when it is installed), and
// `tk realise` builds a program that runs.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readlinkSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, hasTool, tempStore, tk, type TempStore } from "./harness.js";

const HELLO = join(REPO, "derivations/examples/hello.tk");
const golden = JSON.parse(readFileSync(join(REPO, "test/e2e/goldens/hello.json"), "utf8")) as {
  drvPath: string;
  outPath: string;
  drv: string;
};
const stores: TempStore[] = [];
afterAll(() => stores.forEach((s) => s.cleanup()));

function newStore(storeDir?: string): TempStore {
  const s = tempStore(storeDir);
  stores.push(s);
  return s;
}

describe("hello.tk", () => {
  it("instantiates to Nix 2.8's .drv path and bytes with TK_STORE_DIR=/nix/store", () => {
    const s = newStore("/nix/store");
    const r = tk(["instantiate", HELLO], { env: s.env });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(golden.drvPath);
    expect(readFileSync(s.phys(golden.drvPath), "utf8")).toBe(golden.drv);
  });

  it.runIf(hasTool("nix-instantiate"))("agrees with nix-instantiate run live", () => {
    const conf = mkdtempSync(join(tmpdir(), "tk-nixconf-"));
    spawnSync("sh", ["-c", `printf 'build-users-group =\\nsubstituters =\\n' > ${conf}/nix.conf`]);
    const nixRoot = mkdtempSync(join(tmpdir(), "tk-nixroot-"));
    const nix = spawnSync("nix-instantiate", ["--store", nixRoot, HELLO], {
      env: { ...process.env, NIX_CONF_DIR: conf },
      encoding: "utf8",
    });
    expect(nix.status).toBe(0);
    const s = newStore("/nix/store");
    const r = tk(["instantiate", HELLO], { env: s.env });
    expect(r.stdout.trim()).toBe(nix.stdout.trim());
    spawnSync("chmod", ["-R", "u+w", nixRoot]);
    spawnSync("rm", ["-rf", nixRoot, conf]);
  });

  it("realises into a program that runs, and links result as a GC root", () => {
    const s = newStore();
    const work = mkdtempSync(join(tmpdir(), "tk-e2e-cwd-"));
    const r = tk(["realise", "--no-sandbox", HELLO], { env: s.env, cwd: work });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim();
    expect(out).toMatch(new RegExp(`^${s.env.TK_STORE_DIR}/[0-9a-z]{32}-hello$`));
    const run = spawnSync(join(out, "bin/hello"), { encoding: "utf8" });
    expect(run.stdout).toBe("Hello from tk!\n");
    expect(readlinkSync(join(work, "result"))).toBe(out);
    const roots = readdirSync(join(s.env.TK_STATE_DIR!, "gcroots", "auto"));
    expect(roots.map((n) => readlinkSync(join(s.env.TK_STATE_DIR!, "gcroots", "auto", n)))).toContain(join(work, "result"));
  });

  it("does not rebuild a valid output, and prints line events when not on a terminal", () => {
    const s = newStore();
    const first = tk(["realise", "--no-sandbox", "--no-out-link", HELLO], { env: s.env });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/1 derivation will be built/);
    expect(first.stderr).toMatch(/building '.*-hello\.drv'/);
    const second = tk(["realise", "--no-sandbox", "--no-out-link", HELLO], { env: s.env });
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).not.toMatch(/building/);
  });

  it("emits JSON events with --json", () => {
    const s = newStore();
    const r = tk(["realise", "--no-sandbox", "--no-out-link", "--json", HELLO], { env: s.env });
    expect(r.status, r.stderr).toBe(0);
    const events = r.stderr.trim().split("\n").map((l) => JSON.parse(l) as { type: string });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["plan", "start", "done"]));
    const result = JSON.parse(r.stdout) as Array<{ outputs: Record<string, string> }>;
    expect(Object.keys(result[0]!.outputs)).toEqual(["out"]);
  });

  it.runIf(hasTool("bwrap"))("builds in the sandbox in a relocated /nix/store to Nix's output path", () => {
    const s = newStore("/nix/store");
    const r = tk(["realise", "--no-out-link", HELLO], { env: s.env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(golden.outPath);
    expect(existsSync(s.phys(golden.outPath) + "/bin/hello")).toBe(true);
    const run = spawnSync(s.phys(golden.outPath) + "/bin/hello", { encoding: "utf8" });
    expect(run.stdout).toBe("Hello from tk!\n");
  });
});
