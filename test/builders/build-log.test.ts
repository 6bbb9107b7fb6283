// BuildLog: line splitting and tail, the gzip file written at close for small logs, streaming once a
// log is large or long-running, and readBuildLog.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { BuildLog, LOG_TAIL_LINES, buildLogPath, readBuildLog } from "../../builders/build-log.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-build-log-test-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => path.join(tmp, `state-${++n}`, "log", "x.drv");

describe("BuildLog", () => {
  it("splits lines across chunks (dropping \\r), keeps the tail, and writes the gzip file at close", async () => {
    const lines: string[] = [];
    const file = fresh();
    const log = new BuildLog(file, (l) => lines.push(l));
    log.write("a");
    log.write(Buffer.from("b\r\nc\n"));
    for (let i = 0; i < 30; i++) log.write(`line${i}\n`);
    log.write("last, no newline");
    expect(fs.existsSync(file)).toBe(false);
    expect(log.streaming).toBe(false);
    await log.close();
    expect(lines.slice(0, 3)).toEqual(["ab", "c", "line0"]);
    expect(lines.at(-1)).toBe("last, no newline");
    expect(log.lastLines()).toHaveLength(LOG_TAIL_LINES);
    expect(log.lastLines().at(-1)).toBe("last, no newline");
    expect(zlib.gunzipSync(fs.readFileSync(file)).toString()).toMatch(/^ab\r\nc\nline0\n[^]*line29\nlast, no newline$/);
    await log.close(); // idempotent
  });

  it("writes an empty log for a silent build", async () => {
    const file = fresh();
    await new BuildLog(file, () => {}).close();
    expect(zlib.gunzipSync(fs.readFileSync(file)).length).toBe(0);
  });

  it("writes standard gzip files for logs of every size (window sized to small logs)", async () => {
    const { execFileSync } = await import("node:child_process");
    for (const size of [1, 100, 511, 513, 5000, 40_000, 65_536, 70_000, 300_000]) {
      const file = fresh();
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 7919 + (i >> 5)) & 0xff;
      const log = new BuildLog(file, () => {}, { streamAboveBytes: 1 << 20, streamAfterMs: 60_000 });
      log.write(bytes);
      await log.close();
      expect(log.streaming).toBe(false);
      expect(zlib.gunzipSync(fs.readFileSync(file)).equals(bytes)).toBe(true);
      expect(execFileSync("gzip", ["-dc", file]).equals(bytes)).toBe(true);
    }
  });

  it("streams to the file once the log is larger than the limit", async () => {
    const file = fresh();
    const log = new BuildLog(file, () => {}, { streamAboveBytes: 1000, streamAfterMs: 60_000 });
    log.write("x".repeat(999) + "\n");
    expect(log.streaming).toBe(false);
    log.write("more\n");
    expect(log.streaming).toBe(true);
    log.write("after\n");
    await log.close();
    expect(zlib.gunzipSync(fs.readFileSync(file)).toString()).toBe("x".repeat(999) + "\nmore\nafter\n");
  });

  it("streams to the file once output still comes after the time limit", async () => {
    const file = fresh();
    const log = new BuildLog(file, () => {}, { streamAboveBytes: 1 << 20, streamAfterMs: 50 });
    log.write("early\n");
    expect(log.streaming).toBe(false);
    await new Promise((r) => setTimeout(r, 80));
    log.write("late\n");
    expect(log.streaming).toBe(true);
    await log.close();
    expect(zlib.gunzipSync(fs.readFileSync(file)).toString()).toBe("early\nlate\n");
  });

  it("readBuildLog reads a derivation's log back, or undefined when there is none", async () => {
    const stateDir = path.join(tmp, "state-read");
    const drv = "/tk/store/00000000000000000000000000000000-x.drv";
    expect(readBuildLog(stateDir, drv)).toBeUndefined();
    const log = new BuildLog(buildLogPath(stateDir, drv), () => {});
    log.write("hello\n");
    await log.close();
    expect(buildLogPath(stateDir, drv)).toBe(path.join(stateDir, "log", "00000000000000000000000000000000-x.drv"));
    expect(readBuildLog(stateDir, drv)).toBe("hello\n");
  });
});
