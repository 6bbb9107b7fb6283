// Benchmarks: parsing a generated 5,000-line file, cold (parse cache unwritable, so nearley runs
// every time) and warm (the content-hash cache is used), tk eval vs nix-instantiate --parse.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Benchmark } from "./harness.js";
import { nixEnv, tkArgv, tempStoreEnv } from "./tk-cmd.js";

/** A 5,000-line program: one attribute set of small definitions per line. */
export function largeProgram(lines = 5000): string {
  const out = ["let"];
  for (let i = 0; i < lines; i++) {
    out.push(`  v${i} = { a = ${i} + 2 * 3; b = "s\${toString ${i}}"; c = [ 1 2 (x: x + ${i}) ]; d = if ${i} > 3 then true else false; };`);
  }
  out.push("in v4999.a");
  return out.join("\n") + "\n";
}

function writeProgram(): string {
  const dir = mkdtempSync(join(tmpdir(), "tk-bench-parse-"));
  const file = join(dir, "large.nix");
  writeFileSync(file, largeProgram());
  return file;
}

function parseBench(name: string, warm: boolean): Benchmark {
  return {
    name,
    description: `parse a 5,000-line file, ${warm ? "warm parse cache" : "cold (no parse cache)"} (tk eval vs nix-instantiate --parse)`,
    referenceTool: "nix-instantiate",
    runs: 5,
    prepare() {
      const file = writeProgram();
      const cache = warm ? mkdtempSync(join(tmpdir(), "tk-bench-cache-")) : "/dev/null/no-cache";
      return {
        tk: { argv: tkArgv("eval", file), env: { ...tempStoreEnv(), TK_CACHE_DIR: cache } },
        reference: { argv: ["nix-instantiate", "--parse", file], env: nixEnv() },
      };
    },
  };
}

/** Cold parse: nearley on every run. */
export const parseCold = parseBench("parse-5000-cold", false);
/** Warm parse: the AST comes from the content-hash cache. */
export const parseWarm = parseBench("parse-5000-warm", true);
