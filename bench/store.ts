// Store benchmarks: `tk nar dump` vs `nix-store --dump` on the 400-file tree of hash-path.ts, and
// `tk hash path` vs `nix hash path` on many small files (per-file overhead rather than throughput).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Benchmark } from "./harness.js";
import { makeTree } from "./hash-path.js";
import { treePair } from "./tk-cmd.js";

/** tk nar dump vs nix-store --dump (output discarded) over ~400 files. */
export const narDump: Benchmark = {
  name: "nar-dump",
  description: "NAR serialisation of a 400-file tree (tk nar dump vs nix-store --dump)",
  referenceTool: "nix-store",
  prepare() {
    const tree = makeTree(400);
    return treePair(tree, ["nar", "dump", tree], ["nix-store", "--dump", tree]);
  },
};

/** tk hash path vs nix hash path over 5000 small files in 50 directories. */
export const hashPathSmall: Benchmark = {
  name: "hash-path-small",
  description: "NAR hash of 5000 small files (tk hash path vs nix hash path)",
  referenceTool: "nix",
  prepare() {
    const tree = mkdtempSync(join(tmpdir(), "tk-bench-small-"));
    for (let i = 0; i < 5000; i++) {
      const dir = join(tree, `d${i % 50}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `f${i}`), `file ${i}\n`.repeat(1 + (i % 40)));
    }
    return treePair(tree, ["hash", "path", tree], ["nix", "hash", "path", tree]);
  },
};
