// The derivation graph of a realise call: every .drv reachable from the targets through inputDrvs,
// read with store.readDerivation, with the outputs each one is wanted for, checked for cycles and
// missing inputs (clear BuildErrors), and listed in dependency order.
import type { LocalStore } from "../store/local-store.js";
import type { Derivation } from "../store/drv.js";
import { BuildError, TkError } from "../store/errors.js";

/** One derivation in the graph. */
export interface DrvNode {
  drvPath: string;
  drv: Derivation;
  /** Input derivation paths (keys of inputDrvs). */
  inputs: string[];
  /** Derivations that have this one among their inputs. */
  dependents: string[];
}

/** The graph: nodes in dependency order (inputs before dependents). */
export interface DrvGraph { nodes: Map<string, DrvNode>; order: string[] }

/** Read a derivation, turning a missing/corrupt one into a BuildError naming who needed it. */
function load(store: LocalStore, drvPath: string, neededBy: string | undefined): Derivation {
  if (!store.isValidPath(drvPath)) {
    throw new BuildError("missing-input", neededBy === undefined
      ? `derivation '${drvPath}' is not valid in the store`
      : `derivation '${neededBy}' needs '${drvPath}', which is not valid in the store`, drvPath);
  }
  try {
    return store.readDerivation(drvPath);
  } catch (e) {
    if (e instanceof TkError) throw new BuildError("bad-drv", `cannot read derivation '${drvPath}': ${e.message}`, drvPath);
    throw e;
  }
}

/** Walk the graph from the targets; throws BuildError on a cycle or a missing input. */
export function loadGraph(store: LocalStore, targets: string[]): DrvGraph {
  const nodes = new Map<string, DrvNode>();
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  // Iterative DFS (graphs can be deep: a chain of thousands of derivations).
  for (const target of targets) {
    if (state.get(target) === "done") continue;
    const stack: Array<{ path: string; neededBy?: string; next: number }> = [{ path: target, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      let node = nodes.get(top.path);
      if (!node) {
        const drv = load(store, top.path, top.neededBy);
        node = { drvPath: top.path, drv, inputs: [...drv.inputDrvs.keys()], dependents: [] };
        nodes.set(top.path, node);
        state.set(top.path, "visiting");
        for (const src of drv.inputSrcs) {
          if (!store.isValidPath(src)) {
            throw new BuildError("missing-input", `derivation '${top.path}' needs source '${src}', which is not valid in the store`, top.path);
          }
        }
      }
      if (top.next < node.inputs.length) {
        const input = node.inputs[top.next++]!;
        const s = state.get(input);
        if (s === "visiting") {
          const cycle = [...stack.map((f) => f.path).slice(stack.findIndex((f) => f.path === input)), input];
          throw new BuildError("drv-cycle", `cycle in the derivation graph: ${cycle.join(" -> ")}`, input);
        }
        if (s === undefined) stack.push({ path: input, neededBy: top.path, next: 0 });
        continue;
      }
      state.set(top.path, "done");
      order.push(top.path);
      stack.pop();
    }
  }
  for (const n of nodes.values()) for (const i of n.inputs) nodes.get(i)!.dependents.push(n.drvPath);
  return { nodes, order };
}
