// Benchmarks of the CLI runtime: start-up (`tk eval -E 1`, `tk --version`: starting node and tk's
// heap is nearly all of it; tk runs from its V8 start-up snapshot, see README "Start-up"), the
// snapshot against the ESM bundle it replaces, and a program 100,000 calls deep (tk re-runs it in a worker thread with a deep
// stack; Nix 2.8 needs `ulimit -s unlimited` for it, which its side is given).
import type { Benchmark } from "./harness.js";
import { nixEnv, tkArgv, tempStoreEnv, tkUsesSnapshot, TK_ESM_ENTRY } from "./tk-cmd.js";

/** A warning on stderr when bin/tk will not run from the snapshot (its start-up is then the ESM bundle's). */
function warnWithoutSnapshot(): void {
  if (!tkUsesSnapshot()) process.stderr.write("warning: bin/tk does not run from the start-up snapshot now (run npm run build)\n");
}

/** tk eval -E 1 vs nix-instantiate --eval -E 1. */
export const startupEval: Benchmark = {
  name: "startup-eval",
  description: "start-up: tk eval -E 1 vs nix-instantiate --eval -E 1",
  referenceTool: "nix-instantiate",
  runs: 10,
  prepare() {
    warnWithoutSnapshot();
    return {
      tk: { argv: tkArgv("eval", "-E", "1"), env: tempStoreEnv() },
      reference: { argv: ["nix-instantiate", "--eval", "--readonly-mode", "-E", "1"], env: nixEnv() },
    };
  },
};

/** tk --version vs nix-instantiate --version. */
export const startupVersion: Benchmark = {
  name: "startup-version",
  description: "start-up: tk --version vs nix-instantiate --version",
  referenceTool: "nix-instantiate",
  runs: 10,
  prepare() {
    warnWithoutSnapshot();
    return {
      tk: { argv: tkArgv("--version"), env: tempStoreEnv() },
      reference: { argv: ["nix-instantiate", "--version"], env: nixEnv() },
    };
  },
};

/** tk eval -E 1 as users run it (bin/tk: from the snapshot) vs from the ESM bundle (node bin/tk.js). */
export const startupSnapshot: Benchmark = {
  name: "startup-snapshot",
  description: "start-up: tk eval -E 1 from the V8 start-up snapshot (bin/tk) vs the ESM bundle (node bin/tk.js)",
  referenceTool: "node",
  runs: 10,
  prepare() {
    const env = tempStoreEnv();
    if (!tkUsesSnapshot(env)) throw new Error("bin/tk does not run from the start-up snapshot (none built, or dist/ is newer): run npm run build");
    return {
      tk: { argv: tkArgv("eval", "-E", "1"), env },
      reference: { argv: [process.execPath, TK_ESM_ENTRY, "eval", "-E", "1"], env },
    };
  },
};

const DEEP = "builtins.foldl' (acc: x: acc // { a = acc.a + x; }) { a = 0; } (builtins.genList (x: x) 100000)";

/** A lazy foldl' accumulator 100,000 `//` deep, forced at the end. */
export const evalDeep: Benchmark = {
  name: "eval-deep",
  description: "100,000-deep lazy foldl' accumulator (tk: main thread, then the deep-stack worker; nix: ulimit -s unlimited)",
  referenceTool: "nix-instantiate",
  runs: 5,
  prepare() {
    return {
      tk: { argv: tkArgv("eval", "--strict", "-E", DEEP), env: tempStoreEnv() },
      reference: {
        argv: ["sh", "-c", 'ulimit -s unlimited && exec nix-instantiate --eval --strict --readonly-mode -E "$0"', DEEP],
        env: nixEnv(),
      },
    };
  },
};
