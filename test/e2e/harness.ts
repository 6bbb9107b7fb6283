// Shared helpers for end-to-end tests: run the built `tk` as a user would, in temporary stores.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, rmSync, chmodSync, readdirSync, lstatSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO = fileURLToPath(new URL("../..", import.meta.url));
/** The ESM bundle's entry, run with node (what bin/tk falls back to without a start-up snapshot). */
export const TK_BIN = join(REPO, "bin", "tk.js");
/** The `tk` command as users run it (package.json "bin"): from the start-up snapshot when usable. */
export const TK_COMMAND = join(REPO, "bin", "tk");

/** The result of one tk run. */
export interface TkRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A temporary store: env vars selecting it, and its physical root. */
export interface TempStore {
  env: NodeJS.ProcessEnv;
  root: string;
  /** Physical location of a store path. */
  phys(storePath: string): string;
  /** Removes it (store files are read-only, so permissions are restored first). */
  cleanup(): void;
}

/**
 * Makes a temporary store. With `storeDir` given (e.g. "/nix/store") it is relocated under a temp
 * root (TK_STORE_ROOT); without, the store dir itself is a real temp directory (not relocated).
 */
export function tempStore(storeDir?: string): TempStore {
  const root = mkdtempSync(join(tmpdir(), "tk-e2e-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TK_CONFIG_FILE: join(root, "no-config.yaml"),
    TK_STATE_DIR: join(root, "state"),
    TK_STORE_DIR: storeDir ?? join(root, "store"),
    TK_STORE_ROOT: storeDir ? root : "",
  };
  delete env.TK_DEBUG;
  return {
    env,
    root,
    phys: (p) => (storeDir ? root + p : p),
    cleanup: () => {
      makeWritable(root);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Runs `tk ARGS` (bin/tk, the command users run) and returns its status and output. */
export function tk(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): TkRun {
  const r: SpawnSyncReturns<string> = spawnSync(TK_COMMAND, args, {
    env: opts.env ?? process.env,
    cwd: opts.cwd ?? REPO,
    input: opts.input,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** True when an executable is on PATH. */
export function hasTool(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

function makeWritable(dir: string): void {
  try {
    chmodSync(dir, 0o755);
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      const st = lstatSync(p);
      if (st.isDirectory()) makeWritable(p);
      else if (!st.isSymbolicLink()) chmodSync(p, 0o644);
    }
  } catch {
    /* best effort */
  }
}

/** Matches a line of a JavaScript stack trace (what users must never see without TK_DEBUG=1); the snapshot's frames are in dist/snapshot/tk.cjs. */
export const JS_STACK = /^\s+at .*(\(node:|\(file:\/\/|file:\/\/\/|\.c?js:\d+:\d+)/m;
