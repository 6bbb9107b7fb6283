// Paths realise() reuses instead of building are temp roots of the process before they are used, so
// a concurrent `tk gc` cannot delete them: what the planning walk finds valid (the walk holds the
// shared GC lock while it looks, so it waits for a running collector), outputs reused on an early
// cut-off, and CA outputs that someone else already produced.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LocalStore } from "../../store/local-store.js";
import { childProcessStoreFixture } from "../store/compile-store.js";
import { addDrv, build, outRef, testStore } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });
const { jsDir } = childProcessStoreFixture("tk-temp-roots-");

function store() {
  const t = testStore();
  return t;
}

function tempRoots(s: LocalStore): string[] {
  const f = path.join(s.config.stateDir, "temproots", String(process.pid));
  return fs.existsSync(f) ? fs.readFileSync(f, "utf8").split("\n").filter(Boolean) : [];
}

/** The same store opened afresh, with this process's temp roots forgotten. */
function reopen(s: LocalStore): LocalStore {
  fs.rmSync(path.join(s.config.stateDir, "temproots", String(process.pid)), { force: true });
  const fresh = LocalStore.open(s.config);
  cleanups.push(() => fresh.close());
  return fresh;
}

describe("temp roots of reused paths", () => {
  it("outputs reused on an early cut-off, and a CA output someone already produced, become temp roots", async () => {
    const { store: s } = store();
    const lib = (v: string) => addDrv(s, { name: "lib", ca: true, env: { v }, script: "echo same > $out" });
    const app = (l: string) => addDrv(s, { name: "app", inputs: [{ drvPath: l }], script: `echo ${outRef(s, l)} > $out` });
    const r1 = await build(s, [app(lib("1"))]);
    const appOut = r1.result.outputs[0]!.outputs.out!;
    const libOut = fs.readFileSync(s.physical(appOut), "utf8").trim();
    const a2 = app(lib("2"));
    const fresh = reopen(s);
    const r2 = await build(fresh, [a2]);
    expect(r2.events.filter((e) => e.type === "start" && e.name === "app")).toEqual([]);
    expect(r2.result.outputs[0]!.outputs.out).toBe(appOut);
    expect(tempRoots(fresh)).toEqual(expect.arrayContaining([appOut, libOut]));
  });

  it("valid outputs found by the planning walk become temp roots; the walk waits for a running collector", async () => {
    const { store: s } = store();
    const d = addDrv(s, { name: "already", script: "echo x > $out" });
    const out = (await build(s, [d])).result.outputs[0]!.outputs.out!;
    const fresh = reopen(s);
    const dir = fs.mkdtempSync(path.join(s.config.stateDir, "collector-"));
    // A stand-in collector: holds the GC lock exclusively, then notes the time and lets go.
    const script = `const { lockFile } = await import(process.env.TK_STORE_JS + "/locks.js");
      const fs = await import("node:fs");
      const l = lockFile(process.argv[1] + "/gc.lock");
      fs.writeFileSync(process.argv[2] + "/locked", "");
      await new Promise((r) => setTimeout(r, 300));
      fs.writeFileSync(process.argv[2] + "/released", String(Date.now()));
      l.release();`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script, s.config.stateDir, dir],
      { env: { ...process.env, TK_STORE_JS: jsDir() }, stdio: "inherit" });
    const exited = new Promise((r) => child.on("exit", r));
    for (let i = 0; i < 400 && !fs.existsSync(path.join(dir, "locked")); i++) await new Promise((r) => setTimeout(r, 25));
    expect(fs.existsSync(path.join(dir, "locked"))).toBe(true);
    let planned = 0;
    const r = await build(fresh, [d], { onEvent: (e) => { if (e.type === "plan") planned = Date.now(); } });
    await exited;
    expect(r.result.outputs[0]!.outputs.out).toBe(out);
    expect(planned).toBeGreaterThanOrEqual(Number(fs.readFileSync(path.join(dir, "released"), "utf8")));
    expect(tempRoots(fresh)).toContain(out);
  });
});
