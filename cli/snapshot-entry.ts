// The entry of tk's V8 start-up snapshot (see README "Start-up"). `npm run build` bundles this file
// with the whole CLI into one CommonJS script and runs it once under `node --build-snapshot`
// (bin/build-snapshot.mjs): every module is loaded and initialised then, and the heap is saved in
// dist/snapshot/tk.blob. The `tk` command (bin/tk) starts `node --snapshot-blob tk.blob -- ARGS`,
// which restores that heap instead of loading and compiling tk's JavaScript, and calls the function
// registered here with the real argv, env and cwd. Before the heap is saved, a small program is
// evaluated (snapshot-warm.ts) so that the language's functions are already compiled.
//
// What must not happen at build time (it would be frozen into every run): reading process.env, the
// cwd, the terminal or the clock at module load, requiring anything but node built-ins (pure-JS npm
// packages are bundled in and handed to cli/snapshot-module.ts; better-sqlite3, a native addon, is
// required at run time through it), creating a SharedArrayBuffer (not available while a snapshot is
// built). Math.random is re-seeded by V8 when the snapshot is loaded.
import { startupSnapshot } from "node:v8";
import ssri from "ssri";
import * as yaml from "yaml";
import { snapshotMain } from "./snapshot-main.js";
import { provideModule } from "./snapshot-module.js";
import { warmUp } from "./snapshot-warm.js";
import { verbTable } from "./verbs.js";

// This file has no exports: it is the snapshot builder's entry script, run as CommonJS without `module`.
if (startupSnapshot.isBuildingSnapshot()) {
  // The pure-JS packages store/ and builders/ require lazily are in the heap too (ssri: ~7 ms to load).
  provideModule("ssri", ssri);
  provideModule("yaml", yaml);
  // Load and initialise every verb now, so that no run compiles or initialises a module.
  void Promise.all(verbTable.map((verb) => verb.load())).then(() => {
    // Workers made from a process whose worker_threads was loaded at build time fail (see
    // snapshot-worker-threads.ts): refuse to build such a snapshot.
    const loaded = (process as unknown as { moduleLoadList?: string[] }).moduleLoadList ?? [];
    if (loaded.includes("NativeModule worker_threads")) {
      throw new Error("node:worker_threads was loaded while building the snapshot (import it through cli/snapshot-worker-threads.ts)");
    }
    warmUp(); // compile the language's functions now (measured: ~4 ms less for `tk eval -E 1`)
  });
  startupSnapshot.setDeserializeMainFunction(snapshotMain);
}
