// Tests of the dry-run text (cli/dry-run.ts): Nix 2.8's wording and layout (as `nix-store -r
// --dry-run` printed it for one and for two derivations), sorted paths, split steps marked.
import { describe, expect, it } from "vitest";
import { dryRunText } from "../../cli/dry-run.js";

const a = "/nix/store/8vf92l7v9s232gcyqhkydmgvrcanl7hj-a.drv";
const b = "/nix/store/hf21gdbicz2srm5k3nvm63f4qwp21kz4-b.drv";

describe("dryRunText", () => {
  it("prints what Nix 2.8 prints for plain derivations", () => {
    // recorded: nix-store -r --dry-run on b (which depends on a), and on a alone
    expect(dryRunText({ type: "plan", toBuild: [b, a], toSubstitute: [], valid: [], roles: {} }))
      .toBe(`these 2 derivations will be built:\n  ${a}\n  ${b}\n`);
    expect(dryRunText({ type: "plan", toBuild: [a], toSubstitute: [], valid: [], roles: {} }))
      .toBe(`this derivation will be built:\n  ${a}\n`);
  });

  it("marks the compile/relink split's steps and prints nothing when nothing is to be built", () => {
    expect(dryRunText({ type: "plan", toBuild: [a, b], toSubstitute: [], valid: [], roles: { [a]: "stubs", [b]: "relink" } }))
      .toBe(`these 2 derivations will be built:\n  ${a} (stubs)\n  ${b} (relink)\n`);
    expect(dryRunText({ type: "plan", toBuild: [], toSubstitute: [], valid: [a], roles: {} })).toBe("");
  });
});
