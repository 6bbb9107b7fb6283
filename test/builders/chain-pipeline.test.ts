// Tests of what keeps a chain of builds short: output locks taken without blocking (output-locks.ts),
// builder output collected in a file when nobody follows it live (liveLogs: false),
// builds prepared while their input builds (prepareBuild / releasePrepared), and dependents started
// as soon as an input's outputs are registered (BuildOneOptions.onRegistered).
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { prepareBuild, releasePrepared } from "../../builders/build-one.js";
import { BuildDirPool } from "../../builders/build-dirs.js";
import { lockOutputs } from "../../builders/output-locks.js";
import { readBuildLog } from "../../builders/build-log.js";
import { formatHash, hashOf } from "../../store/hash.js";
import { addDrv, build, outOf, outRef, testStore } from "./helpers.js";

function store() {
  const t = testStore();
  return t;
}

describe("output locks", () => {
  it("tryLockPaths takes all or none; lockOutputs waits for a holder without blocking the event loop", async () => {
    const { store: s } = store();
    const a = s.config.storeDir + "/" + "a".repeat(32) + "-a";
    const b = s.config.storeDir + "/" + "b".repeat(32) + "-b";
    const held = s.tryLockPath(b)!;
    expect(s.tryLockPaths([a, b])).toBeUndefined();
    // Nothing stays locked after a failed attempt: a is free.
    const onlyA = s.tryLockPaths([a])!;
    onlyA.release();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const waiting = lockOutputs(s, [a, b]);
    setTimeout(() => held.release(), 60);
    const both = await waiting;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5); // the event loop ran while it waited
    expect(s.tryLockPath(a)).toBeUndefined();
    both.release();
    s.tryLockPath(a)!.release();
  });
  it("lockOutputs gives up with a BuildError when its signal aborts", async () => {
    const { store: s } = store();
    const a = s.config.storeDir + "/" + "a".repeat(32) + "-a";
    const held = s.tryLockPath(a)!;
    const ac = new AbortController();
    const waiting = lockOutputs(s, [a], ac.signal);
    setTimeout(() => ac.abort(), 20);
    await expect(waiting).rejects.toThrow(/cancelled while waiting for the lock/);
    held.release();
  });
});

describe("prepared builds", () => {
  it("prepareBuild locks and clears the outputs and makes a build dir; releasePrepared undoes it", async () => {
    const { store: s } = store();
    const drvPath = addDrv(s, { name: "p", script: "echo p > $out" });
    const out = outRef(s, drvPath);
    fs.writeFileSync(s.physical(out), "leftover of a crashed build");
    const pool = new BuildDirPool();
    const prep = prepareBuild(s, drvPath, s.readDerivation(drvPath), pool)!;
    expect(prep.outs.map((o) => o.final)).toEqual([out]);
    expect(fs.existsSync(s.physical(out))).toBe(false);
    expect(fs.readdirSync(prep.dirs.buildDir)).toEqual([]);
    expect(s.tryLockPath(out)).toBeUndefined();
    // A second preparation of the same outputs does not wait: it gives up.
    expect(prepareBuild(s, drvPath, s.readDerivation(drvPath), pool)).toBeUndefined();
    releasePrepared(prep, pool);
    s.tryLockPath(out)!.release();
    await pool.close();
  });
  it("prepareBuild declines floating CA derivations and already valid outputs", async () => {
    const { store: s } = store();
    const pool = new BuildDirPool();
    const ca = addDrv(s, { name: "ca", script: "echo ca > $out", ca: true });
    expect(prepareBuild(s, ca, s.readDerivation(ca), pool)).toBeUndefined();
    const plain = addDrv(s, { name: "plain", script: "echo plain > $out" });
    await build(s, [plain]);
    expect(prepareBuild(s, plain, s.readDerivation(plain), pool)).toBeUndefined();
    s.tryLockPath(outRef(s, plain))!.release(); // not left locked
    await pool.close();
  });
  it("a chain builds in order with dependents prepared ahead, events in order per derivation", async () => {
    const { store: s } = store();
    let prev: string | undefined;
    const drvs: string[] = [];
    for (let i = 0; i < 12; i++) {
      const input = prev === undefined ? "" : `$(/bin/cat ${outRef(s, prev)}) `;
      prev = addDrv(s, { name: `c${i}`, script: `echo "${input}${i}" > $out`, inputs: prev ? [{ drvPath: prev }] : [] });
      drvs.push(prev);
    }
    const { result, events } = await build(s, [prev!], { maxJobs: 2 });
    expect(fs.readFileSync(s.physical(outOf(result, prev!)), "utf8")).toBe("0 1 2 3 4 5 6 7 8 9 10 11\n");
    const order = events.filter((e) => e.type === "start" || e.type === "done").map((e) => `${e.type}:${"name" in e ? e.name : ""}`);
    for (let i = 1; i < 12; i++) expect(order.indexOf(`done:c${i - 1}`)).toBeLessThan(order.indexOf(`start:c${i}`));
    for (const d of drvs) s.tryLockPath(outRef(s, d))!.release(); // every lock was let go
  });
  it("derivations sharing an output path (fixed-output, one hash) are not prepared ahead and build once", async () => {
    const { store: s } = store();
    const fixed = { mode: "flat" as const, algo: "sha256" as const, hash: formatHash(hashOf("sha256", "x\n"), "sri") };
    const first = addDrv(s, { name: "same", script: "echo x > $out", fixed });
    const mid = addDrv(s, { name: "mid", script: `/bin/cat ${outRef(s, first)} > $out`, inputs: [{ drvPath: first }] });
    const again = addDrv(s, { name: "same", script: "/bin/sleep 0; echo x > $out", fixed, inputs: [{ drvPath: mid }] });
    const alone = addDrv(s, { name: "same", script: "printf 'x\\n' > $out", fixed });
    expect(outRef(s, again)).toBe(outRef(s, first));
    const { result, events } = await build(s, [again, alone], { maxJobs: 2 });
    expect(outOf(result, again)).toBe(outRef(s, first));
    expect(fs.readFileSync(s.physical(outRef(s, first)), "utf8")).toBe("x\n");
    // One of the three derivations of the path built it; the others found it valid.
    expect(events.filter((e) => e.type === "done" && !e.cached && e.outputs.out === outRef(s, first)).length).toBe(1);
  });
  it("without live logs, output is collected in a file: stored log, log events before done, tail of a failure", async () => {
    const { store: s } = store();
    const ok = addDrv(s, { name: "talk", script: "echo one; echo two >&2; printf three; echo x > $out" });
    const { events } = await build(s, [ok], { liveLogs: false });
    expect(readBuildLog(s.config.stateDir, ok)).toBe("one\ntwo\nthree");
    const order = events.filter((e) => e.type === "log" || e.type === "done").map((e) => (e.type === "log" ? e.line : "done"));
    expect(order).toEqual(["one", "two", "three", "done"]);
    const bad = addDrv(s, { name: "fails", script: "echo last words; exit 4" });
    await expect(build(s, [bad], { liveLogs: false })).rejects.toThrow(/failed with exit code 4\nlast 1 log lines:\n> last words/);
  });
  it("a failure releases what was prepared for its dependents", async () => {
    const { store: s } = store();
    const bad = addDrv(s, { name: "bad", script: "/bin/sleep 0.1; exit 1" });
    const next = addDrv(s, { name: "next", script: "echo next > $out", inputs: [{ drvPath: bad }] });
    await expect(build(s, [next], { maxJobs: 2 })).rejects.toThrow(/failed with exit code 1/);
    s.tryLockPath(outRef(s, next))!.release();
    expect(s.isValidPath(outRef(s, next))).toBe(false);
  });
});
