// Benchmarks of the CLI runtime: start-up (`tk eval -E 1`, `tk --version`: module loading is
// nearly all of it) and a program 100,000 calls deep (tk re-runs it in a worker thread with a deep
// stack; Nix 2.8 needs `ulimit -s unlimited` for it, which its side is given).
import type { Benchmark } from "./harness.js";
import { nixEnv, tkArgv, tempStoreEnv } from "./tk-cmd.js";

/** tk eval -E 1 vs nix-instantiate --eval -E 1. */
export const startupEval: Benchmark = {
  name: "startup-eval",
  description: "start-up: tk eval -E 1 vs nix-instantiate --eval -E 1",
  referenceTool: "nix-instantiate",
  runs: 10,
  prepare() {
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
    return {
      tk: { argv: tkArgv("--version"), env: tempStoreEnv() },
      reference: { argv: ["nix-instantiate", "--version"], env: nixEnv() },
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
