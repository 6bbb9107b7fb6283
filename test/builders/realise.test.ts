// realise(): scheduling, parallelism, failures and keep-going, dry runs, logs, --check, and the
// graph errors, in temporary stores with real builder processes (no sandbox: see sandbox-realise).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readBuildLog } from "../../builders/build-log.js";
import { SPAWNER_MIN_BUILDS } from "../../builders/realise.js";
import { BuildError } from "../../store/errors.js";
import { LocalStore } from "../../store/local-store.js";
import { addDrv, build, outOf, outRef, testStore } from "./helpers.js";

function store() {
  const t = testStore();
  return t;
}

describe("realise", () => {
  it("builds a diamond with two builders at once, inputs first", async () => {
    const { store: s, dir } = store();
    const sync = path.join(dir, "sync");
    fs.mkdirSync(sync);
    const a = addDrv(s, { name: "a", script: "echo a > $out" });
    // b and c each wait for the other to have started: they only finish if they run concurrently.
    const waitFor = (me: string, other: string) =>
      `: > ${sync}/${me}; i=0; while [ ! -e ${sync}/${other} ]; do i=$((i+1)); [ $i -gt 400 ] && exit 3; /bin/sleep 0.02; done; ` +
      `/bin/cat ${outRef(s, a)} > $out; echo ${me} >> $out`;
    const b = addDrv(s, { name: "b", script: waitFor("b", "c"), inputs: [{ drvPath: a }] });
    const c = addDrv(s, { name: "c", script: waitFor("c", "b"), inputs: [{ drvPath: a }] });
    const d = addDrv(s, { name: "d", script: `/bin/cat ${outRef(s, b)} ${outRef(s, c)} > $out; echo ${outRef(s, b)} ${outRef(s, c)} >> $out`, inputs: [{ drvPath: b }, { drvPath: c }] });
    const { result, events } = await build(s, [d], { maxJobs: 2 });
    const out = outOf(result, d);
    expect(fs.readFileSync(s.physical(out), "utf8")).toBe(`a\nb\na\nc\n${outRef(s, b)} ${outRef(s, c)}\n`);
    expect(s.queryPathInfo(out)!.references.sort()).toEqual([outRef(s, b), outRef(s, c)].sort());
    const plan = events.find((e) => e.type === "plan");
    expect(plan).toMatchObject({ toBuild: [a, expect.any(String), expect.any(String), d] });
    const order = events.filter((e) => e.type === "start" || e.type === "done").map((e) => `${e.type}:${"name" in e ? e.name : ""}`);
    expect(order[0]).toBe("start:a");
    expect(order.indexOf("done:a")).toBeLessThan(order.indexOf("start:b"));
    expect(order.indexOf("done:b")).toBeLessThan(order.indexOf("start:d"));
    expect(order.indexOf("done:c")).toBeLessThan(order.indexOf("start:d"));
    // Building again does nothing.
    const again = await build(s, [d]);
    expect(again.events.filter((e) => e.type === "start")).toEqual([]);
    expect(again.events[0]).toMatchObject({ type: "plan", toBuild: [], valid: [d] });
  });

  it("a failure names the derivation with the last 25 log lines and registers nothing", async () => {
    const { store: s } = store();
    const bad = addDrv(s, { name: "bad", script: "echo partial > $out; i=0; while [ $i -lt 30 ]; do echo line$i; i=$((i+1)); done; echo oops >&2; exit 7" });
    const err = await build(s, [bad]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildError);
    const msg = (err as BuildError).message;
    expect(msg).toContain(`builder for '${bad}' failed with exit code 7`);
    expect(msg).toContain("> oops");
    expect(msg).toContain("> line29");
    expect(msg).toContain("> line6\n");
    expect(msg).not.toContain("> line5\n");
    const out = s.readDerivation(bad).outputs.get("out")!.path;
    expect(s.isValidPath(out)).toBe(false);
    expect(fs.existsSync(s.physical(out))).toBe(false);
    expect(readBuildLog(s.config.stateDir, bad)).toContain("line0\n");
  });

  it("keepGoing builds everything that does not depend on the failure", async () => {
    const { store: s } = store();
    const bad = addDrv(s, { name: "bad", script: "exit 1" });
    const dep = addDrv(s, { name: "dep", script: `echo ${outRef(s, bad)} > $out`, inputs: [{ drvPath: bad }] });
    const good = addDrv(s, { name: "good", script: "echo ok > $out" });
    const events: string[] = [];
    const err = await build(s, [dep, good], { keepGoing: true, onEvent: (e) => events.push(e.type + ":" + ("name" in e ? e.name : "")) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildError);
    expect((err as { failed: string[] }).failed).toEqual([bad]);
    expect(s.isValidPath(outRef(s, good))).toBe(true);
    expect(s.isValidPath(outRef(s, dep))).toBe(false);
    expect(events).not.toContain("start:dep");
  });

  it("without keepGoing stops starting builds after a failure", async () => {
    const { store: s } = store();
    const bad = addDrv(s, { name: "bad", script: "exit 1" });
    const later = addDrv(s, { name: "later", script: "echo ok > $out" });
    await expect(build(s, [bad, later])).rejects.toThrow(/failed with exit code 1/);
    expect(s.isValidPath(outRef(s, later))).toBe(false);
  });

  it("a builder that produces no output fails clearly", async () => {
    const { store: s } = store();
    const none = addDrv(s, { name: "none", script: "true" });
    await expect(build(s, [none])).rejects.toThrow(/failed to produce output path for output 'out'/);
  });

  it("a builder that cannot be executed is a failure of that derivation", async () => {
    const { store: s } = store();
    const d = addDrv(s, { name: "nobuilder", builder: "/nonexistent/builder", script: "" });
    await expect(build(s, [d])).rejects.toThrow(`while setting up the build environment for '${d}': executing the builder failed`);
    const u = addDrv(s, { name: "unknown-builtin", builder: "builtin:nope", script: "" });
    await expect(build(s, [u])).rejects.toThrow(`unsupported builtin builder 'builtin:nope' in '${u}'`);
  });

  it("dryRun emits the plan and builds nothing", async () => {
    const { store: s } = store();
    const a = addDrv(s, { name: "a", script: "echo a > $out" });
    const b = addDrv(s, { name: "b", script: `/bin/cat ${outRef(s, a)} > $out`, inputs: [{ drvPath: a }] });
    const { result, events } = await build(s, [b], { dryRun: true });
    expect(events).toEqual([{ type: "plan", toBuild: [a, b], toSubstitute: [], valid: [], roles: {} }]);
    expect(result.outputs).toEqual([]);
    expect(s.isValidPath(outRef(s, a))).toBe(false);
  });

  it("streams log lines as events, stores a compressed log, reports roles", async () => {
    const { store: s } = store();
    const d = addDrv(s, { name: "logger", script: "echo to-stdout; echo to-stderr >&2; echo x > $out", env: { tkRole: "compile" } });
    const { events } = await build(s, [d]);
    const lines = events.filter((e) => e.type === "log").map((e) => (e as { line: string }).line);
    expect(lines).toEqual(expect.arrayContaining(["to-stdout", "to-stderr"]));
    expect(events.find((e) => e.type === "start")).toMatchObject({ role: "compile", name: "logger" });
    const raw = fs.readFileSync(path.join(s.config.stateDir, "log", path.basename(d)));
    expect(raw[0]).toBe(0x1f); // gzip magic
    expect(readBuildLog(s.config.stateDir, d)).toContain("to-stderr");
  });

  it("a build log that cannot be written is a clear error once the builds are done", async () => {
    const { store: s } = store();
    fs.mkdirSync(s.config.stateDir, { recursive: true });
    fs.writeFileSync(path.join(s.config.stateDir, "log"), "not a directory");
    const d = addDrv(s, { name: "unlogged", script: "echo hi; echo x > $out" });
    const err = await build(s, [d]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildError);
    expect((err as BuildError).message).toMatch(new RegExp(`^cannot write the build log of '${d}': .*(EEXIST|ENOTDIR)`));
    expect(s.isValidPath(s.readDerivation(d).outputs.get("out")!.path)).toBe(true);
  });

  it("check rebuilds a valid output and reports a difference", async () => {
    const { store: s, dir } = store();
    const stable = addDrv(s, { name: "stable", script: "echo same > $out; echo $out >> $out" });
    await build(s, [stable]);
    const { events } = await build(s, [stable], { check: true });
    expect(events.filter((e) => e.type === "start").length).toBe(1);
    const counter = path.join(dir, "counter");
    const flaky = addDrv(s, { name: "flaky", script: `echo x >> ${counter}; /bin/cat ${counter} > $out` });
    await build(s, [flaky]);
    const out = outRef(s, flaky);
    await expect(build(s, [flaky], { check: true })).rejects.toThrow(`derivation '${flaky}' may not be deterministic: output '${out}' differs`);
    expect(fs.readFileSync(s.physical(out), "utf8")).toBe("x\n");
    expect(s.isValidPath(out)).toBe(true);
  });

  it("keeps the derivations and sources it uses as temp roots of this process", async () => {
    const { store: s } = store();
    const d = addDrv(s, { name: "rooted", script: "echo r > $out" });
    const file = path.join(s.config.stateDir, "temproots", String(process.pid));
    fs.rmSync(file, { force: true }); // forget the roots adding the .drv made
    await build(s, [d]);
    const roots = fs.readFileSync(file, "utf8").split("\n");
    expect(roots).toContain(d);
    expect(roots).toContain(outRef(s, d));
  });

  it("structured attrs and passAsFile reach the builder as files in its build dir", async () => {
    const { store: s } = store();
    const json = JSON.stringify({ builder: "/bin/sh", name: "structured", system: "x86_64-linux", greeting: "hi" });
    const d = addDrv(s, { name: "structured", env: { __json: json },
      script: `/usr/bin/python3 -c 'import json,os; a=json.load(open(os.environ["NIX_ATTRS_JSON_FILE"])); open(a["outputs"]["out"],"w").write(a["greeting"] + open(os.environ["NIX_ATTRS_SH_FILE"]).read().splitlines()[1])'` });
    const { result } = await build(s, [d]);
    expect(fs.readFileSync(s.physical(outOf(result, d)), "utf8")).toBe("hideclare greeting='hi'");
    const p = addDrv(s, { name: "pass", env: { passAsFile: "big", big: "x".repeat(200_000) }, script: '/bin/cp "$bigPath" $out' });
    const r2 = await build(s, [p]);
    expect(fs.readFileSync(s.physical(outOf(r2.result, p)), "utf8")).toBe("x".repeat(200_000));
  });

  it("a missing input derivation is a clear error", async () => {
    const { store: s } = store();
    const a = addDrv(s, { name: "a", script: "echo a > $out" });
    const b = addDrv(s, { name: "b", script: `/bin/cat ${outRef(s, a)} > $out`, inputs: [{ drvPath: a }] });
    // The .drv file of an input disappears from disk: a fresh store handle cannot read it.
    fs.chmodSync(path.dirname(s.physical(a)), 0o755);
    fs.rmSync(s.physical(a));
    const fresh = LocalStore.open(s.config);
    try {
      await expect(build(fresh, [b])).rejects.toThrow(`cannot read derivation '${a}'`);
    } finally {
      fresh.close();
    }
  });

  it("a cycle in the derivation graph is a clear error", async () => {
    const { store: s } = store();
    const a = addDrv(s, { name: "a", script: "echo a > $out" });
    const b = addDrv(s, { name: "b", script: `/bin/cat ${outRef(s, a)} > $out`, inputs: [{ drvPath: a }] });
    // Corrupt a's .drv on disk so that it needs b: a -> b -> a.
    const text = fs.readFileSync(s.physical(a), "utf8").replace("Derive([(\"out\",", `Derive([("out",`).replace("],[],[],", `],[("${b}",["out"])],[],`);
    fs.chmodSync(path.dirname(s.physical(a)), 0o755);
    fs.chmodSync(s.physical(a), 0o644);
    fs.writeFileSync(s.physical(a), text);
    const fresh = LocalStore.open(s.config);
    try {
      await expect(build(fresh, [b])).rejects.toThrow(`cycle in the derivation graph: ${b} -> ${a} -> ${b}`);
    } finally {
      fresh.close();
    }
  });

  it("multiple outputs, keep-failed keeps the build dir", async () => {
    const { store: s } = store();
    const m = addDrv(s, { name: "multi", outputs: ["out", "dev"], script: "/bin/mkdir $out $dev; echo $out > $dev/ref; echo hi > $out/f" });
    const { result } = await build(s, [m]);
    const dev = outOf(result, m, "dev");
    expect(s.queryPathInfo(dev)!.references).toEqual([outOf(result, m, "out")]);
    const bad = addDrv(s, { name: "keep", script: "echo kept > file-in-build-dir; exit 1" });
    const err = await build(s, [bad], { keepFailed: true }).catch((e: Error) => e);
    const kept = /keeping build directory '([^']+)'/.exec((err as Error).message)?.[1];
    expect(kept).toBeDefined();
    expect(fs.readFileSync(path.join(kept!, "file-in-build-dir"), "utf8")).toBe("kept\n");
    fs.rmSync(path.dirname(kept!), { recursive: true, force: true });
    expect(os.tmpdir()).toBeTruthy();
  });
});

describe("builder processes", () => {
  it(`from ${SPAWNER_MIN_BUILDS} builder processes on, builders are started by the helper process, below that directly`, async () => {
    const { store: s } = store();
    const parentsOf = async (n: number, tag: string): Promise<number[]> => {
      // A chain whose first build takes a second: the helper is up long before the rest start.
      const drvs: string[] = [];
      for (let i = 0; i < n; i++) {
        const prev = drvs.at(-1);
        drvs.push(addDrv(s, { name: `ppid-${tag}-${i}`, inputs: prev ? [{ drvPath: prev }] : [],
          script: `${i === 0 ? "/bin/sleep 1; " : ""}echo $PPID ${prev ? outRef(s, prev) : ""} > $out` }));
      }
      const { result } = await build(s, [drvs.at(-1)!]);
      const last = fs.readFileSync(s.physical(outOf(result, drvs.at(-1)!)), "utf8");
      return [Number(last.split(" ")[0])];
    };
    expect(await parentsOf(SPAWNER_MIN_BUILDS - 1, "few")).toEqual([process.pid]);
    const [viaHelper] = await parentsOf(SPAWNER_MIN_BUILDS, "many");
    expect(viaHelper).not.toBe(process.pid);
  });



  it("processes a builder leaves behind are killed when it exits", async () => {
    const { store: s, dir } = store();
    const pidFile = path.join(dir, "pid");
    const d = addDrv(s, { name: "daemon", script: `/bin/sleep 300 & echo $! > ${pidFile}; echo done > $out` });
    await build(s, [d]);
    const pid = fs.readFileSync(pidFile, "utf8").trim();
    let state = "gone";
    try { state = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.charAt(0); } catch { /* gone */ }
    expect(["gone", "Z"]).toContain(state);
  });
});
