// Running tk in a process restored from the start-up snapshot (cli/snapshot-entry.ts builds it):
// where the package is (from node's --snapshot-blob option, as nothing of the build machine's
// layout may be frozen into the blob) and the call of the CLI with the run's real arguments.
import { resolve } from "node:path";
import { run } from "./main.js";
import { setPackageRoot } from "./snapshot-module.js";

/**
 * The package root of a snapshot run: the blob is `<root>/dist/snapshot/tk.blob`, named by the
 * `--snapshot-blob` option node was started with (as `--snapshot-blob FILE` or `--snapshot-blob=FILE`).
 */
export function packageRootFromExecArgv(execArgv: readonly string[], cwd: string): string {
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    const blob = a === "--snapshot-blob" ? execArgv[i + 1] : a.startsWith("--snapshot-blob=") ? a.slice(16) : undefined;
    if (blob !== undefined) return resolve(cwd, blob, "../../..");
  }
  throw new Error("tk snapshot: started without --snapshot-blob");
}

/** Runs `tk` in a process restored from the snapshot: `node --snapshot-blob BLOB -- ARGS…`. */
export function snapshotMain(): void {
  const root = packageRootFromExecArgv(process.execArgv, process.cwd());
  setPackageRoot(root);
  const args = process.argv.slice(1); // node puts the arguments after `--` right after its own path
  process.argv = [process.argv[0]!, resolve(root, "bin/tk"), ...args];
  void run(args).then((code) => {
    process.exitCode = code;
  });
}
