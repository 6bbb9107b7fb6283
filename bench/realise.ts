// Benchmarks: realising 1,000 trivial derivations as a chain and as a fan, `tk realise` vs
// `nix-store --realise`, both without a sandbox and with 2 jobs, each run on a freshly written store
// (the .drv files are written untimed before each run, so every run builds all 1,000).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalStore } from "../store/local-store.js";
import type { Benchmark } from "./harness.js";
import { writeGraph, writeGraphNix, type Shape } from "./realise-graphs.js";
import { nixEnv, tkArgv } from "./tk-cmd.js";

const N = 1000;
const JOBS = "2";

function makeBenchmark(shape: Shape): Benchmark {
  return {
    name: `realise-${shape}`,
    description: `build ${N} trivial derivations as a ${shape} (tk realise --no-sandbox vs nix-store --realise, sandbox off, 2 jobs)`,
    referenceTool: "nix-store",
    runs: 3,
    prepare() {
      const dir = mkdtempSync(join(tmpdir(), `tk-bench-realise-${shape}-`));
      // tk: an unrelocated store (builds without the sandbox need logical = physical paths).
      const tkCfg = { storeDir: join(dir, "tk", "store"), storeRoot: "", stateDir: join(dir, "tk", "var") };
      const tkEnv = { ...process.env, TK_STORE_DIR: tkCfg.storeDir, TK_STATE_DIR: tkCfg.stateDir, TK_STORE_ROOT: "" };
      const writeTk = (): string => {
        rmSync(join(dir, "tk"), { recursive: true, force: true });
        const store = LocalStore.open(tkCfg);
        try {
          return writeGraph(store, shape, N);
        } finally {
          store.close();
        }
      };
      const tkTop = writeTk();
      // Nix: a local store with its own store dir (no chroot, so no forced sandbox).
      const nixFile = join(dir, "graph.nix");
      writeGraphNix(nixFile);
      const nixStore = `local?store=${join(dir, "nix", "store")}&state=${join(dir, "nix", "state")}&log=${join(dir, "nix", "log")}`;
      const env = nixEnv();
      const writeNix = (): string => {
        rmSync(join(dir, "nix"), { recursive: true, force: true });
        return execFileSync("nix-instantiate", ["--store", nixStore, nixFile, "--arg", "n", String(N), "--argstr", "shape", shape],
          { env, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
      };
      const nixTop = writeNix();
      return {
        tk: { argv: tkArgv("realise", "--no-sandbox", "--max-jobs", JOBS, "--no-out-link", tkTop), env: tkEnv },
        reference: { argv: ["nix-store", "--store", nixStore, "--realise", "--max-jobs", JOBS, nixTop], env },
        before: () => { writeTk(); writeNix(); },
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

/** 1,000 derivations, each depending on the previous one. */
export const realiseChain = makeBenchmark("chain");
/** 1,000 independent derivations and one that depends on all of them. */
export const realiseFan = makeBenchmark("fan");
