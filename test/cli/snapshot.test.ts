// Unit tests of the start-up snapshot's run-time pieces: finding the package root from node's
// --snapshot-blob option (cli/snapshot-main.ts), the stand-ins for `node:module`/`import.meta.url`
// (cli/snapshot-module.ts) and for `node:worker_threads` (cli/snapshot-worker-threads.ts), the
// build-time warm-up program (cli/snapshot-warm.ts). The
// snapshot itself is tested end to end in test/e2e/startup.test.ts.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageRootFromExecArgv } from "../../cli/snapshot-main.js";
import { BUILD_TIME_URL, __tkMetaUrl, bundleEntryUrl, createRequire, provideModule, setPackageRoot } from "../../cli/snapshot-module.js";
import { WARM_UP_PROGRAM, warmUp } from "../../cli/snapshot-warm.js";
import { MessageChannel, Worker, receiveMessageOnPort } from "../../cli/snapshot-worker-threads.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

describe("packageRootFromExecArgv", () => {
  it("is three levels above the blob, in both spellings of the option, relative to the cwd", () => {
    expect(packageRootFromExecArgv(["--snapshot-blob", "/opt/tk/dist/snapshot/tk.blob"], "/x")).toBe("/opt/tk");
    expect(packageRootFromExecArgv(["--snapshot-blob=/opt/tk/dist/snapshot/tk.blob"], "/x")).toBe("/opt/tk");
    expect(packageRootFromExecArgv(["--max-old-space-size=100", "--snapshot-blob", "bin/../dist/snapshot/tk.blob"], "/home/u/tk")).toBe("/home/u/tk");
  });

  it("fails when node was not started from a blob", () => {
    expect(() => packageRootFromExecArgv(["--inspect"], "/")).toThrow(/without --snapshot-blob/);
  });
});

describe("snapshot-module", () => {
  it("gives a placeholder import.meta.url until the package root is known, then dist/tk/main.js under it", () => {
    expect(bundleEntryUrl()).toBe(BUILD_TIME_URL);
    const req = createRequire("file:///build/machine/dist/store/lazy-deps.js"); // made before the root is known, as at build time
    setPackageRoot(REPO);
    expect(__tkMetaUrl.url).toBe(`file://${REPO}dist/tk/main.js`);
    expect(new URL("../../package.json", __tkMetaUrl.url).pathname).toBe(`${REPO}package.json`);
    // the require resolves from the run-time root, whatever URL it was made with
    expect(realpathSync(req.resolve("yaml"))).toBe(realpathSync(`${REPO}node_modules/yaml/dist/index.js`));
    expect(typeof (req("yaml") as { parse: unknown }).parse).toBe("function");
  });

  it("returns a provided module instead of loading it from node_modules", () => {
    const fake = { provided: true };
    provideModule("ssri", fake);
    expect(createRequire("file:///x.js")("ssri")).toBe(fake);
    expect(createRequire("file:///x.js")("tar-stream")).not.toBe(fake);
  });
});

describe("snapshot-worker-threads", () => {
  it("makes real workers and channels", async () => {
    const { port1, port2 } = new MessageChannel();
    port1.postMessage("hi");
    expect(receiveMessageOnPort(port2)).toEqual({ message: "hi" });
    port1.close();
    const w = new Worker("require('node:worker_threads').parentPort.postMessage(process.cwd())", { eval: true });
    const cwd = await new Promise((resolve) => w.once("message", resolve));
    expect(cwd).toBe(process.cwd());
    await w.terminate();
  });
});

describe("warmUp", () => {
  const expected =
    '{ a = 42; b = [ "p0" "p1" "p10" "p11" "p12" "p13" "p14" "p15" "p16" "p17" "p18" "p19" "p2" "p3" "p4" "p5" "p6" "p7" "p8" "p9" ]; ' +
    'c = "1,2,3"; d = 9900; e = "many"; f = "1.3"; g = { x = { n = "x"; y = 1.5; }; z = { n = "z"; w = null; }; }; h = [ 1 3 ]; ' +
    'i = "indented 1 string\\n"; j = "{\\"k\\":[true,false]}"; k = "/tk/store/c7lc701yrpsj6ccm0sf95c0911wgmgni-warm"; l = "ell"; m = 3; n = false; }';

  it("evaluates its program as nix-instantiate --eval --strict does (recorded with NIX_STORE_DIR=/tk/store)", () => {
    expect(warmUp()).toBe(expected);
    const nix = spawnSync("nix-instantiate", ["--version"]);
    if (nix.status !== 0) return; // the recorded value above stands in for Nix
    const file = join(mkdtempSync(join(tmpdir(), "tk-warm-")), "warm.nix");
    writeFileSync(file, WARM_UP_PROGRAM);
    const r = spawnSync("nix-instantiate", ["--eval", "--strict", "--readonly-mode", file], { env: { ...process.env, NIX_STORE_DIR: "/tk/store" }, encoding: "utf8" });
    expect(r.stdout).toBe(expected + "\n");
  });
});
