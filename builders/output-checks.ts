// Reference constraints on built outputs (Nix's checkOutputs): allowedReferences,
// disallowedReferences, allowedRequisites and disallowedRequisites. Entries are store paths or
// names of this derivation's outputs; requisites are the closure of the output's references.
import type { Derivation } from "../store/drv.js";
import { BuildError } from "../store/errors.js";
import { isStorePath } from "../store/path.js";

/** What the checks need to know about one output. */
export interface BuiltOutput { name: string; path: string; references: Set<string> }

/** Closure lookup for paths that are already valid (the inputs). */
export type ClosureOf = (paths: Iterable<string>) => Set<string>;

function parseSpec(drvPath: string, storeDir: string, value: string, outputs: Map<string, string>): Set<string> {
  const spec = new Set<string>();
  for (const item of value.split(/\s+/).filter((s) => s !== "")) {
    if (isStorePath(storeDir, item)) spec.add(item);
    else if (outputs.has(item)) spec.add(outputs.get(item)!);
    else throw new BuildError("bad-reference-spec", `derivation '${drvPath}' contains an illegal reference specifier '${item}'`, drvPath);
  }
  return spec;
}

/** Throws BuildError if an output violates one of its derivation's reference constraints. */
export function checkOutputReferences(drvPath: string, drv: Derivation, storeDir: string, built: BuiltOutput[],
                                      closureOfValid: ClosureOf): void {
  const outPaths = new Map(built.map((b) => [b.name, b.path]));
  const byPath = new Map(built.map((b) => [b.path, b]));
  const requisites = (o: BuiltOutput): Set<string> => {
    const seen = new Set<string>([o.path]);
    const valid: string[] = [];
    const todo = [o];
    while (todo.length > 0) {
      for (const r of todo.pop()!.references) {
        if (seen.has(r)) continue;
        seen.add(r);
        const sibling = byPath.get(r);
        if (sibling) todo.push(sibling); else valid.push(r);
      }
    }
    for (const p of closureOfValid(valid)) seen.add(p);
    return seen;
  };
  for (const o of built) {
    const check = (attr: string, allowed: boolean, recursive: boolean): void => {
      const value = drv.env.get(attr);
      if (value === undefined) return;
      const spec = parseSpec(drvPath, storeDir, value, outPaths);
      const used = recursive ? requisites(o) : o.references;
      const bad = [...used].filter((p) => {
        if (recursive && p === o.path) return false; // an output is always its own requisite
        return allowed ? !spec.has(p) : spec.has(p);
      }).sort();
      if (bad.length > 0) {
        throw new BuildError("bad-references",
          `output '${o.path}' of '${drvPath}' is not allowed to refer to the following paths (${attr}):\n` +
          bad.map((p) => "  " + p).join("\n"), drvPath);
      }
    };
    check("allowedReferences", true, false);
    check("allowedRequisites", true, true);
    check("disallowedReferences", false, false);
    check("disallowedRequisites", false, true);
  }
}
