#!/usr/bin/env node
// Entry point of the `tk` command: runs the CLI bundled by `npm run build` (dist/tk/, one esbuild
// bundle of dist/cli/main.js: loading one file instead of ~80 modules halves start-up; see
// README "Start-up"), or dist/cli/ itself when the bundle is missing or older than it (tsc run
// alone). run() retries a command that overflowed the stack in a worker thread with a deep stack
// (cli/deep-stack.ts).
import { statSync } from "node:fs";

const mtime = (rel) => statSync(new URL(rel, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundled = mtime("../dist/tk/main.js") >= mtime("../dist/cli/main.js");
const { run } = await import(bundled ? "../dist/tk/main.js" : "../dist/cli/main.js");
run(process.argv.slice(2)).then((code) => { process.exitCode = code; });
