// `tk eval`: evaluate an expression and print its value exactly as `nix-instantiate --eval` does.
// Read-only: it runs against a dry store, so nothing is written.
import type { Command } from "commander";
import { evaluate, printValue } from "../lang/api.js";
import { hasSurrogates, toBytes } from "../lang/bytes.js";
import { storeConfigFromEnv } from "../store/config.js";
import { action, type Verb } from "./verb.js";
import { addEvalFlags, toEvalOptions, type EvalFlags } from "./eval-options.js";
import { DryEvalStore } from "./eval-stores.js";

interface EvalVerbFlags extends EvalFlags {
  strict?: boolean;
  json?: boolean;
}

/** `tk eval [--strict] [--json] [FILE | -E EXPR] [-A ATTRPATH] [--arg N E] [--argstr N S]`. */
export const command: Verb = {
  name: "eval",
  summary: "evaluate a tk/Nix expression and print its value",
  register(program: Command) {
    addEvalFlags(
      program
        .command("eval")
        .description("evaluate FILE (default ./default.tk) or -E EXPR and print the value like nix-instantiate --eval")
        .argument("[file]", "the file to evaluate")
        .option("--strict", "evaluate the value deeply")
        .option("--json", "print the value as JSON"),
    ).action(
      action((file: string | undefined, flags: EvalVerbFlags) => {
        const store = new DryEvalStore(storeConfigFromEnv());
        const value = evaluate(toEvalOptions(file, flags, store));
        const text = printValue(value, { strict: flags.strict ?? false, json: flags.json ?? false });
        // Byte-compatible with nix-instantiate --eval: a newline after the value, but none after --json.
        const out = flags.json ? text : text + "\n";
        process.stdout.write(hasSurrogates(out) ? toBytes(out) : out); // raw bytes of split characters, as Nix
      }),
    );
  },
};
