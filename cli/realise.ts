// `tk realise`: evaluate a file (or take .drv paths), build what is missing, print output paths,
// and leave `result` links registered as GC roots. Progress goes to stderr (see progress.ts).
import type { Command } from "commander";
import { realise, type BuildTarget } from "../builders/realise.js";
import { UsageError } from "../store/errors.js";
import type { LocalStore } from "../store/local-store.js";
import { action, type Verb } from "./verb.js";
import { addEvalFlags, type EvalFlags } from "./eval-options.js";
import { instantiateFile } from "./instantiate.js";
import { openStore } from "./open-store.js";
import { loadConfig } from "./config.js";
import { ProgressReporter, progressMode } from "./progress.js";
import { createOutLink, outLinkName } from "./out-link.js";
import { dryRunText } from "./dry-run.js";

interface RealiseFlags extends EvalFlags {
  maxJobs?: string;
  keepGoing?: boolean;
  dryRun?: boolean;
  check?: boolean;
  keepFailed?: boolean;
  outLink: string | false;
  json?: boolean;
  printBuildLogs?: boolean;
  sandbox?: boolean;
  timeout?: string;
  maxSilentTime?: string;
}

/** `tk realise [FILE [-A ATTRPATH] | DRV[!OUTPUTS]…]`. */
export const command: Verb = {
  name: "realise",
  summary: "build a file's derivations (or .drv paths) and print the output paths",
  register(program: Command) {
    addEvalFlags(
      program
        .command("realise")
        .alias("build")
        .description("build FILE (default ./default.tk) or the given .drv paths; print the output paths")
        .argument("[paths...]", "a .tk/.nix file, or .drv store paths (DRV!out,dev selects outputs)")
        .option("-j, --max-jobs <n>", "run up to N builders at once (default: max-jobs from the config)")
        .option("-k, --keep-going", "keep building what does not depend on a failed build")
        .option("--dry-run", "print what would be built or fetched, and build nothing")
        .option("--check", "rebuild already valid outputs and report any difference")
        .option("-K, --keep-failed", "keep the build directory of failed builds")
        .option("-o, --out-link <name>", "name of the result symlink", "result")
        .option("--no-out-link", "do not create result symlinks")
        .option("-L, --print-build-logs", "print builders' output as it comes")
        .option("--no-sandbox", "build without the bubblewrap sandbox")
        .option("--timeout <seconds>", "kill a builder that runs longer than this (0: no limit)")
        .option("--max-silent-time <seconds>", "kill a builder that prints nothing for this long (0: no limit)")
        .option("--json", "print outputs as JSON on stdout and events as JSON lines on stderr"),
    ).action(action(runRealise));
  },
};

async function runRealise(paths: string[], flags: RealiseFlags): Promise<number> {
  const config = loadConfig();
  const { store, targets } = resolveTargets(paths, flags);
  // A dry run (without --json) prints Nix's list of what would be built instead of progress lines.
  const dryText = flags.dryRun === true && flags.json !== true;
  const reporter = new ProgressReporter(progressMode({ json: flags.json }), process.stderr, flags.printBuildLogs);
  try {
    const result = await realise(store, targets, {
      maxJobs: parseJobs(flags.maxJobs, config["max-jobs"]),
      keepGoing: flags.keepGoing ?? false,
      dryRun: flags.dryRun ?? false,
      check: flags.check ?? false,
      keepFailed: flags.keepFailed ?? false,
      sandbox: flags.sandbox === false ? false : config.sandbox,
      sandboxPaths: config["sandbox-paths"],
      onEvent: dryText ? (e) => { if (e.type === "plan") process.stderr.write(dryRunText(e)); } : reporter.onEvent,
      timeout: parseSeconds("--timeout", flags.timeout),
      maxSilentTime: parseSeconds("--max-silent-time", flags.maxSilentTime),
      // Builder output is only shown live with -L or --json; otherwise it is just kept in the log.
      liveLogs: flags.printBuildLogs === true || flags.json === true,
    });
    reporter.finish();
    if (flags.dryRun) return 0;
    if (flags.json) {
      process.stdout.write(JSON.stringify(result.outputs) + "\n");
    } else {
      for (const r of result.outputs) for (const p of Object.values(r.outputs)) process.stdout.write(p + "\n");
    }
    if (flags.outLink !== false) linkResults(store, result.outputs, flags.outLink);
    return 0;
  } finally {
    reporter.finish();
    store.close();
  }
}

function resolveTargets(paths: string[], flags: RealiseFlags): { store: LocalStore; targets: BuildTarget[] } {
  const drvArgs = paths.filter((p) => /\.drv(!.*)?$/.test(p));
  if (drvArgs.length > 0) {
    if (drvArgs.length !== paths.length) throw new UsageError("give either one file or .drv paths, not both");
    if (flags.expr !== undefined || flags.attr !== undefined) throw new UsageError("-E and -A apply to files, not .drv paths");
    const store = openStore();
    const targets = drvArgs.map((arg) => {
      const [drvPath, outs] = arg.split("!", 2) as [string, string | undefined];
      return { drvPath, outputs: outs ? outs.split(",") : undefined };
    });
    return { store, targets };
  }
  if (paths.length > 1) throw new UsageError("give one file to build");
  const { store, drvs } = instantiateFile(paths[0], flags);
  return { store, targets: drvs.map((d) => ({ drvPath: d.drvPath, outputs: d.outputs })) };
}

function parseJobs(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--max-jobs must be a positive integer, not '${value}'`);
  return n;
}

function parseSeconds(flag: string, value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new UsageError(`${flag} must be a whole number of seconds, not '${value}'`);
  return n;
}

function linkResults(store: LocalStore, outputs: Array<{ outputs: Record<string, string> }>, base: string): void {
  outputs.forEach((r, i) => {
    for (const [name, path] of Object.entries(r.outputs)) createOutLink(store.config, outLinkName(base, i, name), path);
  });
}
