// e2e: `tk log` prints a build's stored (compressed) log, found from the .drv, an output path or a
// result link; a path without a known derivation is a clear error.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JS_STACK, tempStore, tk } from "./harness.js";

const store = tempStore();
afterAll(() => store.cleanup());
const dir = mkdtempSync(join(tmpdir(), "tk-log-"));
const file = join(dir, "demo.tk");
writeFileSync(
  file,
  'derivation { name = "logdemo"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo out-line; echo err-line >&2; echo x > $out" ]; }',
);

describe("tk log", () => {
  it("prints the builder's stdout and stderr from the .drv, the output path and the result link", () => {
    const drv = tk(["instantiate", file], { env: store.env }).stdout.trim();
    const r = tk(["realise", "--no-sandbox", file], { env: store.env, cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim();
    for (const arg of [drv, out, join(dir, "result")]) {
      const log = tk(["log", arg], { env: store.env });
      expect(log.status, log.stderr).toBe(0);
      expect(log.stdout).toBe("out-line\nerr-line\n");
    }
  });

  it("says clearly when no derivation is known", () => {
    const r = tk(["log", file], { env: store.env });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: no derivation is known for '${file}', so no build log\n`);
    expect(r.stderr).not.toMatch(JS_STACK);
  });
});
