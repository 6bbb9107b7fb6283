// The builder spawner: the same launch contract directly and through the helper process (output,
// exit status, signals, a builder that cannot start, fd 3, abort, leftovers killed), and what happens
// when the helper goes away or tk closes it.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { launchDirect, Spawner, type LaunchResult, type LaunchSpec } from "../../builders/spawner.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-spawner-test-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const spawners: Spawner[] = [];
afterEach(() => { for (const s of spawners.splice(0)) s.close(); });

type Launch = (spec: LaunchSpec, onData: (d: Buffer) => void, signal?: AbortSignal) => Promise<LaunchResult>;

async function helper(): Promise<Spawner> {
  const s = new Spawner();
  spawners.push(s);
  await s.startAndWait();
  expect(s.usingHelper).toBe(true);
  return s;
}

const ways: Array<[string, () => Promise<Launch>]> = [
  ["directly", async () => launchDirect],
  ["through the helper", async () => { const s = await helper(); return (a, b, c) => s.launch(a, b, c); }],
];

function sh(script: string, extra: Partial<LaunchSpec> = {}): LaunchSpec {
  return { cmd: "/bin/sh", args: ["-c", script], cwd: tmp, env: { PATH: "/usr/bin:/bin", X: "x-value" }, ...extra };
}

async function run(launch: Launch, spec: LaunchSpec, signal?: AbortSignal): Promise<LaunchResult & { out: string }> {
  const chunks: Buffer[] = [];
  const r = await launch(spec, (d) => chunks.push(d), signal);
  return { ...r, out: Buffer.concat(chunks).toString() };
}

function gone(pid: number): boolean {
  try { return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.charAt(0) === "Z"; } catch { return true; }
}

async function until(cond: () => boolean): Promise<boolean> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  return cond();
}

describe.each(ways)("launching %s", (_how, make) => {
  it("streams stdout and stderr, in its cwd and env, and reports the exit code", async () => {
    const r = await run(await make(), sh("echo out $X; pwd; echo err >&2; exit 3"));
    expect(r).toMatchObject({ exitCode: 3, signal: null, error: undefined });
    expect(r.out.split("\n").sort()).toEqual(["", "err", "out x-value", fs.realpathSync(tmp)].sort());
  });

  it("passes binary output through unchanged", async () => {
    const r = await launchBytes(await make());
    expect(r).toEqual(Buffer.from([0, 255, 10, 128, 1]));
  });

  it("reports a signal", async () => {
    expect(await run(await make(), sh("kill -TERM $$"))).toMatchObject({ exitCode: null, signal: "SIGTERM" });
  });

  it("reports a builder that cannot be executed", async () => {
    const r = await run(await make(), { cmd: path.join(tmp, "no-such-builder"), args: [], cwd: tmp, env: {} });
    expect(r.error).toMatch(/ENOENT/);
  });

  it("opens fd3File as fd 3, and fails cleanly when it is missing", async () => {
    const f = path.join(tmp, "fd3");
    fs.writeFileSync(f, "from fd 3\n");
    expect((await run(await make(), sh("cat <&3", { fd3File: f }))).out).toBe("from fd 3\n");
    expect((await run(await make(), sh("true", { fd3File: path.join(tmp, "missing") }))).error).toMatch(/ENOENT/);
  });

  it("appends stdout and stderr to outFile instead of streaming them, and fails cleanly when it cannot be opened", async () => {
    const f = path.join(tmp, `out-${Math.random()}`);
    fs.writeFileSync(f, "before\n");
    const r = await run(await make(), sh("echo out; echo err >&2; exit 2", { outFile: f }));
    expect(r).toMatchObject({ exitCode: 2, out: "" });
    expect(fs.readFileSync(f, "utf8")).toBe("before\nout\nerr\n");
    expect((await run(await make(), sh("true", { outFile: path.join(tmp, "no-dir", "out") }))).error).toMatch(/ENOENT/);
  });

  it("kills the process group when the signal aborts", async () => {
    const ac = new AbortController();
    const pidFile = path.join(tmp, `abort-${Math.random()}`);
    const p = run(await make(), sh(`sleep 300 & echo $! > ${pidFile}; wait`), ac.signal);
    expect(await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8").endsWith("\n"))).toBe(true);
    ac.abort();
    expect(await p).toMatchObject({ signal: "SIGKILL" });
    expect(await until(() => gone(Number(fs.readFileSync(pidFile, "utf8"))))).toBe(true);
  });

  it("kills what the process left behind in its group when it exits", async () => {
    const pidFile = path.join(tmp, `left-${Math.random()}`);
    const r = await run(await make(), sh(`sleep 300 & echo $! > ${pidFile}`));
    expect(r.exitCode).toBe(0);
    expect(await until(() => gone(Number(fs.readFileSync(pidFile, "utf8"))))).toBe(true);
  });
});

async function launchBytes(launch: Launch): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await launch(sh("printf '\\000\\377\\n\\200\\001'"), (d) => chunks.push(d));
  return Buffer.concat(chunks);
}

describe("the helper process", () => {
  it("launches go directly until the helper is ready, then through it", async () => {
    const s = new Spawner();
    spawners.push(s);
    s.start();
    expect(s.usingHelper).toBe(false);
    expect((await run((a, b, c) => s.launch(a, b, c), sh("echo early"))).out).toBe("early\n");
    await s.startAndWait();
    const r = await run((a, b, c) => s.launch(a, b, c), sh("echo $PPID"));
    expect(Number(r.out)).not.toBe(process.pid);
  });

  it("when the helper dies, running builds fail and later ones run directly", async () => {
    const s = await helper();
    const pidFile = path.join(tmp, `helper-${Math.random()}`);
    const running = run((a, b, c) => s.launch(a, b, c), sh(`echo $PPID > ${pidFile}; sleep 300`));
    expect(await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8").endsWith("\n"))).toBe(true);
    process.kill(Number(fs.readFileSync(pidFile, "utf8")), "SIGKILL");
    expect((await running).error).toMatch(/helper process exited/);
    expect(s.usingHelper).toBe(false);
    const r = await run((a, b, c) => s.launch(a, b, c), sh("echo $PPID"));
    expect(Number(r.out)).toBe(process.pid);
  });

  it("close() ends the helper, which kills the builders still running", async () => {
    const s = await helper();
    const pidFile = path.join(tmp, `close-${Math.random()}`);
    const running = run((a, b, c) => s.launch(a, b, c), sh(`echo $$ > ${pidFile}; exec sleep 300`));
    expect(await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8").endsWith("\n"))).toBe(true);
    s.close();
    expect((await running).error).toMatch(/helper process exited/);
    expect(await until(() => gone(Number(fs.readFileSync(pidFile, "utf8"))))).toBe(true);
  });

  it("keeps the event loop alive only while a launch or a start is pending", async () => {
    const alive = (): string[] => process.getActiveResourcesInfo().filter((t) => t === "ProcessWrap" || t === "PipeWrap").sort();
    const before = alive();
    const s = new Spawner();
    spawners.push(s);
    const started = s.startAndWait();
    expect(alive().length).toBeGreaterThan(before.length);
    await started;
    // (the helpers of earlier tests may still be going away: compare counts)
    expect(alive().length).toBeLessThanOrEqual(before.length);
    const p = s.launch(sh("sleep 0.2"), () => {});
    expect(alive().length).toBeGreaterThan(before.length);
    await p;
    expect(alive().length).toBeLessThanOrEqual(before.length);
  });
});
