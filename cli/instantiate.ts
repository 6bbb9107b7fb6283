// `tk instantiate`: evaluate a file and write the derivations it describes into the store,
// printing their .drv paths (what `nix-instantiate` does).
import type { Command } from "commander";
import { evaluate, findDerivations } from "../lang/api.js";
import { TkError } from "../store/errors.js";
import { action, type Verb } from "./verb.js";
import { addEvalFlags, toEvalOptions, type EvalFlags } from "./eval-options.js";
import { LocalEvalStore } from "./eval-stores.js";
import { openStore } from "./open-store.js";

/** Evaluates and instantiates; returns the derivations found (shared with `tk realise`). */
export function instantiateFile(file: string | undefined, flags: EvalFlags) {
  const store = openStore();
  const value = evaluate(toEvalOptions(file, flags, new LocalEvalStore(store)));
  const drvs = findDerivations(value);
  if (drvs.length === 0) {
    throw new TkError("no-derivation", `${flags.expr !== undefined ? "the expression" : file ?? "the file"} does not evaluate to a derivation`);
  }
  return { store, drvs };
}

/** What nix-instantiate prints for a derivation: its .drv path, with `!OUTPUT` when the selected output is not `out`. */
export function printedPath(d: { drvPath: string; outputs: string[] }): string {
  return d.outputs.length === 1 && d.outputs[0] !== "out" ? `${d.drvPath}!${d.outputs[0]}` : d.drvPath;
}

/** `tk instantiate [FILE | -E EXPR] [-A ATTRPATH] [--json]`. */
export const command: Verb = {
  name: "instantiate",
  summary: "write the derivations of a file into the store and print their .drv paths",
  register(program: Command) {
    addEvalFlags(
      program
        .command("instantiate")
        .description("evaluate FILE (default ./default.tk) and write its derivations (.drv) into the store")
        .argument("[file]", "the file to evaluate")
        .option("--json", "print a JSON list of {drvPath, outputs}"),
    ).action(
      action((file: string | undefined, flags: EvalFlags & { json?: boolean }) => {
        const { store, drvs } = instantiateFile(file, flags);
        store.close();
        if (flags.json) process.stdout.write(JSON.stringify(drvs) + "\n");
        else for (const d of drvs) process.stdout.write(printedPath(d) + "\n");
      }),
    );
  },
};
