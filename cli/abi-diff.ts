// `tk abi-diff OLD NEW`: compares two library interfaces (.so or .ifs) with symbol versions and
// says whether NEW is compatible, adds only, or breaks old binaries. Exit 1 when breaking.
import type { Command } from "commander";
import { action, type Verb } from "./verb.js";
import { loadInterface } from "../builders/elf/load-interface.js";
import { abiDiff, formatAbiReport } from "../builders/elf/abi-diff.js";

/** The verb's work, exported for tests: prints the report, returns the exit status. */
export function runAbiDiff(oldPath: string, newPath: string, flags: { json?: boolean }): number {
  const report = abiDiff(loadInterface(oldPath), loadInterface(newPath));
  process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + "\n" : formatAbiReport(report));
  return report.verdict === "breaking" ? 1 : 0;
}

/** `tk abi-diff OLD NEW [--json]`. */
export const command: Verb = {
  name: "abi-diff",
  summary: "compare two library interfaces: compatible, additions only, or breaking",
  register(program: Command) {
    program
      .command("abi-diff")
      .description("compare OLD and NEW (.so or .ifs) by symbols, versions, types and object sizes; exit 1 when breaking")
      .argument("<old>", "the old library or .ifs")
      .argument("<new>", "the new library or .ifs")
      .option("--json", "print the report as JSON")
      .action(action((o: string, n: string, flags: { json?: boolean }) => runAbiDiff(o, n, flags)));
  },
};
