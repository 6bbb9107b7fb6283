// `tk why-depends A B`: show why A's closure contains B — the shortest reference chain, and for each
// step the files of the referrer that contain the next path's hash (like `nix why-depends`).
import type { Command } from "commander";
import * as fs from "node:fs";
import { StoreError } from "../store/errors.js";
import type { LocalStore } from "../store/local-store.js";
import { storePathHashPart } from "../store/path.js";
import { openStore } from "./open-store.js";
import { validStorePathArg } from "./store-args.js";
import { action, type Verb } from "./verb.js";

/** Shortest reference chain from `a` to `b` (inclusive), or undefined. */
export function referenceChain(store: LocalStore, a: string, b: string): string[] | undefined {
  const prev = new Map<string, string | null>([[a, null]]);
  const queue = [a];
  while (queue.length) {
    const p = queue.shift()!;
    if (p === b) {
      const chain: string[] = [];
      for (let q: string | null = p; q !== null; q = prev.get(q)!) chain.unshift(q);
      return chain;
    }
    for (const r of store.queryPathInfo(p)?.references ?? []) {
      if (!prev.has(r)) {
        prev.set(r, p);
        queue.push(r);
      }
    }
  }
  return undefined;
}

/** Files under `phys` (relative, "" for the path itself) whose contents or link target contain `hashPart`. */
export function filesMentioning(phys: string, hashPart: string): string[] {
  const out: string[] = [];
  const walk = (p: string, rel: string) => {
    const st = fs.lstatSync(p);
    if (st.isDirectory()) for (const n of fs.readdirSync(p).sort()) walk(`${p}/${n}`, `${rel}/${n}`);
    else if (st.isSymbolicLink()) { if (fs.readlinkSync(p).includes(hashPart)) out.push(rel || "/"); }
    else if (fs.readFileSync(p).includes(hashPart)) out.push(rel || "/");
  };
  walk(phys, "");
  return out;
}

/** `tk why-depends`. */
export const command: Verb = {
  name: "why-depends",
  summary: "show why a store path depends on another",
  register(program: Command) {
    program.command("why-depends").description("show the reference chain from PACKAGE to DEPENDENCY")
      .argument("<package>", "store path").argument("<dependency>", "store path")
      .action(action((pa: string, pb: string) => {
        const store = openStore();
        try {
          const a = validStorePathArg(store, pa);
          const b = validStorePathArg(store, pb);
          const chain = referenceChain(store, a, b);
          if (!chain) throw new StoreError("no-dependency", `'${a}' does not depend on '${b}'`);
          process.stdout.write(chain[0] + "\n");
          for (let i = 1; i < chain.length; i++) {
            const indent = "    ".repeat(i - 1);
            const files = filesMentioning(store.physical(chain[i - 1]), storePathHashPart(chain[i]));
            const why = files.length ? `  (in ${files.join(", ")})` : "";
            process.stdout.write(`${indent}└───${chain[i]}${why}\n`);
          }
        } finally {
          store.close();
        }
      }));
  },
};
