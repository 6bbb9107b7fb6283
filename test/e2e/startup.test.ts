// e2e: how the `tk` command starts (bin/tk, README "Start-up"). With a usable start-up snapshot it runs
// `node --snapshot-blob dist/snapshot/tk.blob`, and gives exactly what the ESM bundle (bin/tk.js)
// gives; without one (none built, built by another node binary, older than the compiled CLI) it runs
// the ESM bundle. Each case runs in a private copy of the package layout (bin/ copied, dist/ parts and
// node_modules linked to the real ones, the blob copied with controlled times), so the shared dist/
// is never touched. Which path ran is read from the wrapper's own `sh -x` trace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO, TK_BIN, tempStore } from "./harness.js";

const SNAP = join(REPO, "dist", "snapshot");
const LIBZ = ["/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1"].find((p) => existsSync(p)) ?? "/lib/x86_64-linux-gnu/libz.so.1";
const store = tempStore();
let layout: string;
let work: string;

/** A private package layout at `dir`: bin/ copied, dist/cli, dist/tk, node_modules, package.json linked. */
function makeLayout(dir: string): void {
  mkdirSync(join(dir, "bin"), { recursive: true });
  mkdirSync(join(dir, "dist", "snapshot"), { recursive: true });
  for (const f of ["tk", "tk.js"]) copyFileSync(join(REPO, "bin", f), join(dir, "bin", f));
  spawnSync("chmod", ["+x", join(dir, "bin", "tk")]);
  for (const p of ["dist/cli", "dist/tk", "dist/lang", "dist/store", "dist/builders", "node_modules", "package.json"]) {
    symlinkSync(join(REPO, p), join(dir, p));
  }
}

/** Puts a copy of the real blob in the layout, stamped as built by `node`, with mtime `when` (seconds). */
function installBlob(dir: string, node: string, when = Date.now() / 1000 + 5): void {
  const blob = join(dir, "dist", "snapshot", "tk.blob");
  copyFileSync(join(SNAP, "tk.blob"), blob);
  writeFileSync(join(dir, "dist", "snapshot", "node"), node + "\n");
  utimesSync(blob, when, when);
}

interface Run { status: number | null; stdout: string; stderr: string; exec: string }

/** Runs the layout's bin/tk under `sh -x`: the result, and the `exec` line the wrapper ran. */
function runLayout(dir: string, args: string[], opts: { path?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Run {
  const env = { ...store.env, ...opts.env, PATH: opts.path ?? `${dirname(process.execPath)}:${process.env.PATH}` };
  const r = spawnSync("sh", ["-x", join(dir, "bin", "tk"), ...args], { env, cwd: opts.cwd ?? work, encoding: "utf8", timeout: 60_000 });
  const lines = r.stderr.split("\n");
  const exec = lines.filter((l) => l.startsWith("+ exec ")).pop() ?? "";
  const stderr = lines.filter((l) => !l.startsWith("+ ")).join("\n");
  return { status: r.status, stdout: r.stdout, stderr, exec };
}

/** Runs the ESM bundle directly (the reference for the snapshot's output). */
function runEsm(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Omit<Run, "exec"> {
  const r = spawnSync(process.execPath, [TK_BIN, ...args], { env: { ...store.env, ...opts.env }, cwd: opts.cwd ?? work, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tk-startup-"));
  layout = join(work, "pkg");
  makeLayout(layout);
  mkdirSync(join(work, "tree"));
  writeFileSync(join(work, "tree", "a"), "hello\n");
  const ifs = runEsm(["ifs", LIBZ, "--output-ifs", join(work, "libz.ifs")]);
  expect(ifs.status, ifs.stderr).toBe(0);
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  store.cleanup();
});

describe("npm run build", () => {
  it("built the start-up snapshot with this node", () => {
    expect(existsSync(join(SNAP, "tk.blob"))).toBe(true);
    expect(realpathSync(readFileSync(join(SNAP, "node"), "utf8").trim())).toBe(realpathSync(process.execPath));
  });
});

describe("bin/tk from the snapshot", () => {
  beforeAll(() => installBlob(layout, realpathSync(process.execPath)));

  const hello = join(REPO, "derivations", "examples", "hello.tk");
  const cases: Array<{ name: string; args: string[]; env?: NodeJS.ProcessEnv }> = [
    { name: "--version", args: ["--version"] },
    { name: "help (exit 2)", args: [] },
    { name: "a verb's help", args: ["eval", "--help"] },
    { name: "eval --strict --json", args: ["eval", "--strict", "--json", "-E", '{ a = 1; b = [ "x" 2.5 ]; }'] },
    { name: "an evaluation error", args: ["eval", "-E", "let x = 1; in y"] },
    { name: "a usage error", args: ["eval", "--bogus"] },
    { name: "an unknown verb", args: ["evall"] },
    { name: "the environment of the run", args: ["eval", "-E", 'builtins.getEnv "TK_PROBE"'], env: { TK_PROBE: "run-time value" } },
    { name: "the cwd of the run", args: ["eval", "-E", "./."] },
    { name: "hash path (ssri bundled in the snapshot)", args: ["hash", "path", "tree"] },
    { name: "hash path --base32", args: ["hash", "path", "--base32", "tree"] },
    { name: "abi-diff of an .ifs file (yaml bundled in the snapshot)", args: ["abi-diff", "libz.ifs", LIBZ] },
    { name: "instantiate (better-sqlite3 loaded at run time)", args: ["instantiate", hello] },
    { name: "a program that needs the deep-stack worker", args: ["eval", "-E", "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100000"] },
  ];
  for (const c of cases) {
    it(`gives what the ESM bundle gives: ${c.name}`, () => {
      const snap = runLayout(layout, c.args, { env: c.env });
      expect(snap.exec).toContain("--snapshot-blob");
      const esm = runEsm(c.args, { env: c.env });
      expect({ status: snap.status, stdout: snap.stdout, stderr: snap.stderr }).toEqual(esm);
    });
  }

  it("finds its package where it is started from, not where the blob was built", () => {
    const r = runLayout(layout, ["eval", "-E", "1"]);
    expect(r.exec).toContain(`${layout}/bin/../dist/snapshot/tk.blob`);
    expect(r.stdout).toBe("1\n");
  });

  it("started by a relative path, passes node the blob's absolute path", () => {
    const r = spawnSync("sh", ["-x", "bin/tk", "eval", "-E", "1"], { cwd: layout, env: store.env, encoding: "utf8" });
    expect(r.stderr).toContain(`--snapshot-blob ${layout}/bin/../dist/snapshot/tk.blob`);
    expect(r.stdout).toBe("1\n");
  });

  it("reads stdin at run time", () => {
    const nar = spawnSync(process.execPath, [TK_BIN, "nar", "dump", join(work, "tree")], { env: store.env });
    const dest = join(work, "restored");
    const r = spawnSync(join(layout, "bin", "tk"), ["nar", "restore", dest], { input: nar.stdout, env: store.env, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(readFileSync(join(dest, "a"), "utf8")).toBe("hello\n");
  });
});

describe("bin/tk without a usable snapshot runs the ESM bundle", () => {
  it("when there is no blob", () => {
    const dir = join(work, "no-blob");
    makeLayout(dir);
    const r = runLayout(dir, ["eval", "-E", "1 + 2"]);
    expect(r.exec).toContain("tk.js");
    expect(r.exec).not.toContain("--snapshot-blob");
    expect(r.stdout).toBe("3\n");
  });

  it("when the blob has no record of the node that built it", () => {
    const dir = join(work, "no-stamp");
    makeLayout(dir);
    installBlob(dir, realpathSync(process.execPath));
    rmSync(join(dir, "dist", "snapshot", "node"));
    expect(runLayout(dir, ["--version"]).exec).not.toContain("--snapshot-blob");
  });

  it("when NODE_OPTIONS is set (V8 flags that differ from the build's make node refuse the blob)", () => {
    const r = runLayout(layout, ["eval", "-E", "1 + 2"], { env: { NODE_OPTIONS: "--max-old-space-size=1000" } });
    expect(r.exec).not.toContain("--snapshot-blob");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("3\n");
  });

  it("when the blob is older than the compiled CLI", () => {
    const dir = join(work, "stale");
    makeLayout(dir);
    installBlob(dir, realpathSync(process.execPath), 946684800); // 2000-01-01
    const r = runLayout(dir, ["eval", "-E", "1 + 2"]);
    expect(r.exec).not.toContain("--snapshot-blob");
    expect(r.stdout).toBe("3\n");
  });

  it("when the node on PATH is another binary, or was replaced after the blob was built", () => {
    const dir = join(work, "other-node");
    makeLayout(dir);
    const nodeDir = join(work, "node-bin");
    mkdirSync(nodeDir);
    const node = join(nodeDir, "node");
    copyFileSync(process.execPath, node);
    spawnSync("chmod", ["+x", node]);
    const path = `${nodeDir}:${process.env.PATH}`;
    // built by the system node, run with the copy: another binary
    installBlob(dir, realpathSync(process.execPath));
    const other = runLayout(dir, ["eval", "-E", "1 + 2"], { path });
    expect(other.exec).toContain(`${node} `);
    expect(other.exec).not.toContain("--snapshot-blob");
    expect(other.stdout).toBe("3\n");
    // built by the copy: used; then the copy is replaced (newer than the blob): not used
    installBlob(dir, node);
    const t = Date.now() / 1000 - 60;
    utimesSync(node, t, t);
    expect(runLayout(dir, ["--version"], { path }).exec).toContain("--snapshot-blob");
    utimesSync(node, t + 3600, t + 3600);
    const replaced = runLayout(dir, ["--version"], { path });
    expect(replaced.exec).not.toContain("--snapshot-blob");
    expect(replaced.stdout).toBe(runEsm(["--version"]).stdout);
  });
});

describe("a process restored from a snapshot", () => {
  it("gets a freshly seeded Math.random even when the builder used it (tk's temporary names rely on it)", () => {
    const dir = join(work, "random");
    mkdirSync(dir);
    writeFileSync(join(dir, "entry.cjs"), "Math.random(); require('node:v8').startupSnapshot.setDeserializeMainFunction(() => console.log(Math.random()));");
    const built = spawnSync(process.execPath, ["--snapshot-blob", join(dir, "r.blob"), "--build-snapshot", join(dir, "entry.cjs")], { cwd: dir });
    expect(built.status).toBe(0);
    const draw = (): string => spawnSync(process.execPath, ["--snapshot-blob", join(dir, "r.blob")], { encoding: "utf8" }).stdout;
    expect(new Set([draw(), draw(), draw()]).size).toBe(3);
  });
});
