// Registering a path a builder produced in place (LocalStore.registerBuiltPath): canonicalise it
// (read-only, mtime 1, no setuid/setgid), NAR-hash it while scanning for references among the
// candidates (and itself), and register it in one transaction. A small non-executable file (what
// trivial builds make) is read whole, its NAR hashed in one piece and its contents scanned directly:
// the streaming dump's 1 MiB chunk buffer and the scanner's prefix table, allocated per registration,
// cost more than such a build's registration itself (and kept the collector busy).
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { StoreError } from "./errors.js";
import { canonicalisePath, pathExists } from "./fs-util.js";
import type { Hash } from "./hash.js";
import type { LocalStore } from "./local-store.js";
import { dumpPath, narOfBytes } from "./nar.js";
import type { PathInfo } from "./path-info.js";
import { parseStorePath, storePathHashPart } from "./path.js";
import { hashPartsInBuffer, ReferenceScanner } from "./references.js";

/** Regular non-executable files up to this size are hashed and scanned in one piece. */
export const SMALL_FILE_BYTES = 16 * 1024;

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
    const { narHash, narSize, found } = smallFileNar(phys, byHash) ?? streamNar(phys, byHash);
    const references = [...found].map((x) => byHash.get(x)!).sort();
    for (const r of references) {
      if (r !== p && !store.isValidPath(r)) {
        throw new StoreError("invalid-reference", `cannot register '${p}': reference '${r}' is not valid`, p);
      }
    }
    const info: PathInfo = { path: p, narHash, narSize, references,
      deriver: opts.deriver, registrationTime: Math.floor(Date.now() / 1000), ca: opts.ca, sigs: [], ultimate: true };
    store.queries.register(info, phys);
    store.addTempRoot(p);
    return info;
  } finally {
    gc.release();
  }
}

type Scanned = { narHash: Hash; narSize: number; found: Set<string> };

/** The NAR hash, size and referenced hash parts of any tree, streamed. */
function streamNar(phys: string, byHash: Map<string, string>): Scanned {
  const scanner = new ReferenceScanner(byHash.keys());
  const sha = createHash("sha256");
  let size = 0;
  dumpPath(phys, (c) => {
    sha.update(c);
    scanner.feed(c);
    size += c.length;
  }, { borrow: true });
  return { narHash: { algo: "sha256", bytes: sha.digest() }, narSize: size, found: scanner.found };
}

/** The same for a small regular non-executable file, read whole; undefined for anything else. The NAR
 *  framing around a file's contents cannot be part of a hash part (its bytes next to the contents
 *  are zeros), so scanning the contents finds what scanning the NAR finds. */
export function smallFileNar(phys: string, byHash: Map<string, string>): Scanned | undefined {
  const st = fs.lstatSync(phys);
  if (!st.isFile() || (st.mode & 0o111) !== 0 || st.size > SMALL_FILE_BYTES) return undefined;
  const contents = fs.readFileSync(phys);
  if (contents.length !== st.size) return undefined; // changed under us: let the streaming dump report it
  const nar = narOfBytes(contents);
  const narHash: Hash = { algo: "sha256", bytes: createHash("sha256").update(nar).digest() };
  return { narHash, narSize: nar.length, found: hashPartsInBuffer(contents, byHash) };
}
