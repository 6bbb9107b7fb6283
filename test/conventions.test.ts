// Project conventions, checked by script rather than memory: the layering of DESIGN.md
// (which top-level folder may import which), a purpose comment at the top of every source
// file, and small files.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const SOURCE_DIRS = ["lang", "store", "builders", "cli", "bench"];
/** store/ modules lang/ may import: pure format code, never the database or the file system. */
const LANG_MAY_IMPORT_FROM_STORE = new Set(["base32", "hash", "path", "drv", "drv-hash", "errors", "config"]);
/** Which top-level folders each folder may import (DESIGN.md, "The way data flows"). */
const ALLOWED: Record<string, string[]> = {
  store: ["store"],
  lang: ["lang", "store"],
  builders: ["builders", "store"],
  cli: ["cli", "lang", "store", "builders"],
  bench: ["bench", "cli", "lang", "store", "builders"],
};
const MAX_LINES = 400;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith(".ts") && !p.endsWith(".generated.ts") && !p.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

const files = SOURCE_DIRS.flatMap((d) => sources(join(REPO, d)));

function relativeImports(text: string): string[] {
  const re = /(?:^|\n)\s*(?:import|export)\b[^"'`]*?from\s+["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)/g;
  const out: string[] = [];
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2])!);
  return out;
}

describe("conventions", () => {
  it("finds the source files", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it("keeps the layering of DESIGN.md", () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = relative(REPO, file).split("/")[0]!;
      for (const spec of relativeImports(readFileSync(file, "utf8"))) {
        const target = relative(REPO, resolve(dirname(file), spec));
        const to = target.split("/")[0]!;
        if (!ALLOWED[from]!.includes(to)) violations.push(`${relative(REPO, file)} imports ${target}`);
        if (from === "lang" && to === "store") {
          const mod = target.replace(/^store\//, "").replace(/\.js$/, "");
          if (!LANG_MAY_IMPORT_FROM_STORE.has(mod)) violations.push(`${relative(REPO, file)} imports impure ${target}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("starts every source file with a comment saying what it is for", () => {
    const missing = files.filter((f) => !/^(#!.*\n)?\s*(\/\/|\/\*)/.test(readFileSync(f, "utf8")));
    expect(missing.map((f) => relative(REPO, f))).toEqual([]);
  });

  it(`keeps files under ${MAX_LINES} lines`, () => {
    const big = files
      .map((f) => [relative(REPO, f), readFileSync(f, "utf8").split("\n").length] as const)
      .filter(([, n]) => n > MAX_LINES);
    expect(big).toEqual([]);
  });
});
