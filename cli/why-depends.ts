// `tk why-depends [--all] [--precise] A B`: show why A's closure contains B, following the algorithm
// and layout of `nix why-depends` (without its colour codes): distances to B by a breadth-first
// search over referrers, then a tree from A whose references are taken nearest-to-B first (ties in
// store-path order); without --all only the first (shortest) chain, with --all every edge on a path
// to B, each path expanded once. --precise shows, for each edge, the files of the referrer that
// contain the referenced path's hash and the text around it.
import type { Command } from "commander";
import * as fs from "node:fs";
import { StoreError } from "../store/errors.js";
import type { LocalStore } from "../store/local-store.js";
import { storePathHashPart } from "../store/path.js";
import { withStore } from "./open-store.js";
import { validStorePathArg } from "./store-args.js";
import { action, type Verb } from "./verb.js";

const MARGIN = 32;
const [CONN, LAST, LINE, NULL] = ["├───", "└───", "│   ", "    "];
const printable = (b: Buffer) => [...b].map((c) => (c >= 32 && c < 127 ? String.fromCharCode(c) : ".")).join("");

/** Nix's --precise "hits" in the tree at `phys`: per hash part, "file: …context…" for each file
 *  containing it and "link -> target" for each symlink, in file-name order ("/" is the root). */
export function hitsFor(phys: string, hashParts: string[]): Map<string, string[]> {
  const hits = new Map<string, string[]>(hashParts.map((h) => [h, []]));
  const walk = (p: string, rel: string) => {
    const st = fs.lstatSync(p);
    const name = rel === "" ? "/" : rel.slice(1);
    if (st.isDirectory()) {
      for (const n of fs.readdirSync(p).sort()) walk(`${p}/${n}`, `${rel}/${n}`);
    } else if (st.isSymbolicLink()) {
      const target = fs.readlinkSync(p, { encoding: "buffer" });
      for (const h of hashParts) if (target.includes(h)) hits.get(h)!.push(`${name} -> ${printable(target)}`);
    } else {
      const data = fs.readFileSync(p);
      for (const h of hashParts) {
        const i = data.indexOf(h);
        if (i >= 0) hits.get(h)!.push(`${name}: …${printable(data.subarray(Math.max(0, i - MARGIN), i + h.length + MARGIN))}…`);
      }
    }
  };
  walk(phys, "");
  return hits;
}

/** Distance (in references) from every path of `a`'s closure to `b`; absent when `b` is not reachable. */
function distancesTo(refs: Map<string, string[]>, b: string): Map<string, number> {
  const referrers = new Map<string, string[]>();
  for (const [p, rs] of refs) for (const r of rs) referrers.set(r, [...(referrers.get(r) ?? []), p]);
  const dist = new Map([[b, 0]]);
  for (const queue = [b]; queue.length > 0;) {
    const p = queue.shift()!;
    for (const q of referrers.get(p) ?? []) {
      if (!dist.has(q)) {
        dist.set(q, dist.get(p)! + 1);
        queue.push(q);
      }
    }
  }
  return dist;
}

/** The lines `nix why-depends` prints for `a` and `b`; throws when `a` does not depend on `b`. */
export function whyDepends(store: LocalStore, a: string, b: string, opts: { all?: boolean; precise?: boolean } = {}): string[] {
  const refs = new Map<string, string[]>();
  for (const queue = [a]; queue.length > 0;) {
    const p = queue.shift()!;
    if (refs.has(p)) continue;
    const rs = [...(store.queryPathInfo(p)?.references ?? [])].sort();
    refs.set(p, rs);
    queue.push(...rs);
  }
  if (!refs.has(b)) throw new StoreError("no-dependency", `'${a}' does not depend on '${b}'`);
  const dist = distancesTo(refs, b);
  const visited = new Set<string>();
  const out: string[] = [];
  const bail = new Error("bail out");
  const printNode = (node: string, firstPad: string, tailPad: string): void => {
    if (opts.precise) out.push(`${firstPad}${firstPad !== "" ? "→ " : ""}${node}`);
    if (node === b && !opts.all && a !== b) throw bail;
    if (visited.has(node)) return;
    if (opts.precise) visited.add(node);
    const next = refs.get(node)!
      .filter((r) => (r !== node || a === b) && dist.has(r))
      .sort((x, y) => dist.get(x)! - dist.get(y)!); // stable: store-path order among equals
    const hits = opts.precise ? hitsFor(store.physical(node), next.map(storePathHashPart)) : new Map<string, string[]>();
    next.forEach((r, i) => {
      const last = opts.all ? i === next.length - 1 : true;
      const hs = hits.get(storePathHashPart(r)) ?? [];
      for (const [j, hit] of hs.entries()) {
        out.push(`${tailPad}${j === 0 ? (last ? LAST : CONN) : (last ? NULL : LINE)}${hit}`);
        if (!opts.all) break;
      }
      if (!opts.precise) {
        out.push(`${firstPad}${last ? LAST : CONN}${r}`);
        visited.add(node);
      }
      printNode(r, tailPad + (last ? NULL : LINE), tailPad + (last ? NULL : LINE));
    });
  };
  try {
    if (!opts.precise) out.push(a);
    printNode(a, "", "");
  } catch (e) {
    if (e !== bail) throw e;
  }
  return out;
}

/** `tk why-depends`. */
export const command: Verb = {
  name: "why-depends",
  summary: "show why a store path depends on another",
  register(program: Command) {
    program.command("why-depends").description("show the reference chain from PACKAGE to DEPENDENCY")
      .argument("<package>", "store path").argument("<dependency>", "store path")
      .option("-a, --all", "show every edge on a path from PACKAGE to DEPENDENCY, not just a shortest path")
      .option("--precise", "show the files and the text around each reference")
      .action(action((pa: string, pb: string, f: { all?: boolean; precise?: boolean }) => {
        return withStore((store) => {
          const lines = whyDepends(store, validStorePathArg(store, pa), validStorePathArg(store, pb), f);
          process.stdout.write(lines.map((l) => l + "\n").join(""));
        });
      }));
  },
};
