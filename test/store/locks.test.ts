// Tests of the inter-process locks: exclusive between processes and within one, shared vs exclusive,
// and released by the kernel when the holder is SIGKILLed.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { lockFile, lockFiles, lockFileShared, tryLockFile } from "../../store/locks.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-locks-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const REPO = fileURLToPath(new URL("../..", import.meta.url));

describe("locks", () => {
  it("excludes a second holder in the same process until released", () => {
    const f = path.join(tmp, "a.lock");
    const l = lockFile(f);
    expect(tryLockFile(f)).toBeUndefined();
    expect(() => lockFile(f, 50)).toThrow(/timed out/);
    l.release();
    l.release();
    const again = tryLockFile(f);
    expect(again).toBeDefined();
    again!.release();
  });
  it("lets shared holders coexist and excludes an exclusive one", () => {
    const f = path.join(tmp, "gc.lock");
    const a = lockFileShared(f);
    const b = lockFileShared(f);
    expect(tryLockFile(f)).toBeUndefined();
    a.release();
    expect(tryLockFile(f)).toBeUndefined();
    b.release();
    tryLockFile(f)!.release();
  });
  it("locks several files all-or-nothing", () => {
    const [x, y] = [path.join(tmp, "x.lock"), path.join(tmp, "y.lock")];
    const hy = lockFile(y);
    expect(() => lockFiles([x, y], 50)).toThrow(/timed out/);
    expect(tryLockFile(x)).toBeDefined();
    hy.release();
  });
  it("is released when the holding process is killed", async () => {
    const f = path.join(tmp, "child.lock");
    const child = spawn(process.execPath, ["-e",
      `const D=require("better-sqlite3");const d=new D(${JSON.stringify(f)});d.exec("BEGIN EXCLUSIVE");console.log("held");setInterval(()=>{},1000)`],
      { cwd: REPO });
    await new Promise((r) => child.stdout.once("data", r));
    expect(tryLockFile(f)).toBeUndefined();
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    const l = tryLockFile(f);
    expect(l).toBeDefined();
    l!.release();
  });
});
