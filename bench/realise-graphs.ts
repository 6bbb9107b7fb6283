// Benchmark fixtures for realise: N trivial derivations as a chain (each depends on the previous)
// or a fan (one root over N leaves), written into a tk store exactly as `derivation` would, and the
// same graphs as a Nix expression for the reference side.
import { writeFileSync } from "node:fs";
import { printDerivation, type Derivation } from "../store/drv.js";
import { hashDerivationModulo, type DrvHash } from "../store/drv-hash.js";
import type { LocalStore } from "../store/local-store.js";
import { makeOutputPath } from "../store/path.js";

/** The graph shapes. */
export type Shape = "chain" | "fan";

/** Nix's side: `nix-instantiate FILE --arg n N --argstr shape SHAPE` gives the top derivation. */
export const GRAPH_NIX = `{ n ? 1000, shape ? "chain" }:
let
  mk = name: script: derivation { inherit name; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" script ]; };
  range = builtins.genList (i: i + 1) n;
  chain = builtins.foldl' (prev: i: mk "chain-\${toString i}" "echo \${toString prev} \${toString i} > $out") "" range;
  leaves = map (i: mk "leaf-\${toString i}" "echo \${toString i} > $out") range;
  fan = mk "fan" "echo \${toString leaves} > $out";
in if shape == "chain" then chain else fan
`;

/** Write GRAPH_NIX to `file`. */
export function writeGraphNix(file: string): void {
  writeFileSync(file, GRAPH_NIX);
}

/** Write one input-addressed `/bin/sh -c script` derivation; returns [drvPath, outPath]. */
function addShDrv(store: LocalStore, name: string, script: string, inputs: Array<[string, string]>,
                  cache: Map<string, DrvHash>): [string, string] {
  const env = new Map([["builder", "/bin/sh"], ["name", name], ["out", ""], ["system", "x86_64-linux"]]);
  const drv: Derivation = {
    outputs: new Map([["out", { path: "", hashAlgo: "", hash: "" }]]),
    inputDrvs: new Map(inputs.map(([d]) => [d, new Set(["out"])])), inputSrcs: new Set(),
    platform: "x86_64-linux", builder: "/bin/sh", args: ["-c", script], env,
  };
  const h = hashDerivationModulo(drv, true, (p) => store.readDerivation(p), cache);
  const out = makeOutputPath(store.config.storeDir, "out", h.hashes.get("out")!, name);
  drv.outputs.set("out", { path: out, hashAlgo: "", hash: "" });
  env.set("out", out);
  return [store.addTextToStore(`${name}.drv`, printDerivation(drv), inputs.map(([d]) => d)), out];
}

/** Write the graph into a tk store as GRAPH_NIX would; returns the top .drv path. */
export function writeGraph(store: LocalStore, shape: Shape, n: number): string {
  const cache = new Map<string, DrvHash>();
  if (shape === "chain") {
    let prev: [string, string] | undefined;
    for (let i = 1; i <= n; i++) {
      prev = addShDrv(store, `chain-${i}`, `echo ${prev ? prev[1] : ""} ${i} > $out`, prev ? [prev] : [], cache);
    }
    return prev![0];
  }
  const leaves: Array<[string, string]> = [];
  for (let i = 1; i <= n; i++) leaves.push(addShDrv(store, `leaf-${i}`, `echo ${i} > $out`, [], cache));
  return addShDrv(store, "fan", `echo ${leaves.map((l) => l[1]).join(" ")} > $out`, leaves, cache)[0];
}
