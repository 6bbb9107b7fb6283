// The `yaml` package, loaded on first use. Loading it costs ~40 ms of CPU at start-up (measured:
// `node -e "import('yaml')"` vs `node -e 0`), a third of `tk ifs --output-elf`'s whole time, and
// only IFS text (reading it, or the rare double-quoted scalar when writing it) needs it.
import { createRequire } from "node:module";
import type * as Yaml from "yaml";

let loaded: typeof Yaml | undefined;

/** The `yaml` package's exports (required synchronously the first time). */
export function yaml(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)("yaml") as typeof Yaml;
  return loaded;
}
