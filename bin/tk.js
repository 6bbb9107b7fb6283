#!/usr/bin/env node
// The ESM entry of the `tk` command: what bin/tk runs when there is no usable start-up snapshot
// (README "Start-up"). It runs the CLI bundled by `npm run build` (dist/tk/, one esbuild bundle of
// dist/cli/main.js with verbs in chunks loaded on demand: loading one file instead of ~80 modules
// halves start-up), or dist/cli/ itself when the bundle is missing or older than it (tsc run alone).
// The deep-stack worker (cli/deep-stack.ts) starts from this bundle's deep-thread-entry.js, also when
// tk runs from the snapshot.
// run() retries a command that overflowed the stack in a worker thread with a deep stack.
import { statSync } from "node:fs";

const mtime = (rel) => statSync(new URL(rel, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundled = mtime("../dist/tk/main.js") >= mtime("../dist/cli/main.js");
const { run } = await import(bundled ? "../dist/tk/main.js" : "../dist/cli/main.js");
run(process.argv.slice(2)).then((code) => { process.exitCode = code; });
