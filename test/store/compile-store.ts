// Test helper: compiles store/ (which imports nothing outside itself) to plain JS inside the repo
// (so node_modules resolve), for tests that run store code in child processes.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** Compiles store/*.ts into a fresh `.tk-test-*` dir; returns the dir holding the .js files. */
export function compileStore(): { dir: string; cleanup(): void } {
  const out = fs.mkdtempSync(path.join(REPO, ".tk-test-store-js-"));
  const files = fs.readdirSync(path.join(REPO, "store")).filter((f) => f.endsWith(".ts")).map((f) => path.join(REPO, "store", f));
  execFileSync(process.execPath, [path.join(REPO, "node_modules/typescript/bin/tsc"), "--outDir", out, "--module", "nodenext",
    "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "--esModuleInterop", "--types", "node", ...files],
    { cwd: REPO, stdio: "pipe" });
  fs.writeFileSync(path.join(out, "package.json"), '{"type":"module"}\n');
  return { dir: out, cleanup: () => fs.rmSync(out, { recursive: true, force: true }) };
}

/**
 * The shared setup of tests that drive store code in child processes: a temp dir `tmp` (made
 * writable and removed after the file's tests) and the compiled store, `jsDir()` once beforeAll ran.
 */
export function childProcessStoreFixture(prefix: string): { tmp: string; jsDir(): string } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let js: ReturnType<typeof compileStore> | undefined;
  beforeAll(() => { js = compileStore(); });
  afterAll(() => {
    js?.cleanup();
    execFileSync("chmod", ["-R", "u+w", tmp]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return { tmp, jsDir: () => js!.dir };
}
