// `tk why-depends A B`: show why A's closure contains B — the shortest reference chain, and for each
// step (with --precise) the file of the referrer that contains the next path's hash and the text
// around it, in the layout of `nix why-depends` (without its colour codes).
import type { Command } from "commander";
import * as fs from "node:fs";
import { StoreError } from "../store/errors.js";
import type { LocalStore } from "../store/local-store.js";
import { storePathHashPart } from "../store/path.js";
import { withStore } from "./open-store.js";
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

const MARGIN = 32;
const printable = (b: Buffer) => [...b].map((c) => (c >= 32 && c < 127 ? String.fromCharCode(c) : ".")).join("");

/** Nix's --precise "hits": for each file of `phys` mentioning `hashPart`, "file: …context…". */
export function hitsFor(phys: string, hashPart: string): string[] {
  const out: string[] = [];
  const walk = (p: string, rel: string) => {
    const st = fs.lstatSync(p);
    const name = rel === "" ? "/" : rel.slice(1);
    if (st.isDirectory()) {
      for (const n of fs.readdirSync(p).sort()) walk(`${p}/${n}`, `${rel}/${n}`);
    } else if (st.isSymbolicLink()) {
      const target = fs.readlinkSync(p, { encoding: "buffer" });
      if (target.includes(hashPart)) out.push(`${name} -> ${printable(target)}`);
    } else {
      const data = fs.readFileSync(p);
      const i = data.indexOf(hashPart);
      if (i >= 0) out.push(`${name}: …${printable(data.subarray(Math.max(0, i - MARGIN), i + hashPart.length + MARGIN))}…`);
    }
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
      .option("--precise", "show the files and the text around each reference")
      .action(action((pa: string, pb: string, f: { precise?: boolean }) => {
        return withStore((store) => {
          const a = validStorePathArg(store, pa);
          const b = validStorePathArg(store, pb);
          const chain = referenceChain(store, a, b);
          if (!chain) throw new StoreError("no-dependency", `'${a}' does not depend on '${b}'`);
          process.stdout.write(chain[0] + "\n");
          for (let i = 1; i < chain.length; i++) {
            const indent = "    ".repeat(i - 1);
            const hits = f.precise ? hitsFor(store.physical(chain[i - 1]), storePathHashPart(chain[i])) : [];
            if (hits.length) process.stdout.write(`${indent}└───${hits[0]}\n${indent}    → ${chain[i]}\n`);
            else process.stdout.write(`${indent}└───${chain[i]}\n`);
          }
        });
      }));
  },
};
