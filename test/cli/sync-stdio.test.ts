// Unit tests of cli/sync-stdio.ts: blocking writes to an fd, skipping bytes already shown, EPIPE,
// and the stream properties a worker thread reports.
import { afterAll, describe, expect, it } from "vitest";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { installSyncStdio, setColumns, syncWriter, writeAllSync } from "../../cli/sync-stdio.js";

const dir = mkdtempSync(join(tmpdir(), "tk-sync-stdio-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withFile(fn: (fd: number) => void): string {
  const path = join(dir, `f${Math.random()}`);
  const fd = openSync(path, "w");
  try {
    fn(fd);
  } finally {
    closeSync(fd);
  }
  return readFileSync(path, "utf8");
}

describe("writeAllSync", () => {
  it("writes every byte of a large buffer", () => {
    const big = Buffer.alloc(3_000_000, "x");
    const text = withFile((fd) => expect(writeAllSync(fd, big)).toBe(true));
    expect(text.length).toBe(3_000_000);
  });

  it("returns false when the reader has gone (EPIPE) instead of throwing", () => {
    // a child whose stdout pipe is closed by the reader: write to it and report what happened
    const script = `
      import("${join(process.cwd(), "dist/cli/sync-stdio.js")}").then(({ writeAllSync }) => {
        process.on("SIGPIPE", () => {});
        const r = [];
        for (let i = 0; i < 50; i++) r.push(writeAllSync(1, Buffer.alloc(65536, "y")));
        process.stderr.write(String(r.includes(false)));
      });`;
    const r = spawnSync("sh", ["-c", `node -e '${script}' | head -c 1 >/dev/null`], { encoding: "utf8" });
    expect(r.stderr).toBe("true");
  });
});

describe("syncWriter", () => {
  it("writes strings and bytes in order and calls the callback", async () => {
    let called = 0;
    const text = withFile((fd) => {
      const w = syncWriter(fd);
      w("héllo ", () => called++);
      w(Buffer.from("world"), undefined, () => called++);
      w("\n", "utf8");
    });
    expect(text).toBe("héllo world\n");
    await new Promise((r) => setImmediate(r));
    expect(called).toBe(2);
  });

  it("skips the first bytes (already printed by the main thread), across chunks", () => {
    const text = withFile((fd) => {
      const w = syncWriter(fd, 8);
      w("trace: 1\n");
      w("trace: 2\n");
    });
    expect(text).toBe("\ntrace: 2\n");
  });
});

describe("installSyncStdio", () => {
  it("replaces write and sets isTTY and columns on both streams", () => {
    const stdout = { write: (() => false) as (...a: never[]) => boolean } as { write: (...a: never[]) => boolean; isTTY?: boolean; columns?: number };
    const stderr = { write: (() => false) as (...a: never[]) => boolean } as typeof stdout;
    installSyncStdio({ stdoutTTY: false, stderrTTY: true, columns: 120 }, 0, { stdout, stderr });
    expect(stdout.isTTY).toBe(false);
    expect(stdout.columns).toBeUndefined();
    expect(stderr.isTTY).toBe(true);
    expect(stderr.columns).toBe(120);
    expect(stdout.write).not.toBe(stderr.write);
    setColumns(80, { stdout, stderr });
    expect(stderr.columns).toBe(80);
    expect(stdout.columns).toBeUndefined();
  });
});
