// `tk show-derivation DRV… [-r]`: print derivations as JSON, in the format of `nix show-derivation`.
import type { Command } from "commander";
import type { Derivation } from "../store/drv.js";
import { compareBytes } from "../store/path.js";
import { withStore } from "./open-store.js";
import { storePathArg } from "./store-args.js";
import { action, type Verb } from "./verb.js";

const sorted = (xs: Iterable<string>) => [...xs].sort(compareBytes);

/** The `nix show-derivation` JSON object of one derivation. */
export function derivationJson(drv: Derivation): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const o of sorted(drv.outputs.keys())) {
    const out = drv.outputs.get(o)!;
    const j: Record<string, string> = {};
    if (out.path) j.path = out.path;
    if (out.hashAlgo) j.hashAlgo = out.hashAlgo;
    if (out.hash) j.hash = out.hash;
    outputs[o] = j;
  }
  const inputDrvs: Record<string, string[]> = {};
  for (const p of sorted(drv.inputDrvs.keys())) inputDrvs[p] = sorted(drv.inputDrvs.get(p)!);
  const env: Record<string, string> = {};
  for (const k of sorted(drv.env.keys())) env[k] = drv.env.get(k)!;
  return { outputs, inputSrcs: sorted(drv.inputSrcs), inputDrvs, system: drv.platform, builder: drv.builder, args: drv.args, env };
}

/** `tk show-derivation`. */
export const command: Verb = {
  name: "show-derivation",
  summary: "print derivations as JSON (like nix show-derivation)",
  register(program: Command) {
    program.command("show-derivation").description("print the given .drv files (and with -r their input derivations) as JSON")
      .argument("<paths...>", ".drv store paths").option("-r, --recursive", "include every derivation in the closure")
      .action(action((args: string[], f: { recursive?: boolean }) => {
        return withStore((store) => {
          const todo = args.map((a) => storePathArg(store, a));
          const drvs = new Map<string, Derivation>();
          while (todo.length) {
            const p = todo.pop()!;
            if (drvs.has(p)) continue;
            const d = store.readDerivation(p);
            drvs.set(p, d);
            if (f.recursive) todo.push(...d.inputDrvs.keys());
          }
          const out: Record<string, unknown> = {};
          for (const p of sorted(drvs.keys())) out[p] = derivationJson(drvs.get(p)!);
          process.stdout.write(JSON.stringify(out, null, 2) + "\n");
        });
      }));
  },
};
