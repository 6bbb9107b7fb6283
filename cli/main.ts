// The `tk` command: builds the commander program from the verb list, runs it, and maps
// every outcome to an exit status (0 ok, 1 error, 2 usage, 100 build failure). run() is what the
// `tk` command calls (from the start-up snapshot, snapshot-main.ts, or from bin/tk.js): main() on
// this thread, again in a deep-stack worker after a stack overflow.
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { exitState } from "./verb.js";
import { loadVerbs } from "./verbs.js";
import type { Verb } from "./verb.js";
import { formatError, exitCodeFor } from "./report-error.js";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import { joinPairOptions } from "./eval-options.js";
import { countOutput, runInDeepThread } from "./deep-stack.js";
import { TkError } from "../store/errors.js";

/** The package version, read from package.json next to dist/. */
export function tkVersion(): string {
  const pkgUrl = new URL("../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(fileURLToPath(pkgUrl), "utf8")) as { version: string }).version;
}

/** Builds the program with the given verbs registered; exported for tests. */
export function buildProgram(verbs: Verb[]): Command {
  const program = new Command("tk")
    .description("tk — a Nix-style build tool with a compile/relink split")
    .version(tkVersion(), "--version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s) });
  program.addHelpText("after", "\nRun `tk VERB --help` for a verb's options.");
  for (const verb of verbs) verb.register(program);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    for (const sub of cmd.commands) sub.exitOverride();
  }
  return program;
}

/** The sign that a command ran out of stack (see runInDeepThread): thrown by main() when asked to. */
export class StackOverflowRetry extends Error {}

/**
 * Whether an error is a JavaScript stack overflow: lang's "stack overflow (possible infinite
 * recursion)" error, or a raw V8 RangeError that escaped elsewhere. (Checked by shape, so that the
 * main thread does not load the evaluator just to test it.)
 */
export function isStackOverflow(err: unknown): boolean {
  if (err instanceof TkError) return err.code === "eval-recursion" && /^(error: )?stack overflow/.test(err.message);
  return err instanceof RangeError && err.message.includes("call stack");
}

/**
 * Runs `tk` with the given arguments (without node and script) and returns the exit status.
 * With `retryOnOverflow` returning true, a stack overflow is thrown as StackOverflowRetry instead
 * of being printed.
 */
export async function main(argv: string[], opts: { retryOnOverflow?: () => boolean } = {}): Promise<number> {
  exitState.code = EXIT_OK;
  if (argv.length === 1 && argv[0] === "--version") {
    process.stdout.write(tkVersion() + "\n"); // without loading every verb to build the full program
    return EXIT_OK;
  }
  const program = buildProgram(await loadVerbs(argv[0]));
  if (argv.length === 0) {
    process.stdout.write(program.helpInformation());
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(joinPairOptions(argv), { from: "user" });
    return exitState.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
        return EXIT_OK;
      }
      return EXIT_USAGE; // commander already printed "error: ..." for usage mistakes
    }
    if (opts.retryOnOverflow && isStackOverflow(err) && opts.retryOnOverflow()) throw new StackOverflowRetry();
    process.stderr.write(formatError(err) + "\n");
    return exitCodeFor(err);
  }
}

/**
 * The `tk` command as bin/tk runs it: on this thread, and once more from the start in a worker
 * with a deep stack when it overflowed before printing anything on stdout (deep-stack.ts says why).
 * `tk repl` runs in the worker from the start.
 */
export async function run(argv: string[]): Promise<number> {
  if (argv[0] === "repl") return runInDeepThread(argv);
  const out = countOutput();
  try {
    return await main(argv, { retryOnOverflow: () => out.stdout === 0 });
  } catch (err) {
    if (!(err instanceof StackOverflowRetry)) throw err;
    return runInDeepThread(argv, out.stderr);
  } finally {
    out.stop();
  }
}
