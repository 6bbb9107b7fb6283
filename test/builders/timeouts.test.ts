// Build timeouts (Nix's `timeout` and `max-silent-time`): the builder's process group is killed,
// directly or through the spawner's helper, and the build fails with Nix's message; output resets
// the silence clock.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BuildDirPool } from "../../builders/build-dirs.js";
import { BuildLog } from "../../builders/build-log.js";
import { describeFailure, runBuilder, type RunSpec } from "../../builders/run.js";
import { Spawner } from "../../builders/spawner.js";
import { BuildError } from "../../store/errors.js";
import { addDrv, build, testStore } from "./helpers.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-timeouts-test-"));
const pool = new BuildDirPool();
afterAll(async () => { await pool.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

async function run(script: string, limits: Pick<RunSpec, "timeout" | "maxSilentTime">, helper: boolean) {
  const dirs = pool.make();
  const lines: string[] = [];
  const log = new BuildLog(path.join(tmp, `log-${Math.random()}`), (l) => lines.push(l));
  const spawner = new Spawner();
  if (helper) await spawner.startAndWait();
  try {
    const r = await runBuilder({ env: { builder: "/bin/sh", args: ["-c", script], files: [], env: { PATH: "/usr/bin:/bin" } },
      buildDir: dirs.buildDir, log, spawner, ...limits });
    await log.close();
    return { r, lines };
  } finally {
    spawner.close();
    pool.remove(dirs);
  }
}

describe.each([["directly", false], ["through the helper", true]])("builder limits (%s)", (_how, helper) => {
  it("kills a builder that runs longer than the timeout", async () => {
    const pidFile = path.join(tmp, `pid-${Math.random()}`);
    const { r } = await run(`sleep 60 & echo $! > ${pidFile}; echo started; wait`, { timeout: 1 }, helper);
    expect(r.timedOut).toEqual({ seconds: 1, silence: false });
    expect(describeFailure(r, "/s/x.drv")).toBe("building of '/s/x.drv' timed out after 1 seconds");
    const pid = Number(fs.readFileSync(pidFile, "utf8"));
    let gone = false;
    for (let i = 0; i < 100 && !gone; i++) {
      try { gone = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.startsWith("Z"); } catch { gone = true; }
      if (!gone) await new Promise((res) => setTimeout(res, 20));
    }
    expect(gone).toBe(true);
  });

  it("kills a builder that stays silent, but output resets the silence clock", async () => {
    // Ticks every 0.2 s for 3 s (longer than the 2 s limit), then falls silent.
    const { r, lines } = await run("i=0; while [ $i -lt 15 ]; do echo tick $i; sleep 0.2; i=$((i+1)); done; sleep 60",
      { maxSilentTime: 2 }, helper);
    expect(r.timedOut).toEqual({ seconds: 2, silence: true });
    expect(describeFailure(r, "/s/x.drv")).toBe("building of '/s/x.drv' timed out after 2 seconds of silence");
    expect(lines.at(-1)).toBe("tick 14");
  });

  it("leaves a builder that finishes in time alone", async () => {
    const { r, lines } = await run("echo done", { timeout: 30, maxSilentTime: 30 }, helper);
    expect(r).toMatchObject({ exitCode: 0, signal: null });
    expect(r.timedOut).toBeUndefined();
    expect(lines).toEqual(["done"]);
  });
});

describe("realise with a timeout", () => {
  it("fails the build with Nix's message and registers nothing", async () => {
    const t = testStore();
    const d = addDrv(t.store, { name: "slow", script: "echo x > $out; /bin/sleep 60" });
    const err = await build(t.store, [d], { timeout: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildError);
    expect((err as Error).message.split("\n")[0]).toBe(`building of '${d}' timed out after 1 seconds`);
    expect(t.store.isValidPath(t.store.readDerivation(d).outputs.get("out")!.path)).toBe(false);
  });
});
