// `tk log PATH`: print the stored build log of a derivation, given its .drv path, one of its
// output paths, or a link (like `result`) to an output.
import type { Command } from "commander";
import { realpathSync } from "node:fs";
import { readBuildLog } from "../builders/build-log.js";
import { TkError } from "../store/errors.js";
import type { LocalStore } from "../store/local-store.js";
import { action, type Verb } from "./verb.js";
import { withStore } from "./open-store.js";

/** The .drv whose log to show for a user-given path. */
function derivationOf(store: LocalStore, arg: string): string {
  if (arg.endsWith(".drv")) return arg;
  let path = arg;
  if (!arg.startsWith(store.config.storeDir + "/")) {
    // A link such as ./result: follow it to the physical store, then map back to the logical path.
    const real = realpathSync(arg);
    const physStore = store.physical(store.config.storeDir);
    path = real.startsWith(physStore + "/") ? store.config.storeDir + real.slice(physStore.length) : real;
  }
  const top = path.split("/").slice(0, store.config.storeDir.split("/").length + 1).join("/");
  const deriver = store.queryPathInfo(top)?.deriver;
  if (!deriver) throw new TkError("no-log", `no derivation is known for '${arg}', so no build log`);
  return deriver;
}

/** `tk log PATH`. */
export const command: Verb = {
  name: "log",
  summary: "print the build log of a derivation or of an output path",
  register(program: Command) {
    program
      .command("log")
      .description("print the stored build log of PATH (a .drv, an output path, or a link to one)")
      .argument("<path>", "a .drv path, an output path, or a result link")
      .action(
        action((arg: string) => {
          return withStore((store) => {
            const drv = derivationOf(store, arg);
            const log = readBuildLog(store.config.stateDir, drv);
            if (log === undefined) throw new TkError("no-log", `no build log is stored for '${drv}'`);
            process.stdout.write(log);
          });
        }),
      );
  },
};
