// Concurrency: 8 processes add the same overlapping set of paths (text chains, source trees, built
// outputs under path locks) to one store at once; all must succeed and the database must be consistent.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { collectGarbage } from "../../store/gc.js";
import { hashEquals } from "../../store/hash.js";
import { LocalStore } from "../../store/local-store.js";
import { narHashOf } from "../../store/nar.js";
import { verifyStore } from "../../store/verify.js";
import { childProcessStoreFixture } from "./compile-store.js";

const WORKERS = 8;
const COUNT = 25;
const { tmp, jsDir } = childProcessStoreFixture("tk-conc-");
let cfg = { storeDir: "/tk/store", storeRoot: tmp + "/root", stateDir: tmp + "/root/var" };

function run(): Promise<{ code: number | null; out: string; err: string }> {
  fs.mkdirSync(tmp + "/work", { recursive: true });
  const child = spawn(process.execPath, [path.join(__dirname, "workers/store-worker.mjs"), "overlap", String(COUNT)], {
    env: { ...process.env, TK_STORE_JS: jsDir(), TK_WORK: tmp + "/work", TK_STORE_DIR: cfg.storeDir,
      TK_STORE_ROOT: cfg.storeRoot, TK_STATE_DIR: cfg.stateDir },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  return new Promise((r) => child.on("exit", (code) => r({ code, out, err })));
}

describe("concurrent adds", () => {
  it(`${WORKERS} processes adding overlapping paths all succeed with a consistent database`, async () => {
    const results = await Promise.all(Array.from({ length: WORKERS }, run));
    for (const r of results) expect(`${r.code} ${r.out} ${r.err}`).toBe("0 done\n ");
    const store = LocalStore.open(cfg);
    const valid = store.queryAllValidPaths();
    // COUNT text paths, 4 distinct source trees, 5 distinct built outputs; nothing registered twice.
    expect(valid.length).toBe(COUNT + 4 + 5);
    const rows = store.db.prepare("SELECT count(*) AS n FROM ValidPaths").get() as { n: number };
    expect(rows.n).toBe(valid.length);
    for (const p of valid) {
      const info = store.queryPathInfo(p)!;
      const got = narHashOf(store.physical(p));
      expect(hashEquals(got.hash, info.narHash)).toBe(true);
      expect(got.size).toBe(info.narSize);
    }
    const last = valid.find((p) => p.endsWith(`-shared-${COUNT - 1}`))!;
    // Each text path refers to the previous round's three paths, so the last one's closure is everything.
    expect(store.closure([last]).size).toBe(valid.length);
    expect(store.db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(store.db.pragma("foreign_key_check")).toEqual([]);
    expect(verifyStore(store, { checkContents: true }).problems).toEqual([]);
    store.close();
  }, 120_000);

  it("adds racing with repeated garbage collections neither deadlock nor leave a broken closure", async () => {
    cfg = { storeDir: "/tk/store", storeRoot: tmp + "/root2", stateDir: tmp + "/root2/var" };
    fs.rmSync(tmp + "/work", { recursive: true, force: true });
    const store = LocalStore.open(cfg);
    let running = true;
    const all = Promise.all(Array.from({ length: 4 }, run)).finally(() => { running = false; });
    let collections = 0;
    while (running) {
      collectGarbage(store);
      collections++;
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const r of await all) expect(`${r.code} ${r.out} ${r.err}`).toBe("0 done\n ");
    expect(collections).toBeGreaterThan(1);
    for (const p of store.queryAllValidPaths()) {
      const info = store.queryPathInfo(p)!;
      expect(hashEquals(narHashOf(store.physical(p)).hash, info.narHash)).toBe(true);
      for (const r of info.references) expect(store.isValidPath(r)).toBe(true);
    }
    expect(store.db.pragma("foreign_key_check")).toEqual([]);
    store.close();
  }, 120_000);
});
