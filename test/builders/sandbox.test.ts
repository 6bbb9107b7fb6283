// The bwrap sandbox, exercised with real builder processes: what a build can see, reach and write.
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BuildLog } from "../../builders/build-log.js";
import { BuildDirPool } from "../../builders/build-dirs.js";
import { runBuilder } from "../../builders/run.js";
import { Spawner } from "../../builders/spawner.js";
import { DEFAULT_SANDBOX_PATHS, makeStagingStore } from "../../builders/sandbox.js";

const haveBwrap = spawnSync("bwrap", ["--ro-bind", "/", "/", "true"]).status === 0;

let tmp: string;
const pool = new BuildDirPool();
let server: net.Server;
let port: number;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-sandbox-test-"));
  server = net.createServer((s) => s.end("hello from the host\n"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await pool.close();
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Run `script` in the sandbox with one input path; returns exit code and log text. */
async function inSandbox(script: string, network = false): Promise<{ code: number | null; log: string; staging: string }> {
  const storeDir = "/tk-test/store";
  const inputLogical = `${storeDir}/00000000000000000000000000000000-input`;
  const inputPhys = path.join(tmp, "input-" + Math.random().toString(36).slice(2));
  fs.mkdirSync(inputPhys);
  fs.writeFileSync(path.join(inputPhys, "data"), "input data\n");
  const dirs = { ...pool.make(), sandboxed: true };
  const staging = makeStagingStore(dirs.staging);
  const lines: string[] = [];
  const log = new BuildLog(path.join(tmp, "log-" + Math.random()), (l) => lines.push(l));
  try {
    const r = await runBuilder({
      env: { builder: "/bin/sh", args: ["-c", script], files: [],
        env: { PATH: "/usr/bin:/bin", out: `${storeDir}/11111111111111111111111111111111-out`, PORT: String(port), INPUT: inputLogical } },
      buildDir: dirs.buildDir, log,
      sandbox: { storeDir, stagingStoreDir: staging, inputs: new Map([[inputLogical, inputPhys]]), buildDir: dirs.buildDir,
        network, sandboxPaths: DEFAULT_SANDBOX_PATHS },
    });
    await log.close();
    const kept = fs.mkdtempSync(path.join(tmp, "staging-"));
    fs.cpSync(staging, kept, { recursive: true });
    return { code: r.exitCode, log: lines.join("\n"), staging: kept };
  } finally {
    pool.remove(dirs);
  }
}

const connect = `/usr/bin/python3 -c "import socket,os; s=socket.create_connection(('127.0.0.1', int(os.environ['PORT'])), timeout=3); print(s.recv(100).decode())"`;

describe.skipIf(!haveBwrap)("bwrap sandbox", () => {
  it("runs /bin/sh, sees its input at the logical store path and writes $out and /build", async () => {
    const r = await inSandbox("mkdir $out && cat $INPUT/data > $out/copy && echo x > /build/f && cat /build/f && hostname");
    expect(r.log).toContain("localhost");
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(r.staging, "11111111111111111111111111111111-out", "copy"), "utf8")).toBe("input data\n");
  });

  it("cannot read /etc/passwd or the user's home", async () => {
    expect(fs.existsSync("/etc/passwd")).toBe(true);
    expect((await inSandbox("cat /etc/passwd")).code).not.toBe(0);
    const home = os.homedir();
    expect((await inSandbox(`ls ${home}`)).code).not.toBe(0);
    expect((await inSandbox("ls /root")).code).not.toBe(0);
  });

  it("cannot open a network connection, except for fixed-output derivations", async () => {
    const denied = await inSandbox(connect);
    expect(denied.code).not.toBe(0);
    expect(denied.log).not.toContain("hello from the host");
    const allowed = await inSandbox(connect, true);
    expect(allowed.log).toContain("hello from the host");
    expect(allowed.code).toBe(0);
  });

  it("cannot write outside its output and build directory", async () => {
    expect((await inSandbox("echo x > $INPUT/data")).code).not.toBe(0);
    expect((await inSandbox("touch /usr/tk-sandbox-escape")).code).not.toBe(0);
    expect((await inSandbox(`touch ${tmp}/escape`)).code).not.toBe(0);
    expect((await inSandbox("touch /etc/tk-escape")).code).not.toBe(0);
    expect((await inSandbox("touch /tk-escape")).code).not.toBe(0);
    expect(fs.existsSync("/etc/tk-escape")).toBe(false);
    expect(fs.existsSync("/usr/tk-sandbox-escape")).toBe(false);
    expect(fs.existsSync(path.join(tmp, "escape"))).toBe(false);
  });

  it("does not see other store paths or the host's store", async () => {
    expect((await inSandbox("ls /tk-test/store/ | grep -v -e -input -e -out")).code).not.toBe(0);
  });

  it.each([["directly", false], ["through the spawner's helper", true]])("passes a large input closure to bwrap through a file descriptor (%s)", async (_how, helper) => {
    const storeDir = "/tk-test/store";
    const phys = path.join(tmp, `many-${helper}`);
    fs.mkdirSync(phys);
    fs.writeFileSync(path.join(phys, "f"), "many\n");
    const inputs = new Map<string, string>();
    for (let i = 0; i < 600; i++) inputs.set(`${storeDir}/${String(i).padStart(32, "0")}-input-with-a-longish-name-${i}`, phys);
    const dirs = { ...pool.make(), sandboxed: true };
    const lines: string[] = [];
    const log = new BuildLog(path.join(tmp, "log-many"), (l) => lines.push(l));
    const spawner = new Spawner();
    if (helper) await spawner.startAndWait();
    try {
      const last = [...inputs.keys()].pop()!;
      const r = await runBuilder({
        env: { builder: "/bin/sh", args: ["-c", `cat ${last}/f; ls ${storeDir} | wc -l`], files: [], env: { PATH: "/usr/bin:/bin" } },
        buildDir: dirs.buildDir, argsFile: dirs.argsFile, log, spawner,
        sandbox: { storeDir, stagingStoreDir: makeStagingStore(dirs.staging), inputs, buildDir: dirs.buildDir, network: false,
          sandboxPaths: DEFAULT_SANDBOX_PATHS },
      });
      await log.close();
      expect(lines).toEqual(["many", "600"]);
      expect(r.exitCode).toBe(0);
      expect(fs.existsSync(dirs.argsFile)).toBe(true);
    } finally {
      spawner.close();
      pool.remove(dirs);
    }
    await pool.close();
    expect(fs.existsSync(dirs.argsFile)).toBe(false);
    expect(fs.existsSync(dirs.staging)).toBe(false);
  });

  it("provides /bin/sh even when the sandbox-paths do not include /bin", async () => {
    const dirs = { ...pool.make(), sandboxed: true };
    const lines: string[] = [];
    const log = new BuildLog(path.join(tmp, "log-sh"), (l) => lines.push(l));
    try {
      const r = await runBuilder({
        env: { builder: "/bin/sh", args: ["-c", "echo shell works; test -e /usr/bin/gcc || echo no-usr-bin"], files: [], env: {} },
        buildDir: dirs.buildDir, log,
        sandbox: { storeDir: "/tk-test/store", stagingStoreDir: makeStagingStore(dirs.staging), inputs: new Map(), buildDir: dirs.buildDir,
          network: false, sandboxPaths: ["/lib", "/lib64", "/usr/lib", "/usr/lib64"] },
      });
      await log.close();
      expect(lines).toEqual(["shell works", "no-usr-bin"]);
      expect(r.exitCode).toBe(0);
    } finally {
      pool.remove(dirs);
    }
  });
});
