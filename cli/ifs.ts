// `tk ifs`: extract a shared library's interface (from a .so or an .ifs) and write it as IFS text
// (llvm-ifs compatible first document + tk version extension) and/or as a bit-exact stub .so.
// Each writer is imported only when its output is asked for (start-up time is most of a run).
import type { Command } from "commander";
import { writeFileSync } from "node:fs";
import { action, collect, type Verb } from "./verb.js";
import { loadInterface } from "../builders/elf/load-interface.js";
import { filterInterface } from "../builders/elf/iface-filter.js";
import { UsageError } from "../store/errors.js";

interface IfsFlags { outputIfs?: string; outputElf?: string; exclude: string[]; soname?: string; maxVersion?: string }

/** `tk ifs INPUT [--output-ifs FILE] [--output-elf FILE] [--exclude GLOB]... [--soname S] [--max-version V]`. */
export const command: Verb = {
  name: "ifs",
  summary: "extract a shared library's interface as IFS text and/or a linkable stub .so",
  register(program: Command) {
    program
      .command("ifs")
      .description("read a shared library (or an .ifs file) and write its interface; '-' writes to stdout")
      .argument("<input>", "an ELF shared object or an IFS file")
      .option("--output-ifs <file>", "write IFS text (ifs-v1, readable by llvm-ifs, plus tk's version document)")
      .option("--output-elf <file>", "write a deterministic stub shared object")
      .option("--exclude <glob>", "drop symbols whose name matches (repeatable)", collect, [])
      .option("--soname <name>", "override the SONAME")
      .option("--max-version <name>", "keep only version definitions up to NAME (target an older library)")
      .action(
        action(async (input: string, flags: IfsFlags) => runIfs(input, flags)),
      );
  },
};

/** The verb's work, exported for tests. */
export async function runIfs(input: string, flags: Partial<IfsFlags>): Promise<void> {
  if (!flags.outputIfs && !flags.outputElf) throw new UsageError("tk ifs: give --output-ifs and/or --output-elf");
  // start loading the writers now: their files are read while the input is parsed
  const ifsWriter = flags.outputIfs ? import("../builders/elf/ifs-write.js") : undefined;
  const stubWriter = flags.outputElf ? import("../builders/elf/stub-writer.js") : undefined;
  const iface = filterInterface(loadInterface(input), {
    exclude: flags.exclude ?? [], soname: flags.soname, maxVersion: flags.maxVersion,
  });
  if (flags.outputIfs && ifsWriter) {
    const { writeIfs } = await ifsWriter;
    const text = writeIfs(iface);
    if (flags.outputIfs === "-") process.stdout.write(text); else writeFileSync(flags.outputIfs, text);
  }
  if (flags.outputElf && stubWriter) {
    const { writeStub } = await stubWriter;
    const bytes = writeStub(iface);
    if (flags.outputElf === "-") process.stdout.write(bytes); else writeFileSync(flags.outputElf, bytes);
  }
}
