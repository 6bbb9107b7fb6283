// What a `tk` verb is: a name, a one-line summary, and a function that adds its commander
// subcommand (options, arguments, action) to the program. One verb per file in cli/.
import type { Command } from "commander";

/** A tk verb; `register` adds `program.command(name)` with its options and an action built by `action()`. */
export interface Verb {
  /** The word after `tk`, e.g. "realise". */
  readonly name: string;
  /** One line for `tk --help`. */
  readonly summary: string;
  /** Adds the subcommand to the program. */
  register(program: Command): void;
}

/** Exit status of the last verb action; set by `action()` wrappers, read by main(). */
export const exitState = { code: 0 };

/**
 * Wraps a verb implementation as a commander action: the implementation may return an exit code
 * (default 0); errors propagate to main()'s single error printer.
 */
export function action<A extends unknown[]>(
  impl: (...args: A) => Promise<number | void> | number | void,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const code = await impl(...args);
    exitState.code = typeof code === "number" ? code : 0;
  };
}

/** Collects a repeatable option into an array: `.option("--x <v>", "...", collect, [])`. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
