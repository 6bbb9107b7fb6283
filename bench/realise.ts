// Benchmarks: realising trivial derivations as a chain and as a fan, `tk realise` vs
// `nix-store --realise` with 2 jobs, each run on a freshly written store (the .drv files are written
// untimed before each run, so every run builds them all): 1,000 without a sandbox on both sides, and
// the same with the sandbox on both sides (tk: bwrap; Nix: its own, which needs root here, with
// /bin/sh and the host's /usr, /lib, /lib64 as sandbox-paths). The sandboxed chain has 300
// derivations: a sandbox binds every path of the input closure, which in a chain grows with its length.
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalStore } from "../store/local-store.js";
import type { Benchmark } from "./harness.js";
import { writeGraph, writeGraphNix, type Shape } from "./realise-graphs.js";
import { nixEnv, tkArgv } from "./tk-cmd.js";

const JOBS = "2";

/** Nix's configuration with its sandbox on: /bin/sh (the file it is) and the host's libraries. */
function nixSandboxEnv(): NodeJS.ProcessEnv {
  const env = nixEnv();
  const conf = join(env.NIX_CONF_DIR!, "nix.conf");
  writeFileSync(conf, readFileSync(conf, "utf8").replace("sandbox = false", "sandbox = true"));
  appendFileSync(conf, `sandbox-paths = /bin/sh=${realpathSync("/bin/sh")} /usr /lib /lib64\n`);
  return env;
}

function makeBenchmark(shape: Shape, sandbox: boolean, N: number): Benchmark {
  const how = sandbox ? "sandbox on for both (bwrap / Nix's)" : "tk realise --no-sandbox vs nix-store --realise, sandbox off";
  return {
    name: sandbox ? `realise-sandbox-${shape}` : `realise-${shape}`,
    description: `build ${N} trivial derivations as a ${shape} (${how}, 2 jobs)`,
    referenceTool: "nix-store",
    runs: 3,
    prepare() {
      const dir = mkdtempSync(join(tmpdir(), `tk-bench-realise-${shape}-`));
      // tk: an unrelocated store (builds without the sandbox need logical = physical paths).
      const tkCfg = { storeDir: join(dir, "tk", "store"), storeRoot: "", stateDir: join(dir, "tk", "var") };
      // No config file: tk's defaults (sandbox on when bwrap is installed, unless --no-sandbox).
      const tkEnv = { ...process.env, TK_STORE_DIR: tkCfg.storeDir, TK_STATE_DIR: tkCfg.stateDir, TK_STORE_ROOT: "",
        TK_CONFIG_FILE: join(dir, "no-config.yaml") };
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
      const env = sandbox ? nixSandboxEnv() : nixEnv();
      const writeNix = (): string => {
        rmSync(join(dir, "nix"), { recursive: true, force: true });
        return execFileSync("nix-instantiate", ["--store", nixStore, nixFile, "--arg", "n", String(N), "--argstr", "shape", shape],
          { env, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
      };
      const nixTop = writeNix();
      return {
        tk: { argv: tkArgv("realise", ...(sandbox ? [] : ["--no-sandbox"]), "--max-jobs", JOBS, "--no-out-link", tkTop), env: tkEnv },
        reference: { argv: ["nix-store", "--store", nixStore, "--realise", "--max-jobs", JOBS, nixTop], env },
        before: () => { writeTk(); writeNix(); },
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

/** 1,000 derivations, each depending on the previous one. */
export const realiseChain = makeBenchmark("chain", false, 1000);
/** 1,000 independent derivations and one that depends on all of them. */
export const realiseFan = makeBenchmark("fan", false, 1000);
/** The chain sandboxed, 300 long. */
export const realiseSandboxChain = makeBenchmark("chain", true, 300);
/** The fan sandboxed. */
export const realiseSandboxFan = makeBenchmark("fan", true, 1000);
