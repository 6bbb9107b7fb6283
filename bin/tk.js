#!/usr/bin/env node
// Entry point of the `tk` command: runs the CLI bundled by `npm run build` (dist/tk/, one esbuild
// bundle of dist/cli/main.js: loading one file instead of ~80 modules halves start-up; see
// README "Start-up"). run() retries a command that overflowed the stack in a worker thread with a
// deep stack (cli/deep-stack.ts).
import { run } from "../dist/tk/main.js";
run(process.argv.slice(2)).then((code) => { process.exitCode = code; });
