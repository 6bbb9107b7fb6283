// Helpers for benchmark definitions: how to invoke the built tk, and a temporary store for it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Benchmark } from "./harness.js";

/** Absolute path of bin/tk, the `tk` command of package.json (benchmarks run the built CLI as users do: from the start-up snapshot when there is a usable one). */
export const TK_BIN = fileURLToPath(new URL("../../bin/tk", import.meta.url));

/** Absolute path of bin/tk.js, the ESM bundle's entry (what bin/tk runs without a snapshot). */
export const TK_ESM_ENTRY = fileURLToPath(new URL("../../bin/tk.js", import.meta.url));

/** argv that runs `tk ARGS...` (bin/tk; the node it runs is the first on PATH). */
export function tkArgv(...args: string[]): string[] {
  return [TK_BIN, ...args];
}

/** Whether bin/tk runs from the start-up snapshot now (read from the wrapper's `sh -x` trace). */
export function tkUsesSnapshot(env: NodeJS.ProcessEnv = process.env): boolean {
  const r = spawnSync("sh", ["-x", TK_BIN, "--version"], { env, encoding: "utf8" });
  return r.stderr.split("\n").some((l) => l.startsWith("+ exec ") && l.includes("--snapshot-blob"));
}

/** An environment with a fresh temporary tk store (relocated under a temp root). */
export function tempStoreEnv(storeDir = "/tk/store"): NodeJS.ProcessEnv {
  const root = mkdtempSync(join(tmpdir(), "tk-bench-"));
  return { ...process.env, TK_STORE_DIR: storeDir, TK_STORE_ROOT: root, TK_STATE_DIR: join(root, "state") };
}

/** A private NIX_CONF_DIR with the settings the reference runs use (no substituters, no build users). */
export function nixEnv(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), "tk-bench-nixconf-"));
  const conf = "build-users-group =\nexperimental-features = nix-command ca-derivations\nsandbox = false\nsubstituters =\n";
  writeFileSync(join(dir, "nix.conf"), conf);
  return { ...process.env, NIX_CONF_DIR: dir };
}


/** A pair over one file tree: `tk TK…` with a fresh temporary store against the reference argv with
 *  nixEnv(), both passed through `wrap` (e.g. into a shell pipe); the tree is removed afterwards. */
export function treePair(tree: string, tk: string[], reference: string[],
                         wrap = (argv: string[]): string[] => argv): ReturnType<Benchmark["prepare"]> {
  return {
    tk: { argv: wrap(tkArgv(...tk)), env: tempStoreEnv() },
    reference: { argv: wrap(reference), env: nixEnv() },
    cleanup: () => rmSync(tree, { recursive: true, force: true }),
  };
}
