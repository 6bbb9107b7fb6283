// `tk store add|verify|delete`: add files to the store, check it against the database, and delete
// specific unreachable paths.
import type { Command } from "commander";
import { deletePaths } from "../store/gc.js";
import { verifyStore } from "../store/verify.js";
import { withStore } from "./open-store.js";
import { storePathArg } from "./store-args.js";
import { action, type Verb } from "./verb.js";

/** `tk store add [--flat] [--name N] PATH…`, `tk store verify [--check-contents] [--repair]`, `tk store delete PATH…`. */
export const command: Verb = {
  name: "store",
  summary: "add paths to the store, verify it, delete paths",
  register(program: Command) {
    const st = program.command("store").description("manipulate the store directly");
    st.command("add").description("copy files or directories into the store and print their store paths")
      .argument("<paths...>", "files or directories")
      .option("--flat", "add a single regular file by its plain sha256 (like nix-store --add-fixed sha256)")
      .option("-n, --name <name>", "store path name (default: the base name)")
      .action(action((paths: string[], f: { flat?: boolean; name?: string }) => {
        return withStore((store) => {
          for (const p of paths) {
            process.stdout.write(store.addPathToStore(p, { method: f.flat ? "flat" : "recursive", name: f.name }) + "\n");
          }
        });
      }));
    st.command("verify").description("check that every valid path exists (and, with --check-contents, is unmodified)")
      .option("--check-contents", "recompute every path's NAR hash")
      .option("--repair", "invalidate and delete broken paths and the paths that refer to them, remove leftovers " +
        "(tk has no substituter to fetch correct copies from: rebuild or re-add what was deleted)")
      .action(action((f: { checkContents?: boolean; repair?: boolean }) => {
        return withStore((store) => {
          const r = verifyStore(store, { checkContents: f.checkContents, repair: f.repair });
          for (const x of r.problems) process.stderr.write(`${x.kind === "leftover" ? "warning" : "error"}: ${x.message}\n`);
          const broken = new Set(r.problems.filter((x) => x.kind !== "leftover").map((x) => x.path));
          for (const p of r.invalidated) {
            process.stderr.write(`${broken.has(p) ? "invalidated and deleted broken path" : "invalidated and deleted (it refers to a broken path)"} '${p}'\n`);
          }
          process.stderr.write(`checked ${r.checked} paths, ${r.problems.length} problem(s)\n`);
          if (r.invalidated.length > 0) {
            process.stderr.write(`note: ${r.invalidated.length} path(s) were not repaired but removed: tk has no substituter to fetch ` +
              "correct copies from; rebuild them (tk realise) or add them again\n");
          }
          const bad = r.problems.some((x) => x.kind !== "leftover");
          return bad && !f.repair ? 1 : 0;
        });
      }));
    st.command("delete").description("delete store paths that are not reachable from a GC root")
      .argument("<paths...>", "store paths")
      .action(action((paths: string[]) => {
        return withStore((store) => {
          const r = deletePaths(store, paths.map((p) => storePathArg(store, p)));
          for (const p of r.deleted) process.stderr.write(`deleting '${p}'\n`);
          process.stdout.write(`${r.deleted.length} store paths deleted, ${(r.bytesFreed / 1048576).toFixed(2)} MiB freed\n`);
        });
      }));
  },
};
