// `tk gc [--dry-run] [--max-freed BYTES]`: delete everything unreachable from the GC roots.
import type { Command } from "commander";
import { collectGarbage } from "../store/gc.js";
import { withStore } from "./open-store.js";
import { parseBytes } from "./store-args.js";
import { action, type Verb } from "./verb.js";

/** `tk gc`. */
export const command: Verb = {
  name: "gc",
  summary: "delete store paths not reachable from GC roots",
  register(program: Command) {
    program.command("gc").description("delete unreachable store paths (roots: <state>/gcroots, result links, running tk processes)")
      .option("--dry-run", "print the paths that would be deleted, delete nothing")
      .option("--max-freed <bytes>", "stop after freeing this many bytes (suffixes K, M, G, T)")
      .action(action((f: { dryRun?: boolean; maxFreed?: string }) => {
        return withStore((store) => {
          const r = collectGarbage(store, { dryRun: f.dryRun, maxFreed: f.maxFreed === undefined ? undefined : parseBytes(f.maxFreed) });
          if (f.dryRun) {
            for (const p of r.deleted) process.stdout.write(p + "\n");
            return;
          }
          for (const p of r.deleted) process.stderr.write(`deleting '${p}'\n`);
          process.stdout.write(`${r.deleted.length} store paths deleted, ${(r.bytesFreed / 1048576).toFixed(2)} MiB freed\n`);
        });
      }));
  },
};
