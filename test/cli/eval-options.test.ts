// Unit tests of cli/eval-options.ts: joining Nix's two-value --arg/--argstr options.
import { describe, expect, it } from "vitest";
import { joinPairOptions } from "../../cli/eval-options.js";
import { UsageError } from "../../store/errors.js";
import { outLinkName } from "../../cli/out-link.js";

describe("joinPairOptions", () => {
  it("joins --arg NAME VALUE into one token and leaves the rest alone", () => {
    expect(joinPairOptions(["eval", "--arg", "x", "1 + 1", "f.tk", "--argstr", "s", "a=b"])).toEqual([
      "eval", "--arg", "x=1 + 1", "f.tk", "--argstr", "s=a=b",
    ]);
  });

  it("stops at --", () => {
    expect(joinPairOptions(["--", "--arg", "x"])).toEqual(["--", "--arg", "x"]);
  });

  it("is a usage error when a value is missing", () => {
    expect(() => joinPairOptions(["--arg", "x"])).toThrow(UsageError);
  });
});

describe("outLinkName", () => {
  it("names links like nix-build: result, result-dev, result-2, result-2-dev", () => {
    expect(outLinkName("result", 0, "out")).toBe("result");
    expect(outLinkName("result", 0, "dev")).toBe("result-dev");
    expect(outLinkName("result", 1, "out")).toBe("result-2");
    expect(outLinkName("result", 1, "dev")).toBe("result-2-dev");
  });
});
