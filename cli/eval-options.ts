// Command-line options shared by the verbs that evaluate a file: FILE or -E EXPR, -A, --arg,
// --argstr, --show-trace; and the conversion of those options into lang's EvalOptions.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { EvalOptions } from "../lang/api.js";
import type { EvalStore } from "../lang/eval-store.js";
import { UsageError } from "../store/errors.js";
import { collect } from "./verb.js";

/** Parsed evaluation options as commander gives them. */
export interface EvalFlags {
  expr?: string;
  attr?: string;
  arg: string[];
  argstr: string[];
  showTrace?: boolean;
}

/** Adds -E, -A, --arg, --argstr and --show-trace to a command. */
export function addEvalFlags(cmd: Command): Command {
  return cmd
    .option("-E, --expr <expr>", "evaluate EXPR instead of a file")
    .option("-A, --attr <attrpath>", "select an attribute path of the result, e.g. pkgs.hello")
    .option("--arg <name=expr>", "pass NAME EXPR to the top-level function (repeatable)", collect, [])
    .option("--argstr <name=string>", "pass NAME STRING to the top-level function (repeatable)", collect, [])
    .option("--show-trace", "print every 'while evaluating' frame of an error");
}

/** The file evaluated when none is given: ./default.tk, else ./default.nix. */
export function defaultFile(cwd = process.cwd()): string {
  const tk = resolve(cwd, "default.tk");
  return existsSync(tk) ? tk : resolve(cwd, "default.nix");
}

/** Turns the flags and the positional FILE into lang's EvalOptions. */
export function toEvalOptions(file: string | undefined, flags: EvalFlags, store: EvalStore): EvalOptions {
  if (file !== undefined && flags.expr !== undefined) throw new UsageError("give either FILE or -E EXPR, not both");
  const args: EvalOptions["args"] = {};
  for (const [name, value] of pairs(flags.arg, "--arg")) args[name] = { expr: value };
  for (const [name, value] of pairs(flags.argstr, "--argstr")) args[name] = { str: value };
  return {
    store,
    file: flags.expr === undefined ? resolve(file ?? defaultFile()) : undefined,
    expr: flags.expr,
    baseDir: process.cwd(),
    attrPath: flags.attr,
    args,
    showTrace: flags.showTrace ?? false,
  };
}

// main() joins `--arg NAME VALUE` into one `--arg NAME=VALUE` token (see joinPairOptions).
function pairs(values: string[], flag: string): Array<[string, string]> {
  return values.map((v) => {
    const eq = v.indexOf("=");
    if (eq <= 0) throw new UsageError(`${flag} takes two values: NAME and VALUE`);
    return [v.slice(0, eq), v.slice(eq + 1)];
  });
}

/** Options that take two values, like Nix's `--arg NAME EXPR`. */
const PAIR_OPTIONS = new Set(["--arg", "--argstr"]);

/**
 * Commander options take one value, so `--arg NAME VALUE` is joined into `--arg NAME=VALUE`
 * before parsing (attribute names cannot contain "="). A missing value is a usage error.
 */
export function joinPairOptions(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === "--") {
      out.push(...argv.slice(i));
      break;
    }
    if (!PAIR_OPTIONS.has(tok)) {
      out.push(tok);
      continue;
    }
    if (i + 2 >= argv.length) throw new UsageError(`${tok} takes two values: NAME and VALUE`);
    out.push(tok, `${argv[i + 1]}=${argv[i + 2]}`);
    i += 2;
  }
  return out;
}
