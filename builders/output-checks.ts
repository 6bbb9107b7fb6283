// Constraints on built outputs (Nix 2.8's checkOutputs). Without structured attrs: the derivation's
// allowedReferences, disallowedReferences, allowedRequisites and disallowedRequisites (whitespace-
// separated), applied to every output, an output never counting as its own requisite. With structured
// attrs: `outputChecks.<output>` = { allowedReferences, allowedRequisites, disallowedReferences,
// disallowedRequisites (lists of strings), maxSize, maxClosureSize (bytes) } per output, self
// references counted as Nix does there. Entries are store paths or names of this derivation's outputs;
// requisites are the closure of the output's references.
import type { Derivation } from "../store/drv.js";
import { BuildError } from "../store/errors.js";
import { isStorePath } from "../store/path.js";

/** What the checks need to know about one output; `narSize` is computed only if a size is checked. */
export interface BuiltOutput { name: string; path: string; references: Set<string>; narSize?: () => number }

/** Closure lookup for paths that are already valid (the inputs). */
export type ClosureOf = (paths: Iterable<string>) => Set<string>;

/* The environment attributes of the legacy (non-structured) checks. */
const REFERENCE_ATTRS = ["allowedReferences", "disallowedReferences", "allowedRequisites", "disallowedRequisites"] as const;

/** The checks of one output. */
interface Checks {
  lists: Map<(typeof REFERENCE_ATTRS)[number], string[]>;
  maxSize?: number;
  maxClosureSize?: number;
  ignoreSelfRefs: boolean;
}

/** True if the derivation asks for any output check (so references must be scanned before registering). */
export function hasOutputChecks(drv: Derivation): boolean {
  return drv.env.has("__json") || REFERENCE_ATTRS.some((a) => drv.env.has(a));
}

function checksOf(drvPath: string, drv: Derivation, output: string): Checks | undefined {
  const json = drv.env.get("__json");
  if (json === undefined) {
    const lists = new Map<(typeof REFERENCE_ATTRS)[number], string[]>();
    for (const a of REFERENCE_ATTRS) {
      const v = drv.env.get(a);
      if (v !== undefined) lists.set(a, v.split(/\s+/).filter((s) => s !== ""));
    }
    return lists.size > 0 ? { lists, ignoreSelfRefs: true } : undefined;
  }
  let attrs: unknown;
  try { attrs = JSON.parse(json); } catch { return undefined; } // rejected earlier, when the env was made
  const all = (attrs as { outputChecks?: unknown } | null)?.outputChecks;
  if (typeof all !== "object" || all === null) return undefined;
  const spec = (all as Record<string, unknown>)[output];
  if (typeof spec !== "object" || spec === null) return undefined;
  const o = spec as Record<string, unknown>;
  const checks: Checks = { lists: new Map(), ignoreSelfRefs: false };
  for (const a of REFERENCE_ATTRS) {
    if (!(a in o)) continue;
    // A lone string counts as a list of one, as in Nix 2.8 (which iterates over the JSON value).
    const v = typeof o[a] === "string" ? [o[a]] : o[a];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
      throw new BuildError("bad-output-checks", `attribute '${a}' of derivation '${drvPath}' must be a list of strings`, drvPath);
    }
    checks.lists.set(a, v as string[]);
  }
  for (const a of ["maxSize", "maxClosureSize"] as const) {
    if (!(a in o)) continue;
    const v = o[a];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      throw new BuildError("bad-output-checks", `attribute '${a}' of derivation '${drvPath}' must be a non-negative integer`, drvPath);
    }
    checks[a] = v;
  }
  return checks;
}

function parseSpec(drvPath: string, storeDir: string, items: string[], outputs: Map<string, string>): Set<string> {
  const spec = new Set<string>();
  for (const item of items) {
    if (isStorePath(storeDir, item)) spec.add(item);
    else if (outputs.has(item)) spec.add(outputs.get(item)!);
    else throw new BuildError("bad-reference-spec", `derivation '${drvPath}' contains an illegal reference specifier '${item}'`, drvPath);
  }
  return spec;
}

/**
 * Throws BuildError if an output violates one of its derivation's constraints. `narSizeOfValid` gives
 * the NAR size of a valid path (for maxClosureSize).
 */
export function checkOutputReferences(drvPath: string, drv: Derivation, storeDir: string, built: BuiltOutput[],
                                      closureOfValid: ClosureOf, narSizeOfValid: (p: string) => number = () => 0): void {
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
  const narSize = (p: string): number => byPath.get(p)?.narSize?.() ?? narSizeOfValid(p);
  for (const o of built) {
    const checks = checksOf(drvPath, drv, o.name);
    if (checks === undefined) continue;
    if (checks.maxSize !== undefined) {
      const size = narSize(o.path);
      if (size > checks.maxSize) {
        throw new BuildError("output-too-large", `path '${o.path}' is too large at ${size} bytes; limit is ${checks.maxSize} bytes`, drvPath);
      }
    }
    if (checks.maxClosureSize !== undefined) {
      let size = 0;
      for (const p of requisites(o)) size += narSize(p);
      if (size > checks.maxClosureSize) {
        throw new BuildError("output-too-large",
          `closure of path '${o.path}' is too large at ${size} bytes; limit is ${checks.maxClosureSize} bytes`, drvPath);
      }
    }
    const check = (attr: (typeof REFERENCE_ATTRS)[number], allowed: boolean, recursive: boolean): void => {
      const items = checks.lists.get(attr);
      if (items === undefined) return;
      const spec = parseSpec(drvPath, storeDir, items, outPaths);
      const used = recursive ? requisites(o) : o.references;
      const bad = [...used].filter((p) => {
        if (recursive && checks.ignoreSelfRefs && p === o.path) return false; // legacy: not its own requisite
        return allowed ? !spec.has(p) : spec.has(p);
      }).sort();
      if (bad.length > 0) {
        // Nix 2.8's wording exactly (it names neither the derivation nor the attribute).
        throw new BuildError("bad-references",
          `output '${o.path}' is not allowed to refer to the following paths:` + bad.map((p) => "\n  " + p).join(""), drvPath);
      }
    };
    check("allowedReferences", true, false);
    check("allowedRequisites", true, true);
    check("disallowedReferences", false, false);
    check("disallowedRequisites", false, true);
  }
}
