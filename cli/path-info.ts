// `tk path-info [-r] [-s] [-S] [--json] PATH…`: print store path metadata like `nix path-info`.
import type { Command } from "commander";
import { formatHash } from "../store/hash.js";
import type { LocalStore } from "../store/local-store.js";
import { compareBytes } from "../store/path.js";
import { withStore } from "./open-store.js";
import { storePathArg } from "./store-args.js";
import { action, type Verb } from "./verb.js";

interface Flags { recursive?: boolean; size?: boolean; closureSize?: boolean; json?: boolean; sigs?: boolean }

/** Paths ordered dependencies-first like Nix's StorePathsCommand (post-order DFS in sorted order). */
export function topoSortDepsFirst(store: LocalStore, paths: string[]): string[] {
  const set = new Set(paths);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (p: string) => {
    if (seen.has(p)) return;
    seen.add(p);
    const refs = store.queryPathInfo(p)?.references ?? [];
    for (const r of [...refs].sort(compareBytes)) if (r !== p && set.has(r)) visit(r);
    out.push(p);
  };
  for (const p of [...set].sort(compareBytes)) visit(p);
  return out;
}

function closureSize(store: LocalStore, p: string): number {
  let n = 0;
  for (const q of store.closure([p])) n += store.queryPathInfo(q)?.narSize ?? 0;
  return n;
}

/** The `nix path-info --json` object of one path. */
export function pathInfoJson(store: LocalStore, p: string, withClosureSize: boolean): Record<string, unknown> {
  const info = store.queryPathInfo(p);
  if (!info) return { path: p, valid: false };
  const o: Record<string, unknown> = { path: p, narHash: formatHash(info.narHash, "sri"), narSize: info.narSize,
    references: [...info.references].sort(compareBytes) };
  if (info.ca) o.ca = info.ca;
  if (withClosureSize) o.closureSize = closureSize(store, p);
  if (info.deriver) o.deriver = info.deriver;
  if (info.registrationTime) o.registrationTime = info.registrationTime;
  if (info.ultimate) o.ultimate = true;
  if (info.sigs.length) o.signatures = info.sigs;
  return o;
}

/** `tk path-info`. */
export const command: Verb = {
  name: "path-info",
  summary: "show metadata of store paths (like nix path-info)",
  register(program: Command) {
    program.command("path-info").description("show information about store paths")
      .argument("<paths...>", "store paths (or links to them)")
      .option("-r, --recursive", "include the closure").option("-s, --size", "print the NAR size")
      .option("-S, --closure-size", "print the closure's total NAR size").option("--sigs", "print signatures")
      .option("--json", "print JSON")
      .action(action((args: string[], f: Flags) => {
        return withStore((store) => {
          let paths = args.map((a) => storePathArg(store, a));
          const invalid = paths.filter((p) => !store.isValidPath(p));
          if (invalid.length && !f.json) {
            for (const p of invalid) process.stderr.write(`error: path '${p}' is not valid\n`);
            return 1;
          }
          if (f.recursive) paths = [...store.closure(paths)];
          paths = f.json && invalid.length ? paths : topoSortDepsFirst(store, paths);
          if (f.json) {
            process.stdout.write(JSON.stringify(paths.map((p) => pathInfoJson(store, p, !!f.closureSize))));
            return;
          }
          const width = Math.max(...paths.map((p) => p.length));
          for (const p of paths) {
            const info = store.queryPathInfo(p)!;
            let line = p;
            if (f.size || f.closureSize || f.sigs) line += " ".repeat(width - p.length);
            if (f.size) line += "\t" + String(info.narSize).padStart(11);
            if (f.closureSize) line += "\t" + String(closureSize(store, p)).padStart(11);
            if (f.sigs) line += "\t" + info.sigs.join(" ");
            process.stdout.write(line + "\n");
          }
        });
      }));
  },
};
