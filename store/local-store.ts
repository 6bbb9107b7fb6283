// The local store: a store dir (possibly relocated under storeRoot) plus a SQLite database, with the
// API the other layers use. Adding content lives in add-to-store.ts, registering built paths in
// register-built.ts; a path is valid only once registered, so a crash never leaves a valid path with
// wrong contents.
import type Database from "better-sqlite3";
import * as fs from "node:fs";
import { physicalPath, type StoreConfig } from "./config.js";
import { addPath, addText, cleanStaging } from "./add-to-store.js";
import { openDatabase } from "./db.js";
import { parseDerivation, type Derivation } from "./drv.js";
import { StoreError } from "./errors.js";
import { DeferredRegistrations } from "./deferred-registrations.js";
import { deleteTree } from "./fs-util.js";
import { formatHash, parseHash } from "./hash.js";
import { ensureLockDir, lockFiles, SharedLockConnection, tryLockFile, tryLockFiles, type Lock } from "./locks.js";
import type { PathFilter } from "./nar.js";
import { parseStorePath, storePathBaseName } from "./path.js";
import type { PathInfo, Realisation } from "./path-info.js";
import { registerBuilt } from "./register-built.js";
import { StoreQueries } from "./store-queries.js";
import { addTempRoots } from "./temp-roots.js";

export type { PathInfo, Realisation } from "./path-info.js";
export { STAGING_DIR } from "./add-to-store.js";

/** A local store opened for reading and writing. */
export class LocalStore {
  /** The prepared queries of this store's database. */
  readonly queries: StoreQueries;
  private readonly q: StoreQueries;
  private readonly drvCache = new Map<string, Derivation>();
  private gcDepth = 0;
  /** Paths already recorded as temp roots of this process (the file is append-only). */
  private readonly tempRooted = new Set<string>();
  private gcConn?: SharedLockConnection;
  /** Paths this process found or made valid and holds as temp roots: they stay valid while it
   *  lives (GC and `tk store delete` spare temp roots), so their validity needs no query. */
  private readonly validRooted = new Set<string>();
  /** Text-path registrations not yet written (see deferTextRegistrations). */
  private deferred?: DeferredRegistrations;

  private constructor(readonly config: StoreConfig, readonly db: Database.Database) {
    this.q = this.queries = new StoreQueries(db, config.storeDir);
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
    cleanStaging(store);
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
    return this.validRooted.has(p) || (this.deferred?.has(p) ?? false) || this.q.isValid(p);
  }

  /** From now on text paths (.drv, toFile) added by this object are registered in batches, one
   *  transaction per DEFERRED_LIMIT paths or at the next read of the database or close()
   *  (store/deferred-registrations.ts says why that is safe). */
  deferTextRegistrations(): void {
    this.deferred ??= new DeferredRegistrations(this.q);
  }

  /** Writes the deferred registrations now. */
  flushRegistrations(): void {
    if (!this.deferred) return;
    for (const p of this.deferred.flush()) if (this.tempRooted.has(p)) this.validRooted.add(p);
  }

  /** Registers a path whose contents are in place (the caller holds the shared GC lock and has made
   *  it a temp root); a text path may be queued when registrations are deferred. */
  registerPlaced(info: PathInfo, drv: string | Derivation, opts: { text?: boolean } = {}): void {
    if (opts.text && this.deferred) {
      for (const r of info.references) this.addTempRoot(r);
      this.deferred.add(info, drv);
      return;
    }
    this.flushRegistrations();
    this.q.register(info, drv);
    if (this.tempRooted.has(info.path)) this.validRooted.add(info.path);
  }

  /** Metadata of a valid path, or undefined. */
  queryPathInfo(p: string): PathInfo | undefined {
    this.flushRegistrations();
    return this.q.pathInfo(p);
  }

  /** Every valid path, sorted. */
  queryAllValidPaths(): string[] {
    this.flushRegistrations();
    return this.q.allValid();
  }

  /** Valid paths that reference `p` (including itself if self-referencing). */
  queryReferrers(p: string): string[] {
    this.flushRegistrations();
    return this.q.referrers(p);
  }

  /** The output paths a valid .drv declares (name → path; floating/deferred outputs absent). */
  queryDerivationOutputs(drvPath: string): Map<string, string> {
    this.flushRegistrations();
    return this.q.derivationOutputs(drvPath);
  }

  /** Valid .drv paths that declare `outPath` as an output. */
  queryValidDerivers(outPath: string): string[] {
    this.flushRegistrations();
    return this.q.validDerivers(outPath);
  }

  /** Adds signatures (`key:base64`) to a valid path. */
  addSignatures(p: string, sigs: string[]): void {
    this.flushRegistrations();
    this.q.addSignatures(p, sigs);
  }

  /** The valid path whose hash part is `hashPart` (for narinfo lookups), if any. */
  queryPathFromHashPart(hashPart: string): string | undefined {
    this.flushRegistrations();
    return this.q.pathFromHashPart(hashPart);
  }

  /** Registers `p` as a temporary GC root of this process. */
  addTempRoot(p: string): void {
    if (this.tempRooted.has(p)) return;
    this.tempRooted.add(p);
    addTempRoots(this.config.stateDir, [p]);
  }

  /** Per-path lock file of a store path. */
  lockFileOf(p: string): string {
    return `${this.config.stateDir}/locks/${storePathBaseName(p)}.lock`;
  }

  /** Locks store paths (sync, blocking; sorted order, so no deadlocks between processes). The lock
   *  files are deleted on release, as Nix does. */
  lockPaths(paths: string[]): Lock {
    return lockFiles(paths.map((p) => this.lockFileOf(p)), undefined, { deleteOnRelease: true });
  }

  /** Shared side of the GC lock (re-entrant within this store object): held while adding or
   *  rooting paths, so a collector never sees half-added paths. Never wait for a path lock while
   *  holding it. */
  gcLockShared(): Lock {
    if (this.gcDepth === 0) {
      this.gcConn ??= new SharedLockConnection(this.config.stateDir + "/gc.lock");
      this.gcConn.acquire();
    }
    this.gcDepth++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        if (--this.gcDepth === 0) this.gcConn!.release();
      },
    };
  }

  /** Writes text (a string, written as UTF-8, or raw bytes) into the store as a text path (like
   *  builtins.toFile / .drv); idempotent. */
  addTextToStore(name: string, text: string | Buffer, refs: Iterable<string>): string {
    return addText(this, name, text, refs);
  }

  /** Copies a file tree (recursive) or one regular file (flat) into the store as a source path. */
  addPathToStore(srcPhysPath: string, opts: { name?: string; method: "flat" | "recursive"; filter?: PathFilter }): string {
    return addPath(this, srcPhysPath, opts);
  }

  /** True if `p` is valid, in which case it becomes a temp root of this process (atomically with
   *  respect to the collector): use it instead of isValidPath when the path is about to be used. */
  validWithTempRoot(p: string): boolean {
    if (this.validRooted.has(p)) return true;
    if (!this.isValidPath(p)) return false;
    const gc = this.gcLockShared();
    try {
      if (!this.isValidPath(p)) return false;
      this.addTempRoot(p);
      this.validRooted.add(p);
      return true;
    } finally {
      gc.release();
    }
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
    this.flushRegistrations();
    return registerBuilt(this, p, opts);
  }

  /** Registers an already-complete PathInfo for contents already at `info.path` (e.g. imports). */
  registerValidPath(info: PathInfo): void {
    this.flushRegistrations();
    this.q.register(info, this.physical(info.path));
  }

  /** All paths reachable from `paths` through references (including them). The closure becomes
   *  temp roots of this process (under the shared GC lock), so a concurrent `tk gc` cannot delete
   *  the inputs of a running build. */
  closure(paths: Iterable<string>): Set<string> {
    this.flushRegistrations();
    const gc = this.gcLockShared();
    try {
      const c = this.q.closure(paths);
      const fresh = [...c].filter((p) => !this.tempRooted.has(p) && this.isValidPath(p));
      for (const p of fresh) this.tempRooted.add(p);
      addTempRoots(this.config.stateDir, fresh);
      return c;
    } finally {
      gc.release();
    }
  }

  /** Records a realisation (its output path must be valid). */
  registerRealisation(r: Realisation): void {
    this.flushRegistrations();
    this.q.registerRealisation({ ...r, id: normaliseDrvOutputId(r.id) });
  }

  /** Looks up a realisation by id `sha256:<hex>!<output>` (any hash form Nix accepts is normalised). */
  queryRealisation(id: string): Realisation | undefined {
    this.flushRegistrations();
    return this.q.realisation(normaliseDrvOutputId(id));
  }

  /** Removes a path from the database only (making it invalid); its referrers must be gone. */
  invalidatePath(p: string): void {
    this.flushRegistrations();
    this.validRooted.delete(p);
    this.q.invalidate(p);
  }

  /** Tries to take a path's lock without waiting. */
  tryLockPath(p: string): Lock | undefined {
    return tryLockFile(this.lockFileOf(p), { deleteOnRelease: true });
  }

  /** Locks all of `paths` if every one is free right now, else none (undefined); no waiting. */
  tryLockPaths(paths: string[]): Lock | undefined {
    return tryLockFiles(paths.map((p) => this.lockFileOf(p)), { deleteOnRelease: true });
  }

  /** Closes the database. */
  close(): void {
    try {
      this.flushRegistrations();
    } finally {
      this.gcConn?.close();
      this.db.close();
    }
  }
}

/** Normalises a realisation id's hash to typed base16 (`sha256:<hex>!out`). */
export function normaliseDrvOutputId(id: string): string {
  const bang = id.indexOf("!");
  if (bang < 0) throw new StoreError("bad-realisation", `invalid derivation output id '${id}'`);
  return `${formatHash(parseHash(id.slice(0, bang)), "base16", true)}!${id.slice(bang + 1)}`;
}
