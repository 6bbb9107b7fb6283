// Unit tests of cli/progress.ts: status line on a terminal, plain lines otherwise, JSON events.
import { describe, expect, it } from "vitest";
import { ProgressReporter, progressMode } from "../../cli/progress.js";

function sink() {
  const chunks: string[] = [];
  return { chunks, write: (s: string) => chunks.push(s) };
}

const plan = { type: "plan" as const, toBuild: ["/s/a.drv", "/s/b.drv"], toSubstitute: [], valid: [] };

describe("ProgressReporter", () => {
  it("prints one plain line per event when not on a terminal", () => {
    const out = sink();
    const r = new ProgressReporter("lines", out);
    r.onEvent(plan);
    r.onEvent({ type: "start", drvPath: "/s/a.drv", name: "a", role: "compile" });
    r.onEvent({ type: "done", drvPath: "/s/a.drv", name: "a", outputs: { out: "/s/a" }, cached: false });
    r.onEvent({ type: "fail", drvPath: "/s/b.drv", name: "b", message: "exit 1", logTail: [] });
    r.onEvent({ type: "fail", drvPath: "/s/c.drv", name: "c", message: "cancelled: another build failed", logTail: [], cancelled: true });
    r.finish();
    const text = out.chunks.join("");
    // a failure's message is left to the final error, which prints it once
    expect(text).toBe(
      "2 derivations will be built\nbuilding compile '/s/a.drv'\nbuild of '/s/b.drv' failed\n" +
      "build of '/s/c.drv' cancelled: another build failed\n",
    );
    expect(text).not.toContain("\r");
  });

  it("keeps a live [done/total] status line with the running builds on a terminal", () => {
    const out = sink();
    const r = new ProgressReporter("tty", out);
    r.onEvent(plan);
    r.onEvent({ type: "start", drvPath: "/s/a.drv", name: "a", role: "build" });
    r.onEvent({ type: "start", drvPath: "/s/b.drv", name: "b", role: "build" });
    expect(out.chunks.at(-1)).toBe("\r\x1b[K[0/2] building, running: a, b");
    r.onEvent({ type: "done", drvPath: "/s/a.drv", name: "a", outputs: {}, cached: false });
    expect(out.chunks.at(-1)).toBe("\r\x1b[K[1/2] building, running: b");
    r.finish();
    expect(out.chunks.at(-1)).toBe("\r\x1b[K");
  });

  it("writes each event as one JSON line in json mode", () => {
    const out = sink();
    const r = new ProgressReporter("json", out);
    r.onEvent(plan);
    r.onEvent({ type: "log", drvPath: "/s/a.drv", line: "hi" });
    expect(out.chunks.map((c) => JSON.parse(c))).toEqual([plan, { type: "log", drvPath: "/s/a.drv", line: "hi" }]);
  });

  it("chooses json over everything, then the terminal", () => {
    expect(progressMode({ json: true }, { isTTY: true } as NodeJS.WriteStream)).toBe("json");
    expect(progressMode({}, { isTTY: true } as NodeJS.WriteStream)).toBe("tty");
    expect(progressMode({}, { isTTY: false } as NodeJS.WriteStream)).toBe("lines");
  });
});

describe("ProgressReporter status width", () => {
  it("cuts the status line to the terminal width, but not when the width is unknown", () => {
    const narrow = Object.assign(sink(), { columns: 30 });
    const r = new ProgressReporter("tty", narrow);
    r.onEvent(plan);
    r.onEvent({ type: "start", drvPath: "/s/a.drv", name: "a-very-long-derivation-name", role: "build" });
    expect(narrow.chunks.at(-1)).toBe("\r\x1b[K[0/2] building, running: a-v…");
    const unknown = sink();
    const r2 = new ProgressReporter("tty", unknown);
    r2.onEvent(plan);
    r2.onEvent({ type: "start", drvPath: "/s/a.drv", name: "a-very-long-derivation-name", role: "build" });
    expect(unknown.chunks.at(-1)).toBe("\r\x1b[K[0/2] building, running: a-very-long-derivation-name");
  });
});
