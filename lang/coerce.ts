// String coercion as Nix's coerceToString: strings, paths (copied to the store when asked),
// sets with __toString/outPath, and with coerceMore also ints, floats, bools, null and lists.
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { joinStr } from "./bytes.js";
import { LangError } from "./errors.js";
import { formatF } from "./float-format.js";
import { callFunction } from "./call.js";
import { st } from "./state.js";
import { Attrs, force, NixFloat, NixPath, NixString, showType, type Lazy } from "./values.js";

/** C's "%f" as std::to_string(double) prints it. */
export function floatToString(x: number): string {
  return formatF(x);
}

/** Copy a source path into the store (once per evaluation) and return its store path. */
export function copyPathToStore(path: string): string {
  const s = st();
  const hit = s.srcToStore.get(path);
  if (hit) return hit;
  if (path.endsWith(".drv")) throw new LangError("eval", `file names are not allowed to end in '.drv'`);
  if (!existsSync(path)) throw new LangError("io", `getting status of '${path}': No such file or directory`);
  const sp = s.store.addPath(path, { name: basename(path), recursive: true });
  s.srcToStore.set(path, sp);
  return sp;
}

/**
 * Coerce a value to a string, adding its context to `ctx`.
 * coerceMore: also ints, floats, bools, null, lists. copyToStore: paths become store paths.
 */
export function coerceToString(x: Lazy, ctx: Set<string>, coerceMore: boolean, copyToStore: boolean): string {
  const v = force(x);
  if (typeof v === "string") return v;
  if (v instanceof NixString) {
    for (const c of v.ctx) ctx.add(c);
    return v.s;
  }
  if (v instanceof NixPath) {
    if (!copyToStore) return v.path;
    const sp = copyPathToStore(v.path);
    ctx.add(sp);
    return sp;
  }
  if (v instanceof Attrs) {
    const ts = v.get("__toString");
    if (ts !== undefined) {
      const r = callFunction(force(ts), v);
      return coerceToString(r, ctx, coerceMore, copyToStore);
    }
    const out = v.get("outPath");
    if (out !== undefined) return coerceToString(out, ctx, coerceMore, copyToStore);
  }
  if (coerceMore) {
    if (v === true) return "1";
    if (v === false || v === null) return "";
    if (typeof v === "number" || typeof v === "bigint") return v.toString();
    if (v instanceof NixFloat) return floatToString(v.v);
    if (Array.isArray(v)) {
      let res = "";
      for (let i = 0; i < v.length; i++) {
        const item = force(v[i]);
        res = joinStr(res, coerceToString(item, ctx, coerceMore, copyToStore));
        if (i < v.length - 1 && !(Array.isArray(item) && item.length === 0)) res += " ";
      }
      return res;
    }
  }
  throw new LangError("type", `cannot coerce ${showType(v)} to a string`);
}

/** Coerce to a path string (Nix's coerceToPath): must be absolute. */
export function coerceToPath(x: Lazy, ctx: Set<string>): string {
  const s = coerceToString(x, ctx, false, false);
  if (!s.startsWith("/")) throw new LangError("eval", `string '${s}' doesn't represent an absolute path`);
  return s;
}
