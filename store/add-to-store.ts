// Adding content to a LocalStore (builtins.toFile/.drv text, source trees, flat files): contents are
// written to a per-process staging area, moved into place under the path lock (text paths: renamed
// over it without one, see addStaged), canonicalised, re-hashed and only then registered, so a crash
// never leaves a valid path with wrong contents.
import * as fs from "node:fs";
import { parseDerivation, type Derivation } from "./drv.js";
import { StoreError } from "./errors.js";
import { copyTreeHashing } from "./copy-hashing.js";
import { canonicalisePath, deleteTree } from "./fs-util.js";
import { formatHash, hashEquals, hashOf, type Hash } from "./hash.js";
import type { LocalStore } from "./local-store.js";
import { narHashOf, narOfBytes, type PathFilter } from "./nar.js";
import { makeFixedOutputPath, makeTextPath, storePathBaseName } from "./path.js";
import { processAlive } from "./temp-roots.js";

/** Name of the per-process staging area inside the store dir (skipped by GC and listings). */
export const STAGING_DIR = ".tk-staging";
let stageCounter = 0;

/** LocalStore.addTextToStore: a text path (sha256, references, never self); idempotent. Written
 *  lock-free (see addStaged's `lockFree`): every writer of a text path writes the same bytes. */
export function addText(store: LocalStore, name: string, text: string | Buffer, refs: Iterable<string>): string {
  const refList = [...new Set(refs)];
  let drv: Derivation | undefined;
  if (name.endsWith(".drv")) {
    try {
      drv = parseDerivation(typeof text === "string" ? text : text.toString("utf8"));
    } catch (e) {
      throw new StoreError("bad-drv", `cannot add '${name}' to the store: ${(e as Error).message}`, name);
    }
  }
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  const contentHash = hashOf("sha256", bytes);
  const p = makeTextPath(store.config.storeDir, name, contentHash, refList);
  const nar = narOfBytes(bytes);
  return addStaged(store, p, (dest) => writeCanonicalFile(dest, bytes), {
    narHash: hashOf("sha256", nar), narSize: nar.length,
    references: refList, ca: `text:sha256:${formatHash(contentHash, "base32")}`,
  }, { lockFree: true, drv });
}

/** LocalStore.addPathToStore: a source tree (recursive, "source" path) or one flat file. */
export function addPath(store: LocalStore, srcPhysPath: string,
                        opts: { name?: string; method: "flat" | "recursive"; filter?: PathFilter }): string {
  const name = opts.name ?? srcPhysPath.replace(/\/+$/, "").split("/").pop()!;
  let st: fs.Stats;
  try {
    st = fs.lstatSync(srcPhysPath);
  } catch (e) {
    throw new StoreError("bad-path", `cannot add '${srcPhysPath}' to the store: ${(e as Error).message}`, srcPhysPath);
  }
  if (opts.method === "flat") {
    if (!st.isFile()) throw new StoreError("bad-path", `cannot add '${srcPhysPath}' flat: it is not a regular file`, srcPhysPath);
    const data = fs.readFileSync(srcPhysPath);
    const h = hashOf("sha256", data);
    const p = makeFixedOutputPath(store.config.storeDir, "flat", h, name);
    const nar = narOfBytes(data);
    return addStaged(store, p, (dest) => fs.writeFileSync(dest, data, { mode: 0o644 }), {
      narHash: hashOf("sha256", nar), narSize: nar.length, references: [], ca: `fixed:sha256:${formatHash(h, "base32")}`,
    });
  }
  // One pass: copy into staging while hashing (the path depends on the hash, so copy first).
  const pre = stagingPath(store, "pre");
  try {
    const { hash, size } = copyTreeHashing(srcPhysPath, pre, opts.filter);
    const p = makeFixedOutputPath(store.config.storeDir, "recursive", hash, name);
    return addStaged(store, p, (dest) => fs.renameSync(pre, dest), {
      narHash: hash, narSize: size, references: [], ca: `fixed:r:sha256:${formatHash(hash, "base32")}`,
    });
  } finally {
    deleteTree(pre);
  }
}

/** Writes a new file already canonical (mode 0444, mtime 1), so canonicalising it only checks. */
function writeCanonicalFile(dest: string, bytes: Buffer): void {
  const fd = fs.openSync(dest, "wx", 0o444);
  try {
    for (let off = 0; off < bytes.length;) off += fs.writeSync(fd, bytes, off);
    fs.futimesSync(fd, 1, 1);
  } finally {
    fs.closeSync(fd);
  }
}

type StagedInfo = { narHash: Hash; narSize?: number; references: string[]; ca: string };

/** Stages contents, moves them to `p`, checks their NAR hash (unless `narSize` says they were hashed
 *  as they were written: the staged copy is then exactly the hashed bytes) and registers it;
 *  idempotent.
 *  `lockFree` (single files whose every writer writes the same bytes, i.e. text paths): no path
 *  lock — the staged file is canonicalised and renamed over the path, which is atomic, so a
 *  concurrent writer can only replace it by an identical file, never expose a missing or partial
 *  one; when something else is in the way (a leftover directory) the locked way below clears it.
 *  Lock order (everywhere): path locks first, then the shared GC lock, never waiting for a path
 *  lock while holding the GC lock — so a collector waiting for the GC lock cannot deadlock us. */
function addStaged(store: LocalStore, p: string, write: (dest: string) => void, info: StagedInfo,
                   opts: { lockFree?: boolean; drv?: Derivation } = {}): string {
  // (registerUnderGcLock begins with the same validity check, so the lock-free way skips this one.)
  if (!opts.lockFree && store.validWithTempRoot(p)) return p;
  if (opts.lockFree && registerUnderGcLock(store, p, info, opts.drv, () => renameOver(store, p, write, info), true)) return p;
  const lock = store.lockPaths([p]);
  try {
    registerUnderGcLock(store, p, info, opts.drv, () => placeLocked(store, p, write, info));
    return p;
  } finally {
    lock.release();
  }
}

/** Under the shared GC lock: done if `p` became valid meanwhile; else checks its references, makes
 *  it a temp root, lets `place` put its contents in place (returning their NAR size, or undefined
 *  to decline) and registers it (a `text` path maybe deferred: LocalStore.registerPlaced). False
 *  when `place` declined. */
function registerUnderGcLock(store: LocalStore, p: string, info: StagedInfo, drv: Derivation | undefined,
                             place: () => number | undefined, text = false): boolean {
  const gc = store.gcLockShared();
  try {
    if (store.isValidPath(p)) {
      store.addTempRoot(p);
      return true;
    }
    for (const r of info.references) {
      if (!store.isValidPath(r)) throw new StoreError("invalid-reference", `cannot add '${p}': reference '${r}' is not valid`, p);
    }
    store.addTempRoot(p);
    const narSize = place();
    if (narSize === undefined) return false;
    store.registerPlaced({ path: p, narHash: info.narHash, narSize, references: info.references,
      registrationTime: Math.floor(Date.now() / 1000), ca: info.ca, sigs: [], ultimate: false }, drv ?? store.physical(p), { text });
    return true;
  } finally {
    gc.release();
  }
}

/** The lock-free placement: a canonical staged file renamed over the path; undefined when the
 *  rename fails (something other than a file is in the way). `info.narSize` must be known. */
function renameOver(store: LocalStore, p: string, write: (dest: string) => void, info: StagedInfo): number | undefined {
  const stage = stagingPath(store, storePathBaseName(p));
  try {
    write(stage);
    canonicalisePath(stage);
    fs.renameSync(stage, store.physical(p));
    return info.narSize;
  } catch {
    deleteTree(stage);
    return undefined;
  }
}

/** The placement under the path lock: clears whatever is at the path, moves the staged contents
 *  in, canonicalises them and checks their hash; returns their NAR size. */
function placeLocked(store: LocalStore, p: string, write: (dest: string) => void, info: StagedInfo): number {
  const stage = stagingPath(store, storePathBaseName(p));
  const phys = store.physical(p);
  try {
    write(stage);
    deleteTree(phys);
    // Move first, canonicalise in place: a read-only directory cannot be moved by non-root users.
    fs.renameSync(stage, phys);
  } finally {
    deleteTree(stage);
  }
  canonicalisePath(phys);
  if (info.narSize !== undefined) return info.narSize;
  const got = narHashOf(phys);
  if (!hashEquals(got.hash, info.narHash)) {
    deleteTree(phys);
    throw new StoreError("hash-mismatch", `contents of '${p}' changed while being added to the store`, p);
  }
  return got.size;
}

/** Stores whose staging directory this process has made (cleanStaging only removes those of dead
 *  processes, so it stays while the store is open). */
const stagingMade = new WeakSet<LocalStore>();

function stagingPath(store: LocalStore, base: string): string {
  const dir = `${store.physicalStoreDir}/${STAGING_DIR}/${process.pid}`;
  if (!stagingMade.has(store)) {
    fs.mkdirSync(dir, { recursive: true });
    stagingMade.add(store);
  }
  return `${dir}/${++stageCounter}-${base}`;
}

/** Removes staging areas of processes that no longer exist (leftovers of crashes). */
export function cleanStaging(store: LocalStore): void {
  const dir = `${store.physicalStoreDir}/${STAGING_DIR}`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) if (!/^\d+$/.test(n) || !processAlive(Number(n))) deleteTree(`${dir}/${n}`);
}
