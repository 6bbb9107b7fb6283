// Crash safety: child processes adding and registering paths are SIGKILLed at random moments (≥200
// times), and so are collectors deleting them; afterwards every valid path's contents must match its recorded NAR hash and size, every
// reference must be valid, and the store must stay usable (verify, GC, adding again).
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { collectGarbage } from "../../store/gc.js";
import { hashEquals } from "../../store/hash.js";
import { LocalStore, STAGING_DIR } from "../../store/local-store.js";
import { narHashOf } from "../../store/nar.js";
import { verifyStore } from "../../store/verify.js";
import { childProcessStoreFixture } from "./compile-store.js";

const KILLS = 200;
const LANES = 2;
const GC_KILLS = 30;
const { tmp, jsDir } = childProcessStoreFixture("tk-crash-");
const cfg = { storeDir: "/tk/store", storeRoot: tmp + "/root", stateDir: tmp + "/root/var" };

function worker(mode: string, arg: string): ChildProcess {
  fs.mkdirSync(tmp + "/work", { recursive: true });
  return spawn(process.execPath, [path.join(__dirname, "workers/store-worker.mjs"), mode, arg], {
    env: { ...process.env, TK_STORE_JS: jsDir(), TK_WORK: tmp + "/work", TK_STORE_DIR: cfg.storeDir,
      TK_STORE_ROOT: cfg.storeRoot, TK_STATE_DIR: cfg.stateDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function lane(lane: number, kills: number, delays: number[], mode = "crash"): Promise<void> {
  for (let k = 0; k < kills; k++) {
    const child = worker(mode, String(lane * 100000 + k));
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    // Kill at a random moment: one in five while starting/opening the store, the rest while adding
    // and registering (a random time after the worker reported the store open).
    const early = k % 5 === 0;
    const delay = Math.floor(Math.random() * (early ? 150 : 200));
    delays.push(delay);
    let t: NodeJS.Timeout | undefined;
    if (early) t = setTimeout(() => child.kill("SIGKILL"), delay);
    else child.stdout!.once("data", () => { t = setTimeout(() => child.kill("SIGKILL"), delay); });
    const code = await exited;
    clearTimeout(t);
    if (code !== null) throw new Error(`worker exited by itself (code ${code}): ${stderr}`);
  }
}

describe("crash safety", () => {
  it(`survives ${KILLS} SIGKILLs during adds and registrations`, async () => {
    LocalStore.open(cfg).close();
    const delays: number[] = [];
    // Two lanes of adding workers, plus a lane of collectors (which delete the dead workers' paths)
    // killed mid-collection too.
    const gcDelays: number[] = [];
    await Promise.all([...Array.from({ length: LANES }, (_, i) => lane(i, KILLS / LANES, delays)),
      lane(9, GC_KILLS, gcDelays, "gc")]);
    expect(delays.length).toBe(KILLS);
    expect(gcDelays.length).toBe(GC_KILLS);

    const store = LocalStore.open(cfg);
    const valid = store.queryAllValidPaths();
    expect(valid.length).toBeGreaterThan(10); // work really happened between kills (and survived GC)
    for (const p of valid) {
      const info = store.queryPathInfo(p)!;
      const got = narHashOf(store.physical(p));
      expect(hashEquals(got.hash, info.narHash), `contents of ${p}`).toBe(true);
      expect(got.size).toBe(info.narSize);
      for (const r of info.references) expect(store.isValidPath(r)).toBe(true);
    }
    // Staging leftovers of the dead workers were removed when the store was opened.
    const staging = store.physicalStoreDir + "/" + STAGING_DIR;
    expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([]);
    const v = verifyStore(store, { checkContents: true });
    expect(v.problems.filter((x) => x.kind !== "leftover")).toEqual([]);
    // GC removes everything (no roots) including invalid leftovers of interrupted registrations.
    const gc = collectGarbage(store);
    expect(gc.deleted.length).toBe(valid.length);
    expect(fs.readdirSync(store.physicalStoreDir).filter((n) => !n.startsWith("."))).toEqual([]);
    store.close();
  }, 240_000);
});
