// The local store: a store dir (possibly relocated under storeRoot) plus a SQLite database. Paths are
// written to a per-process staging area, canonicalised, moved into place under a per-path lock and
// only then registered (one transaction), so a crash never leaves a valid path with wrong contents.
import type Database from "better-sqlite3";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { physicalPath, type StoreConfig } from "./config.js";
import { openDatabase } from "./db.js";
import { parseDerivation, type Derivation } from "./drv.js";
import { StoreError } from "./errors.js";
import { canonicalisePath, copyTree, deleteTree, pathExists } from "./fs-util.js";
import { formatHash, hashEquals, hashOf, parseHash, type Hash } from "./hash.js";
import { ensureLockDir, lockFileShared, lockFiles, tryLockFile, type Lock } from "./locks.js";
import { dumpPath, narHashOf, narOfBytes, type PathFilter } from "./nar.js";
import { makeFixedOutputPath, makeTextPath, parseStorePath, storePathBaseName, storePathHashPart } from "./path.js";
import type { PathInfo, Realisation } from "./path-info.js";
import { ReferenceScanner } from "./references.js";
import { StoreQueries } from "./store-queries.js";
import { addTempRoot, addTempRoots, processAlive } from "./temp-roots.js";

export type { PathInfo, Realisation } from "./path-info.js";

/** Name of the per-process staging area inside the store dir (skipped by GC and listings). */
export const STAGING_DIR = ".tk-staging";
let stageCounter = 0;

/** A local store opened for reading and writing. */
export class LocalStore {
  private readonly q: StoreQueries;
  private readonly drvCache = new Map<string, Derivation>();
  private readonly gcShared: { depth: number; lock?: Lock } = { depth: 0 };

  private constructor(readonly config: StoreConfig, readonly db: Database.Database) {
    this.q = new StoreQueries(db, config.storeDir);
  }

  /** Opens the store, creating its directories and database (WAL) and cleaning dead leftovers. */
  static open(cfg: StoreConfig): LocalStore {
    const storePhys = physicalPath(cfg, cfg.storeDir);
    try {
      fs.mkdirSync(storePhys, { recursive: true });
      fs.mkdirSync(cfg.stateDir + "/db", { recursive: true });
      ensureLockDir(cfg.stateDir + "/locks");
      fs.mkdirSync(cfg.stateDir + "/gcroots", { recursive: true });
    } catch (e) {
      throw new StoreError("store-open", `cannot create store at '${storePhys}': ${(e as Error).message}`, storePhys);
    }
    const store = new LocalStore(cfg, openDatabase(cfg.stateDir + "/db/db.sqlite"));
    store.cleanStaging();
    return store;
  }

  /** Where a store path lives on disk. */
  physical(storePath: string): string {
    return physicalPath(this.config, storePath);
  }

  /** The physical store directory. */
  get physicalStoreDir(): string {
    return physicalPath(this.config, this.config.storeDir);
  }

  /** True if `p` is registered as valid. */
  isValidPath(p: string): boolean {
    return this.q.isValid(p);
  }

  /** Metadata of a valid path, or undefined. */
  queryPathInfo(p: string): PathInfo | undefined {
    return this.q.pathInfo(p);
  }

  /** Every valid path, sorted. */
  queryAllValidPaths(): string[] {
    return this.q.allValid();
  }

  /** Valid paths that reference `p` (including itself if self-referencing). */
  queryReferrers(p: string): string[] {
    return this.q.referrers(p);
  }

  /** The output paths a valid .drv declares (name → path; floating/deferred outputs absent). */
  queryDerivationOutputs(drvPath: string): Map<string, string> {
    return this.q.derivationOutputs(drvPath);
  }

  /** Valid .drv paths that declare `outPath` as an output. */
  queryValidDerivers(outPath: string): string[] {
    return this.q.validDerivers(outPath);
  }

  /** Adds signatures (`key:base64`) to a valid path. */
  addSignatures(p: string, sigs: string[]): void {
    this.q.addSignatures(p, sigs);
  }

  /** The valid path whose hash part is `hashPart` (for narinfo lookups), if any. */
  queryPathFromHashPart(hashPart: string): string | undefined {
    return this.q.pathFromHashPart(hashPart);
  }

  /** Registers `p` as a temporary GC root of this process. */
  addTempRoot(p: string): void {
    addTempRoot(this.config.stateDir, p);
  }

  /** Per-path lock file of a store path. */
  lockFileOf(p: string): string {
    return `${this.config.stateDir}/locks/${storePathBaseName(p)}.lock`;
  }

  /** Locks store paths (sync, blocking; sorted order, so no deadlocks between processes). */
  lockPaths(paths: string[]): Lock {
    return lockFiles(paths.map((p) => this.lockFileOf(p)));
  }

  /** Shared side of the GC lock (re-entrant within this store object): held while adding or
   *  rooting paths, so a collector never sees half-added paths. Never wait for a path lock while
   *  holding it. */
  gcLockShared(): Lock {
    if (this.gcShared.depth++ === 0) this.gcShared.lock = lockFileShared(this.config.stateDir + "/gc.lock");
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        if (--this.gcShared.depth === 0) this.gcShared.lock!.release();
      },
    };
  }

  /** Writes text into the store as a text path (like builtins.toFile / .drv); idempotent. */
  addTextToStore(name: string, text: string, refs: Iterable<string>): string {
    const refList = [...new Set(refs)];
    if (name.endsWith(".drv")) {
      try {
        parseDerivation(text);
      } catch (e) {
        throw new StoreError("bad-drv", `cannot add '${name}' to the store: ${(e as Error).message}`, name);
      }
    }
    const contentHash = hashOf("sha256", text);
    const p = makeTextPath(this.config.storeDir, name, contentHash, refList);
    return this.addStaged(p, (dest) => fs.writeFileSync(dest, text, { mode: 0o644 }), {
      narHash: hashOf("sha256", narOfBytes(Buffer.from(text))),
      references: refList, ca: `text:sha256:${formatHash(contentHash, "base32")}`,
    });
  }

  /** Copies a file tree (recursive) or one regular file (flat) into the store as a source path. */
  addPathToStore(srcPhysPath: string, opts: { name?: string; method: "flat" | "recursive"; filter?: PathFilter }): string {
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
      const p = makeFixedOutputPath(this.config.storeDir, "flat", h, name);
      return this.addStaged(p, (dest) => fs.writeFileSync(dest, data, { mode: 0o644 }), {
        narHash: hashOf("sha256", narOfBytes(data)), references: [], ca: `fixed:sha256:${formatHash(h, "base32")}`,
      });
    }
    const { hash } = narHashOf(srcPhysPath, opts.filter);
    const p = makeFixedOutputPath(this.config.storeDir, "recursive", hash, name);
    return this.addStaged(p, (dest) => copyTree(srcPhysPath, dest, opts.filter), {
      narHash: hash, references: [], ca: `fixed:r:sha256:${formatHash(hash, "base32")}`,
    });
  }

  /** Stages contents, checks their NAR hash, moves them to `p` and registers it; idempotent.
   *  Lock order (everywhere): path locks first, then the shared GC lock, never waiting for a path
   *  lock while holding the GC lock — so a collector waiting for the GC lock cannot deadlock us. */
  private addStaged(p: string, write: (dest: string) => void,
                    info: { narHash: Hash; references: string[]; ca: string }): string {
    if (this.validWithTempRoot(p)) return p;
    const lock = this.lockPaths([p]);
    try {
      const gc = this.gcLockShared();
      try {
        if (this.isValidPath(p)) {
          this.addTempRoot(p);
          return p;
        }
        for (const r of info.references) {
          if (!this.isValidPath(r)) throw new StoreError("invalid-reference", `cannot add '${p}': reference '${r}' is not valid`, p);
        }
        this.addTempRoot(p);
        const stage = this.stagingPath(storePathBaseName(p));
        const phys = this.physical(p);
        try {
          write(stage);
          deleteTree(phys);
          // Move first, canonicalise in place: a read-only directory cannot be moved by non-root users.
          fs.renameSync(stage, phys);
        } finally {
          deleteTree(stage);
        }
        canonicalisePath(phys);
        const got = narHashOf(phys);
        if (!hashEquals(got.hash, info.narHash)) {
          deleteTree(phys);
          throw new StoreError("hash-mismatch", `contents of '${p}' changed while being added to the store`, p);
        }
        this.q.register({ path: p, narHash: info.narHash, narSize: got.size, references: info.references,
          registrationTime: Math.floor(Date.now() / 1000), ca: info.ca, sigs: [], ultimate: false }, phys);
        return p;
      } finally {
        gc.release();
      }
    } finally {
      lock.release();
    }
  }

  /** True if `p` is valid, in which case it becomes a temp root of this process (atomically with
   *  respect to the collector): use it instead of isValidPath when the path is about to be used. */
  validWithTempRoot(p: string): boolean {
    if (!this.isValidPath(p)) return false;
    const gc = this.gcLockShared();
    try {
      if (!this.isValidPath(p)) return false;
      this.addTempRoot(p);
      return true;
    } finally {
      gc.release();
    }
  }

  private stagingPath(base: string): string {
    const dir = `${this.physicalStoreDir}/${STAGING_DIR}/${process.pid}`;
    fs.mkdirSync(dir, { recursive: true });
    return `${dir}/${++stageCounter}-${base}`;
  }

  /** Removes staging areas of processes that no longer exist (leftovers of crashes). */
  private cleanStaging(): void {
    const dir = `${this.physicalStoreDir}/${STAGING_DIR}`;
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) if (!/^\d+$/.test(n) || !processAlive(Number(n))) deleteTree(`${dir}/${n}`);
  }

  /** Reads and parses a .drv from the store (cached per path); throws StoreError. */
  readDerivation(drvPath: string): Derivation {
    let d = this.drvCache.get(drvPath);
    if (d) return d;
    let text: string;
    try {
      text = fs.readFileSync(this.physical(drvPath), "utf8");
    } catch (e) {
      throw new StoreError("missing-drv", `cannot read derivation '${drvPath}': ${(e as Error).message}`, drvPath);
    }
    try {
      d = parseDerivation(text);
    } catch (e) {
      throw new StoreError("bad-drv", `${(e as Error).message} (in '${drvPath}')`, drvPath);
    }
    this.drvCache.set(drvPath, d);
    return d;
  }

  /** Deletes whatever is at an invalid path's location; refuses valid paths. Caller holds the lock. */
  deleteInvalidPath(p: string): void {
    parseStorePath(this.config.storeDir, p);
    if (this.isValidPath(p)) throw new StoreError("path-valid", `refusing to delete valid path '${p}'`, p);
    deleteTree(this.physical(p));
  }

  /** Canonicalises a built path, NAR-hashes it, scans references and registers it in one transaction. */
  registerBuiltPath(p: string, opts: { deriver?: string; referenceCandidates: Iterable<string>; ca?: string }): PathInfo {
    parseStorePath(this.config.storeDir, p);
    const phys = this.physical(p);
    if (!pathExists(phys)) throw new StoreError("missing-path", `cannot register '${p}': it does not exist`, p);
    const gc = this.gcLockShared();
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
      });
      const references = [...scanner.found].map((x) => byHash.get(x)!).sort();
      for (const r of references) {
        if (r !== p && !this.isValidPath(r)) {
          throw new StoreError("invalid-reference", `cannot register '${p}': reference '${r}' is not valid`, p);
        }
      }
      const info: PathInfo = { path: p, narHash: { algo: "sha256", bytes: sha.digest() }, narSize: size, references,
        deriver: opts.deriver, registrationTime: Math.floor(Date.now() / 1000), ca: opts.ca, sigs: [], ultimate: true };
      this.q.register(info, phys);
      this.addTempRoot(p);
      return info;
    } finally {
      gc.release();
    }
  }

  /** Registers an already-complete PathInfo for contents already at `info.path` (e.g. imports). */
  registerValidPath(info: PathInfo): void {
    this.q.register(info, this.physical(info.path));
  }

  /** All paths reachable from `paths` through references (including them). The closure becomes
   *  temp roots of this process (under the shared GC lock), so a concurrent `tk gc` cannot delete
   *  the inputs of a running build. */
  closure(paths: Iterable<string>): Set<string> {
    const gc = this.gcLockShared();
    try {
      const c = this.q.closure(paths);
      addTempRoots(this.config.stateDir, [...c].filter((p) => this.isValidPath(p)));
      return c;
    } finally {
      gc.release();
    }
  }

  /** Records a realisation (its output path must be valid). */
  registerRealisation(r: Realisation): void {
    this.q.registerRealisation({ ...r, id: normaliseDrvOutputId(r.id) });
  }

  /** Looks up a realisation by id `sha256:<hex>!<output>` (any hash form Nix accepts is normalised). */
  queryRealisation(id: string): Realisation | undefined {
    return this.q.realisation(normaliseDrvOutputId(id));
  }

  /** Removes a path from the database only (making it invalid); its referrers must be gone. */
  invalidatePath(p: string): void {
    this.q.invalidate(p);
  }

  /** Tries to take a path's lock without waiting. */
  tryLockPath(p: string): Lock | undefined {
    return tryLockFile(this.lockFileOf(p));
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }
}

/** Normalises a realisation id's hash to typed base16 (`sha256:<hex>!out`). */
export function normaliseDrvOutputId(id: string): string {
  const bang = id.indexOf("!");
  if (bang < 0) throw new StoreError("bad-realisation", `invalid derivation output id '${id}'`);
  return `${formatHash(parseHash(id.slice(0, bang)), "base16", true)}!${id.slice(bang + 1)}`;
}
