// `npm run bench [NAME...] [--json]`: runs the side-by-side benchmarks (all, or those named) and
// prints, for each, the median time of tk and of the reference tool and the ratio tk/reference.
import { spawnSync } from "node:child_process";
import { benchmarks } from "./benchmarks.js";
import { runBenchmark, type BenchResult } from "./harness.js";

function installed(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }).status === 0;
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

function main(argv: string[]): number {
  const json = argv.includes("--json");
  const names = argv.filter((a) => !a.startsWith("--"));
  const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n || b.name.startsWith(n + "-")));
  if (unknown.length) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(", ")}\navailable: ${benchmarks.map((b) => b.name).join(", ")}\n`);
    return 2;
  }
  const chosen = names.length ? benchmarks.filter((b) => names.some((n) => b.name === n || b.name.startsWith(n + "-"))) : benchmarks;
  const results: BenchResult[] = [];
  for (const b of chosen) {
    if (!installed(b.referenceTool)) {
      process.stderr.write(`skip ${b.name}: ${b.referenceTool} is not installed\n`);
      continue;
    }
    if (!json) process.stderr.write(`running ${b.name}: ${b.description}\n`);
    const r = runBenchmark(b);
    results.push(r);
    if (!json) {
      process.stdout.write(
        `${b.name.padEnd(28)} tk ${fmt(r.tkMedian).padStart(10)}   ${b.referenceTool} ${fmt(r.refMedian).padStart(10)}   ratio ${r.ratio.toFixed(2)}\n`,
      );
    }
  }
  if (json) process.stdout.write(JSON.stringify(results, null, 2) + "\n");
  return 0;
}

process.exitCode = main(process.argv.slice(2));
