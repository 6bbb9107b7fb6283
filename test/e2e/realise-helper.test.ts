// e2e: the built tk (bundled as users run it) starts builders through its helper process once a
// realise has enough of them — the helper's program must survive bundling.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tempStore, tk } from "./harness.js";

const store = tempStore();
afterAll(() => store.cleanup());

describe("builder helper process", () => {
  it("starts the later builds of a 12-step chain, whose parent is the helper, not tk", () => {
    const file = join(mkdtempSync(join(tmpdir(), "tk-helper-")), "chain.tk");
    // The first step takes a second, so the helper is ready long before the others start; each step
    // records its parent's command line.
    writeFileSync(file, `let
      step = prev: i: derivation { name = "step-\${toString i}"; system = builtins.currentSystem; builder = "/bin/sh";
        args = [ "-c" "\${if i == 0 then "/bin/sleep 1;" else ""} /usr/bin/tr '\\\\000' ' ' < /proc/$PPID/cmdline > $out; echo \${toString prev} >> $out" ]; };
    in builtins.foldl' step "" (builtins.genList (i: i) 12)`);
    const r = tk(["realise", "--no-sandbox", "--no-out-link", file], { env: store.env });
    expect(r.status, r.stderr).toBe(0);
    const parent = readFileSync(store.phys(r.stdout.trim()), "utf8").split("\n")[0]!;
    expect(parent).toContain(" -e ");
    expect(parent).toContain("helperMain");
    expect(parent).not.toContain("tk.js");
  });
});
