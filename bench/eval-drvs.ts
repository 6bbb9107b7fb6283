// Benchmarks: 10,000 interdependent derivations (100 layers of 100, each depending on two of the
// layer before through string context), evaluated without writing (tk eval --strict vs
// nix-instantiate --eval --strict --readonly-mode, forcing every drvPath) and instantiated into an
// empty store (tk instantiate vs nix-instantiate --store <fresh chroot store>), both with the logical
// store /nix/store so both compute the same paths.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Benchmark } from "./harness.js";
import { nixEnv, tkArgv } from "./tk-cmd.js";

/**
 * The derivation graph as Nix source: a function of `width` and `layers` returning the list of
 * width × layers derivations. Derivation i of layer L > 0 depends on derivations `col` and
 * `col * 7 mod width` of layer L − 1 (through the string context of its `deps` attribute).
 */
export const DRV_GRAPH_NIX = `{ width ? 100, layers ? 100 }:
let
  mk = i:
    let
      layer = i / width;
      col = i - layer * width;
      prev = j: builtins.elemAt drvs ((layer - 1) * width + j);
    in
    derivation {
      name = "node-\${toString layer}-\${toString col}";
      system = "x86_64-linux";
      builder = "/bin/sh";
      args = [ "-c" "echo \${toString i} > $out" ];
      index = i;
      deps = if layer == 0 then [ ] else [ (prev col) (prev (col * 7 - (col * 7) / width * width)) ];
      meta = "layer \${toString layer}";
    };
  drvs = builtins.genList mk (width * layers);
in
drvs
`;

/** Forces the drvPath of every derivation of the graph and evaluates to their number. */
export const DRV_PATHS_NIX = `let drvs = import ./graph.nix { }; paths = map (d: d.drvPath) drvs;
in builtins.deepSeq paths (builtins.length paths)
`;

/** Writes graph.nix and paths.nix into a new temporary directory and returns it. */
export function writeDrvGraph(): string {
  const dir = mkdtempSync(join(tmpdir(), "tk-bench-drvs-"));
  writeFileSync(join(dir, "graph.nix"), DRV_GRAPH_NIX);
  writeFileSync(join(dir, "paths.nix"), DRV_PATHS_NIX);
  return dir;
}

/** 10,000 derivations evaluated (every drvPath computed), nothing written. */
export const evalDrvs: Benchmark = {
  name: "eval-drvs10k",
  description: "10,000 interdependent derivations, every drvPath forced, nothing written (tk eval --strict vs nix-instantiate --eval --strict --readonly-mode)",
  referenceTool: "nix-instantiate",
  runs: 5,
  prepare() {
    const dir = writeDrvGraph();
    const file = join(dir, "paths.nix");
    return {
      tk: { argv: tkArgv("eval", "--strict", file), env: { ...process.env, TK_STORE_DIR: "/nix/store", TK_STORE_ROOT: join(dir, "tk-root") } },
      reference: { argv: ["nix-instantiate", "--eval", "--strict", "--readonly-mode", file], env: nixEnv() },
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

/** The same 10,000 derivations written into an empty store (a fresh store before every run). */
export const instantiateDrvs: Benchmark = {
  name: "eval-instantiate10k",
  description: "10,000 interdependent derivations instantiated into an empty store (tk instantiate vs nix-instantiate --store <chroot>)",
  referenceTool: "nix-instantiate",
  runs: 3,
  prepare() {
    const dir = writeDrvGraph();
    const file = join(dir, "graph.nix");
    const tkRoot = join(dir, "tk-root");
    const nixRoot = join(dir, "nix-root");
    const fresh = (): void => {
      for (const root of [tkRoot, nixRoot]) {
        rmSync(root, { recursive: true, force: true });
        mkdirSync(root);
      }
    };
    const tkEnv = { ...process.env, TK_STORE_DIR: "/nix/store", TK_STORE_ROOT: tkRoot, TK_STATE_DIR: join(tkRoot, "var") };
    return {
      tk: { argv: tkArgv("instantiate", file), env: tkEnv },
      reference: { argv: ["nix-instantiate", "--store", nixRoot, file], env: nixEnv() },
      before: fresh,
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};
