// Store benchmarks at the scale issue 4 names: NAR hashing and dumping a ~1 GB tree of mixed file
// sizes (where throughput, not start-up, decides) — the dump once to /dev/null (the harness discards
// output) and once into a pipe to a reader, as `nix-store --dump | ssh …` does —, and adding the 400-file
// tree and the ~1 GB tree to an empty store (`tk store add` vs `nix-store --add`), the stores emptied
// before every run.
import { mkdirSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Benchmark } from "./harness.js";
import { makeTree } from "./hash-path.js";
import { nixEnv, tempStoreEnv, tkArgv, treePair } from "./tk-cmd.js";

/** Files for ~1 GB with makeTree's size mix (1 KiB..1 MiB, mean ~186 KiB). */
const FILES_1G = 5600;

/** tk hash path vs nix hash path on ~1 GB. */
export const hashPath1g: Benchmark = {
  name: "hash-path-1g",
  description: "NAR hash of a ~1 GB tree (tk hash path vs nix hash path)",
  referenceTool: "nix",
  runs: 3,
  prepare() {
    const tree = makeTree(FILES_1G);
    return treePair(tree, ["hash", "path", tree], ["nix", "hash", "path", tree]);
  },
};

/** tk nar dump vs nix-store --dump on ~1 GB (output discarded). */
export const narDump1g: Benchmark = {
  name: "nar-dump-1g",
  description: "NAR serialisation of a ~1 GB tree (tk nar dump vs nix-store --dump)",
  referenceTool: "nix-store",
  runs: 3,
  prepare() {
    const tree = makeTree(FILES_1G);
    return treePair(tree, ["nar", "dump", tree], ["nix-store", "--dump", tree]);
  },
};

/** tk nar dump vs nix-store --dump on ~1 GB, each into a pipe read by `cat` (both through sh). */
export const narDump1gPipe: Benchmark = {
  name: "nar-dump-1g-pipe",
  description: "NAR serialisation of a ~1 GB tree into a pipe (tk nar dump | cat vs nix-store --dump | cat)",
  referenceTool: "nix-store",
  runs: 3,
  prepare() {
    const tree = makeTree(FILES_1G);
    const piped = (argv: string[]) => ["sh", "-c", 'exec "$@" | cat >/dev/null', "sh", ...argv];
    return treePair(tree, ["nar", "dump", tree], ["nix-store", "--dump", tree], piped);
  },
};

function emptyDir(dir: string): void {
  spawnSync("chmod", ["-R", "u+w", dir]);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

/** `tk store add` vs `nix-store --add` of a makeTree tree of `files` files into empty (relocated)
 *  stores, emptied before every run. */
function addPair(files: number): ReturnType<Benchmark["prepare"]> {
  const tree = makeTree(files);
  const tkEnv = tempStoreEnv("/nix/store");
  const nix = nixEnv();
  const nixRoot = join(tkEnv.TK_STORE_ROOT!, "..", `${tkEnv.TK_STORE_ROOT!.split("/").pop()}-nix`);
  return {
    tk: { argv: tkArgv("store", "add", tree), env: tkEnv },
    reference: { argv: ["nix-store", "--store", nixRoot, "--add", tree], env: nix },
    before: () => {
      emptyDir(tkEnv.TK_STORE_ROOT!);
      emptyDir(nixRoot);
    },
    cleanup: () => {
      emptyDir(tkEnv.TK_STORE_ROOT!);
      emptyDir(nixRoot);
      rmSync(tree, { recursive: true, force: true });
    },
  };
}

/** tk store add vs nix-store --add of a ~63 MB, 400-file tree into an empty store. */
export const storeAdd: Benchmark = {
  name: "store-add",
  description: "add a 400-file tree to an empty store (tk store add vs nix-store --add)",
  referenceTool: "nix-store",
  prepare: () => addPair(400),
};

/** tk store add vs nix-store --add of the ~1 GB tree into an empty store. */
export const storeAdd1g: Benchmark = {
  name: "store-add-1g",
  description: "add a ~1 GB tree to an empty store (tk store add vs nix-store --add)",
  referenceTool: "nix-store",
  runs: 3,
  prepare: () => addPair(FILES_1G),
};
