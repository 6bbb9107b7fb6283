#!/usr/bin/env node
// Entry point of the `tk` command: runs the compiled CLI from dist/ (run() retries a command that
// overflowed the stack in a worker thread with a deep stack; see cli/deep-stack.ts).
import { run } from "../dist/cli/main.js";
run(process.argv.slice(2)).then((code) => { process.exitCode = code; });
