// The compile/relink split's builtin builders as derivations see them; the ELF work itself is in
// builders/elf/ (buildIfsOutput, relinkOutput). Derivation attributes:
//   builtin:ifs     lib = <library output path>   target = <triple> (optional, else from the ELF files)
//   builtin:relink  compile = <compile output path>
//                   stubs = "<stubs path> …"  libs = "<library path> …"   (pairs, same order)
//                   and/or rewrites = "<from>=<to> …"                    (extra path rewrites)
// Paths may be downstream placeholders in the .drv: resolution turns them into store paths first.
import { BuildError } from "../store/errors.js";
import { buildIfsOutput } from "./elf/builtin-ifs.js";
import { relinkOutput } from "./elf/builtin-relink.js";
import type { BuiltinContext } from "./builtins.js";

function words(s: string | undefined): string[] {
  return (s ?? "").split(/\s+/).filter((w) => w !== "");
}

function attr(ctx: BuiltinContext, name: string): string {
  const v = ctx.drv.env.get(name);
  if (v === undefined || v === "") throw new BuildError("bad-builtin", `'${ctx.drv.builder}' needs the attribute '${name}' ('${ctx.drvPath}')`, ctx.drvPath);
  return v;
}

function onlyOut(ctx: BuiltinContext): string {
  const out = ctx.outputs.get("out");
  if (!out || ctx.outputs.size !== 1) throw new BuildError("bad-builtin", `'${ctx.drv.builder}' builds exactly one output, 'out' ('${ctx.drvPath}')`, ctx.drvPath);
  return out.physical;
}

/** A store path attribute that must be among the build's inputs. */
function inputPath(ctx: BuiltinContext, name: string): string {
  const p = attr(ctx, name);
  if (!ctx.store.isValidPath(p)) throw new BuildError("bad-builtin", `attribute '${name}' of '${ctx.drvPath}' is not a valid store path: '${p}'`, ctx.drvPath);
  return p;
}

/** builtin:ifs — stubs of the library output `lib`. */
export async function ifsBuiltin(ctx: BuiltinContext): Promise<void> {
  const lib = inputPath(ctx, "lib");
  const target = ctx.drv.env.get("target");
  buildIfsOutput(ctx.store.physical(lib), onlyOut(ctx), { target: target === "" ? undefined : target });
}

/** The (from, to) path rewrites of a relink derivation. */
export function relinkRewrites(ctx: BuiltinContext): Array<{ from: string; to: string }> {
  const stubs = words(ctx.drv.env.get("stubs"));
  const libs = words(ctx.drv.env.get("libs"));
  if (stubs.length !== libs.length) {
    throw new BuildError("bad-builtin", `'stubs' and 'libs' of '${ctx.drvPath}' must list the same number of paths (${stubs.length} vs ${libs.length})`, ctx.drvPath);
  }
  const rewrites = stubs.map((from, i) => ({ from, to: libs[i]! }));
  for (const w of words(ctx.drv.env.get("rewrites"))) {
    const eq = w.indexOf("=");
    if (eq <= 0) throw new BuildError("bad-builtin", `bad rewrite '${w}' in '${ctx.drvPath}' (expected FROM=TO)`, ctx.drvPath);
    rewrites.push({ from: w.slice(0, eq), to: w.slice(eq + 1) });
  }
  return rewrites;
}

/** builtin:relink — the compile output with stub paths rewritten to the real libraries. */
export async function relinkBuiltin(ctx: BuiltinContext): Promise<void> {
  const compile = inputPath(ctx, "compile");
  relinkOutput(ctx.store.physical(compile), onlyOut(ctx), relinkRewrites(ctx));
}
