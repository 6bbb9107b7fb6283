// Benchmark: NAR-hashing a tree of mixed files, `tk hash path` vs `nix hash path`.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Benchmark } from "./harness.js";
import { treePair } from "./tk-cmd.js";

/** Writes `files` files of 1 KiB..1 MiB (deterministic contents) under a new temp dir. */
export function makeTree(files: number): string {
  const root = mkdtempSync(join(tmpdir(), "tk-bench-tree-"));
  let seed = 12345;
  for (let i = 0; i < files; i++) {
    const dir = join(root, `d${i % 16}`);
    mkdirSync(dir, { recursive: true });
    seed = (seed * 1103515245 + 12345) >>> 0;
    const size = 1024 << (seed % 11);
    writeFileSync(join(dir, `f${i}`), Buffer.alloc(size, i % 251));
  }
  return root;
}

/** tk hash path vs nix hash path over ~400 files (~100 MB). */
export const hashPath: Benchmark = {
  name: "hash-path",
  description: "NAR hash of a 400-file tree (tk hash path vs nix hash path)",
  referenceTool: "nix",
  prepare() {
    const tree = makeTree(400);
    return treePair(tree, ["hash", "path", tree], ["nix", "hash", "path", tree]);
  },
};
