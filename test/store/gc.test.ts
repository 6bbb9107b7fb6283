// Tests of garbage collection: direct, indirect and temp roots, referrers-first deletion, dry runs,
// --max-freed, leftover sweeping and `store delete` refusals.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { collectGarbage, deletePaths } from "../../store/gc.js";
import { findRoots } from "../../store/gc-roots.js";
import { LocalStore } from "../../store/local-store.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-gc-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;

function setup() {
  const root = path.join(tmp, `s${++n}`);
  const s = LocalStore.open({ storeDir: "/tk/store", storeRoot: root, stateDir: root + "/var" });
  const b = s.addTextToStore("b", "bee", []);
  const a = s.addTextToStore("a", `a -> ${b}`, [b]);
  const c = s.addTextToStore("c", "sea".repeat(1000), []);
  const d = s.addTextToStore("d", `d -> ${c}`, [c]);
  const e = s.addTextToStore("e", "indirect", []);
  // A relative direct root: resolved against the directory of the link, as Nix does.
  fs.symlinkSync(path.relative(s.config.stateDir + "/gcroots", s.physical(a)), s.config.stateDir + "/gcroots/a-root");
  const result = path.join(root, "result");
  fs.symlinkSync(s.physical(e), result);
  fs.mkdirSync(s.config.stateDir + "/gcroots/auto");
  fs.symlinkSync(result, s.config.stateDir + "/gcroots/auto/xyz");
  fs.symlinkSync(path.join(root, "gone"), s.config.stateDir + "/gcroots/auto/stale");
  fs.symlinkSync("../../nowhere", s.config.stateDir + "/gcroots/dangling-but-not-auto");
  fs.rmSync(`${s.config.stateDir}/temproots/${process.pid}`);
  return { s, a, b, c, d, e, root };
}

describe("garbage collection", () => {
  it("finds direct and indirect roots and removes stale indirect ones", () => {
    const { s, a, e } = setup();
    const roots = findRoots(s);
    expect([...roots.keys()].sort()).toEqual([a, e].sort());
    expect(fs.existsSync(s.config.stateDir + "/gcroots/auto/stale")).toBe(false);
    expect(fs.lstatSync(s.config.stateDir + "/gcroots/dangling-but-not-auto").isSymbolicLink()).toBe(true);
    s.close();
  });
  it("dry run lists dead paths referrers-first and deletes nothing", () => {
    const { s, c, d } = setup();
    const r = collectGarbage(s, { dryRun: true });
    expect(r.deleted).toEqual([d, c]);
    expect(s.isValidPath(c) && s.isValidPath(d)).toBe(true);
    s.close();
  });
  it("deletes dead paths and unlocked invalid leftovers, keeps the live closure", () => {
    const { s, a, b, c, d, e } = setup();
    const leftover = s.physical("/tk/store/" + "0".repeat(32) + "-leftover");
    fs.mkdirSync(leftover);
    const locked = "/tk/store/" + "1".repeat(32) + "-building";
    fs.mkdirSync(s.physical(locked));
    const lock = s.lockPaths([locked]);
    const r = collectGarbage(s);
    lock.release();
    expect(r.deleted).toEqual([d, c]);
    expect(r.bytesFreed).toBeGreaterThan(3000);
    expect(r.leftoversRemoved).toEqual(["/tk/store/" + "0".repeat(32) + "-leftover"]);
    expect(fs.existsSync(s.physical(locked))).toBe(true);
    for (const p of [a, b, e]) expect(s.isValidPath(p) && fs.existsSync(s.physical(p))).toBe(true);
    for (const p of [c, d]) expect(s.isValidPath(p) || fs.existsSync(s.physical(p))).toBe(false);
    s.close();
  });
  it("stops after --max-freed bytes", () => {
    const { s, c, d } = setup();
    const r = collectGarbage(s, { maxFreed: 1 });
    expect(r.deleted).toEqual([d]);
    expect(s.isValidPath(c)).toBe(true);
    s.close();
  });
  it("keeps temp roots of live processes only", async () => {
    const { s, c, d } = setup();
    const child = spawn("sleep", ["30"]);
    fs.writeFileSync(`${s.config.stateDir}/temproots/${child.pid}`, d + "\n");
    fs.writeFileSync(`${s.config.stateDir}/temproots/999999`, c + "\n");
    expect(collectGarbage(s).deleted).toEqual([]);
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    expect(collectGarbage(s).deleted).toEqual([d, c]);
    s.close();
  });
  it("store delete refuses live or referenced paths and deletes the rest", () => {
    const { s, b, c, d } = setup();
    expect(() => deletePaths(s, [b])).toThrow(/still alive/);
    expect(() => deletePaths(s, [c])).toThrow(/still referenced/);
    expect(deletePaths(s, [c, d]).deleted).toEqual([d, c]);
    expect(() => deletePaths(s, [c])).toThrow(/not a valid/);
    s.close();
  });
});
