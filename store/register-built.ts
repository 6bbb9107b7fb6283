// Registering a path a builder produced in place (LocalStore.registerBuiltPath): canonicalise it
// (read-only, mtime 1, no setuid/setgid), NAR-hash it while scanning for references among the
// candidates (and itself), and register it in one transaction.
import { createHash } from "node:crypto";
import { StoreError } from "./errors.js";
import { canonicalisePath, pathExists } from "./fs-util.js";
import type { LocalStore } from "./local-store.js";
import { dumpPath } from "./nar.js";
import type { PathInfo } from "./path-info.js";
import { parseStorePath, storePathHashPart } from "./path.js";
import { ReferenceScanner } from "./references.js";

/** See the module comment; the caller holds the path's lock. */
export function registerBuilt(store: LocalStore, p: string,
                              opts: { deriver?: string; referenceCandidates: Iterable<string>; ca?: string }): PathInfo {
  parseStorePath(store.config.storeDir, p);
  const phys = store.physical(p);
  if (!pathExists(phys)) throw new StoreError("missing-path", `cannot register '${p}': it does not exist`, p);
  const gc = store.gcLockShared();
  try {
    canonicalisePath(phys);
    const byHash = new Map<string, string>();
    for (const c of opts.referenceCandidates) byHash.set(storePathHashPart(c), c);
    byHash.set(storePathHashPart(p), p);
    const scanner = new ReferenceScanner(byHash.keys());
    const sha = createHash("sha256");
    let size = 0;
    dumpPath(phys, (c) => {
      sha.update(c);
      scanner.feed(c);
      size += c.length;
    }, { borrow: true });
    const references = [...scanner.found].map((x) => byHash.get(x)!).sort();
    for (const r of references) {
      if (r !== p && !store.isValidPath(r)) {
        throw new StoreError("invalid-reference", `cannot register '${p}': reference '${r}' is not valid`, p);
      }
    }
    const info: PathInfo = { path: p, narHash: { algo: "sha256", bytes: sha.digest() }, narSize: size, references,
      deriver: opts.deriver, registrationTime: Math.floor(Date.now() / 1000), ca: opts.ca, sigs: [], ultimate: true };
    store.queries.register(info, phys);
    store.addTempRoot(p);
    return info;
  } finally {
    gc.release();
  }
}
