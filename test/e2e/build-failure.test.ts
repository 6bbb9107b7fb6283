// e2e: a failing builder makes `tk realise` exit with Nix's status (100; 102 hash mismatch, 104 --check), naming the derivation and showing
// the end of its log, with no JavaScript stack; the outputs of other derivations still build with -k.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JS_STACK, tempStore, tk } from "./harness.js";

const store = tempStore();
afterAll(() => store.cleanup());
const file = join(mkdtempSync(join(tmpdir(), "tk-fail-")), "fail.tk");
writeFileSync(
  file,
  `{ bad = derivation { name = "bad"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo step one; echo it broke >&2; exit 3" ]; };
     good = derivation { name = "good"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo ok > $out" ]; }; }`,
);
// Store entries other than .drv files (the store's own dot-directories, like its staging area, are not paths).
const outputs = () => readdirSync(store.env.TK_STORE_DIR!).filter((n) => !n.startsWith(".") && !n.endsWith(".drv"));

describe("build limits", () => {
  it("--timeout kills a builder that runs too long (exit 100, as Nix 2.8 — not 101; Nix's message); a bad value is a usage error", () => {
    const slow = join(mkdtempSync(join(tmpdir(), "tk-slow-")), "slow.tk");
    writeFileSync(slow, 'derivation { name = "slow"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "/bin/sleep 60" ]; }');
    const r = tk(["realise", "--no-sandbox", "--no-out-link", "--timeout", "1", slow], { env: store.env });
    expect(r.status).toBe(100);
    expect(r.stderr).toMatch(/^error: building of '.*-slow\.drv' timed out after 1 seconds$/m);
    const bad = tk(["realise", "--no-sandbox", "--max-silent-time", "soon", slow], { env: store.env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--max-silent-time must be a whole number of seconds, not 'soon'");
  });

  it("a fixed-output hash mismatch exits 102, and with an ordinary failure under -k 102 | 100 = 102 (Nix's bits)", () => {
    const dir = mkdtempSync(join(tmpdir(), "tk-fod-"));
    const fod = join(dir, "fod.tk");
    writeFileSync(fod, `{ fod = derivation { name = "fod"; system = builtins.currentSystem; builder = "/bin/sh";
        args = [ "-c" "echo hello > $out" ]; outputHashMode = "flat"; outputHashAlgo = "sha256";
        outputHash = "0000000000000000000000000000000000000000000000000000"; };
      bad = derivation { name = "bad2"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "exit 1" ]; }; }`);
    const one = tk(["realise", "--no-sandbox", "--no-out-link", "-A", "fod", fod], { env: store.env });
    expect(one.stderr).toContain("hash mismatch in fixed-output derivation");
    expect(one.status).toBe(102);
    const both = tk(["realise", "--no-sandbox", "--no-out-link", "-k", fod], { env: store.env });
    expect(both.status).toBe(102);
  });

  it("--check of a build that differs exits 104 (Nix's 'not deterministic' status)", () => {
    const dir = mkdtempSync(join(tmpdir(), "tk-check-"));
    const rnd = join(dir, "rnd.tk");
    writeFileSync(rnd, 'derivation { name = "rnd"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "/usr/bin/date +%N > $out" ]; }');
    const own = tempStore(); // its own store: the tests below count the outputs of theirs
    try {
      expect(tk(["realise", "--no-sandbox", "--no-out-link", rnd], { env: own.env }).status).toBe(0);
      const r = tk(["realise", "--no-sandbox", "--no-out-link", "--check", rnd], { env: own.env });
      expect(r.stderr).toContain("may not be deterministic");
      expect(r.status).toBe(104);
    } finally {
      own.cleanup();
    }
  });
});

describe("a failing build", () => {
  it("exits 100 with the derivation, its exit code and last log lines, and registers nothing", () => {
    const r = tk(["realise", "--no-sandbox", "--no-out-link", "-j", "1", "-A", "bad", file], { env: store.env });
    expect(r.status).toBe(100);
    expect(r.stderr).toMatch(/^error: builder for '.*-bad\.drv' failed with exit code 3$/m);
    expect(r.stderr).toContain("> step one\n> it broke");
    // the builder's message is printed once (by the final error), not also by the progress line
    expect(r.stderr.match(/failed with exit code 3/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/^build of '.*-bad\.drv' failed$/m);
    expect(r.stderr).not.toMatch(JS_STACK);
    expect(r.stdout).toBe("");
    expect(outputs()).toEqual([]);
  });

  it("still builds the rest with --keep-going, and exits 100", () => {
    const r = tk(["realise", "--no-sandbox", "--no-out-link", "-k", file], { env: store.env });
    expect(r.status).toBe(100);
    const built = outputs();
    expect(built).toHaveLength(1);
    expect(built[0]).toMatch(/-good$/);
    expect(existsSync(join(store.env.TK_STORE_DIR!, built[0]!))).toBe(true);
  });
});
