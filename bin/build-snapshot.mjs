// Builds tk's V8 start-up snapshot (`npm run snapshot`, the last step of `npm run build`; README
// "Start-up"): bundles dist/cli/snapshot-entry.js with the whole CLI into one CommonJS script
// (dist/snapshot/tk.cjs: no chunks, since only node built-ins can be required while a snapshot is
// built; `node:module` and `import.meta.url` replaced by cli/snapshot-module.ts, which resolves
// npm packages from the run-time location, and `node:worker_threads` by
// cli/snapshot-worker-threads.ts, which loads it at run time), runs it under
// `node --build-snapshot`, and writes
//   dist/snapshot/tk.blob   the heap, written under a temporary name and renamed (never half a blob)
//   dist/snapshot/node      the real path of the node binary that built it (bin/tk runs the blob
//                           only with that binary, and only when neither it nor dist/ is newer)
// When node cannot build the snapshot, the blob is removed and the build goes on: bin/tk then runs
// the ESM bundle (bin/tk.js), which is slower to start but equivalent.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = `${root}dist/snapshot`;
const shim = `${root}dist/cli/snapshot-module.js`;
const workerShim = `${root}dist/cli/snapshot-worker-threads.js`;
const started = Date.now();

rmSync(`${out}/tk.blob`, { force: true });
rmSync(`${out}/node`, { force: true });
mkdirSync(out, { recursive: true });

/** Gives up on the snapshot: no blob, a warning, and the build goes on (bin/tk runs the ESM bundle). */
function skip(why) {
  rmSync(`${out}/tk.blob`, { force: true });
  process.stderr.write(`warning: tk start-up snapshot not built (node ${process.version}): ${why}\n`);
  process.stderr.write("warning: bin/tk will run the ESM bundle (slower start-up)\n");
  process.exit(0);
}

await build({
  entryPoints: [`${root}dist/cli/snapshot-entry.js`],
  outfile: `${out}/tk.cjs`,
  bundle: true,
  // Less source text kept in the heap: the blob deserialises faster. Names are kept: they show in
  // TK_DEBUG stacks, and the builder helper's program is sent as source text.
  minifyWhitespace: true,
  minifySyntax: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["better-sqlite3"],
  logLevel: "warning",
  define: { "import.meta.url": "__tkMetaUrl.url" },
  inject: [shim],
  plugins: [
    {
      name: "tk-snapshot-module",
      setup(b) {
        b.onResolve({ filter: /^(node:)?module$/ }, (args) => (args.importer === shim ? undefined : { path: shim }));
        b.onResolve({ filter: /^(node:)?worker_threads$/ }, () => ({ path: workerShim }));
      },
    },
  ],
}).catch((e) => skip(e.message));

const tmp = `${out}/tk.blob.${process.pid}.tmp`;
const r = spawnSync(process.execPath, ["--snapshot-blob", tmp, "--build-snapshot", `${out}/tk.cjs`], {
  cwd: out,
  // node warns about every built-in it has not verified in snapshots; the warm-up's parse cache is thrown away
  env: { ...process.env, NODE_NO_WARNINGS: "1", TK_CACHE_DIR: `${out}/build-cache` },
  stdio: ["ignore", "inherit", "pipe"],
  encoding: "utf8",
});
rmSync(`${out}/build-cache`, { recursive: true, force: true });
if (r.status !== 0) {
  rmSync(tmp, { force: true });
  skip(r.stderr || r.error?.message);
} else {
  renameSync(tmp, `${out}/tk.blob`);
  writeFileSync(`${out}/node`, realpathSync(process.execPath) + "\n");
  if (process.env.TK_BUILD_VERBOSE) process.stderr.write(`tk snapshot built in ${Date.now() - started} ms\n`);
}
