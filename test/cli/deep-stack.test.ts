// Unit tests of cli/deep-stack.ts and the retry decision in cli/main.ts: the stack size setting,
// terminal detection, counting what was printed, and what counts as a stack overflow.
import { describe, expect, it } from "vitest";
import { countOutput, deepStackMb, terminalInfo } from "../../cli/deep-stack.js";
import { isStackOverflow, StackOverflowRetry } from "../../cli/main.js";
import { LangError } from "../../lang/errors.js";

describe("deepStackMb", () => {
  it("defaults to 128 and takes TK_STACK_MB when it is a sane integer", () => {
    expect(deepStackMb({})).toBe(128);
    expect(deepStackMb({ TK_STACK_MB: "512" })).toBe(512);
    expect(deepStackMb({ TK_STACK_MB: "lots" })).toBe(128);
    expect(deepStackMb({ TK_STACK_MB: "1" })).toBe(128);
  });
});

describe("terminalInfo", () => {
  it("reports no terminal when fds 1 and 2 are not ones (as under the test runner)", () => {
    const t = terminalInfo();
    expect(t.stdoutTTY).toBe(process.stdout.isTTY === true);
    expect(t.stderrTTY).toBe(process.stderr.isTTY === true);
  });
});

describe("countOutput", () => {
  it("counts bytes written to stdout and stderr until stopped", () => {
    const originalOut = process.stdout.write;
    const originalErr = process.stderr.write;
    // swallow the writes themselves, count through countOutput's wrapper
    process.stdout.write = (() => true) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      const c = countOutput();
      process.stderr.write("trace: é\n");
      process.stdout.write(Buffer.from("abc"));
      c.stop();
      process.stderr.write("not counted");
      expect(c.stderr).toBe(Buffer.byteLength("trace: é\n"));
      expect(c.stdout).toBe(3);
    } finally {
      process.stdout.write = originalOut;
      process.stderr.write = originalErr;
    }
  });
});

describe("isStackOverflow", () => {
  it("recognises lang's stack overflow error and V8's RangeError, nothing else", () => {
    expect(isStackOverflow(new LangError("recursion", "stack overflow (possible infinite recursion)"))).toBe(true);
    expect(isStackOverflow(new RangeError("Maximum call stack size exceeded"))).toBe(true);
    expect(isStackOverflow(new LangError("recursion", "infinite recursion encountered"))).toBe(false);
    expect(isStackOverflow(new RangeError("Invalid array length"))).toBe(false);
    expect(isStackOverflow(new StackOverflowRetry())).toBe(false);
  });
});
