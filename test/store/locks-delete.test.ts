// Tests of deleting per-path lock files on release (Nix's protocol, made crash-proof in
// store/locks.ts): the file goes away, holders that opened it before it was deleted start again on a
// fresh file (checked by several processes incrementing a counter under the lock), and files left
// marked by a crash or copied from elsewhere are still usable.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { lockFile, tryLockFile } from "../../store/locks.js";
import { childProcessStoreFixture } from "./compile-store.js";

const { tmp, jsDir } = childProcessStoreFixture("tk-locks-delete-");
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const Sqlite = createRequire(import.meta.url)("better-sqlite3") as typeof import("better-sqlite3");

/** Writes a lock file marked (as deleteHeld does) with inode `ino`. */
function markedFile(f: string, ino: (real: bigint) => bigint): void {
  const db = new Sqlite(f);
  const i = ino(fs.statSync(f, { bigint: true }).ino);
  db.exec(`PRAGMA user_version = ${Number(i & 0xffffffffn) | 0}; PRAGMA application_id = ${Number(i >> 32n) | 0}`);
  db.close();
}

describe("lock files deleted on release", () => {
  it("deletes the file only when asked, and never writes to a file it keeps", () => {
    const [a, b] = [path.join(tmp, "a.lock"), path.join(tmp, "b.lock")];
    lockFile(a, 100, { deleteOnRelease: true }).release();
    expect(fs.existsSync(a)).toBe(false);
    const l = lockFile(b, 100);
    expect(tryLockFile(b, { deleteOnRelease: true })).toBeUndefined();
    l.release();
    expect(fs.statSync(b).size).toBe(0);
    expect(fs.readdirSync(tmp).filter((n) => n.includes("journal"))).toEqual([]);
  });

  it("keeps using a file a crashed holder marked but did not unlink", () => {
    const f = path.join(tmp, "leftover.lock");
    markedFile(f, (real) => real);
    const l = lockFile(f, 100, { deleteOnRelease: true });
    expect(tryLockFile(f)).toBeUndefined();
    l.release();
    expect(fs.existsSync(f)).toBe(false);
  });

  it("uses a file marked with another inode when it is the one at its path (copied state dir)", () => {
    const f = path.join(tmp, "copied.lock");
    markedFile(f, (real) => real + 12345n);
    const l = lockFile(f, 100);
    expect(tryLockFile(f)).toBeUndefined();
    l.release();
    const db = new Sqlite(f);
    expect(db.pragma("user_version", { simple: true })).toBe(0);
    db.close();
  });

  it("never lets two processes hold the lock at once while files are deleted and recreated", async () => {
    const f = path.join(tmp, "shared.lock");
    const counter = path.join(tmp, "counter");
    fs.writeFileSync(counter, "0");
    const [procs, n] = [4, 150];
    const codes = await Promise.all(Array.from({ length: procs }, () => new Promise<number | null>((resolve) => {
      const c = spawn(process.execPath, [path.join(REPO, "test/store/workers/lock-worker.mjs"), f, counter, String(n)],
        { cwd: REPO, env: { ...process.env, TK_STORE_JS: jsDir() }, stdio: ["ignore", "ignore", "inherit"] });
      c.on("exit", resolve);
    })));
    expect(codes).toEqual(Array(procs).fill(0));
    expect(Number(fs.readFileSync(counter, "utf8"))).toBe(procs * n);
    expect(fs.existsSync(f)).toBe(false);
  }, 120_000);
});
