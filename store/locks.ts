// Inter-process locks that the kernel releases when their holder dies (SIGKILL included): each lock
// is a small SQLite file held with BEGIN EXCLUSIVE (fcntl locks underneath), so a crashed holder never
// leaves a stale lock. Per-path locks live in `<stateDir>/locks/<base name>.lock` and are deleted by
// their holder on release (see deleteHeld); the GC lock is shared by adders and exclusive for the
// collector. A lock file is never written while it only carries a lock (no journal, no fsync).
import type Database from "better-sqlite3";
import { sqliteDatabase } from "./lazy-deps.js";
import * as fs from "node:fs";
import { StoreError } from "./errors.js";

const FOREVER_MS = 0x7fffffff;

/** A held lock; release() is idempotent. */
export interface Lock {
  release(): void;
}

function open(file: string, timeoutMs: number): Database.Database {
  try {
    // `timeout` sets the busy timeout directly (no PRAGMA statement to prepare).
    return new (sqliteDatabase())(file, { timeout: timeoutMs });
  } catch (e) {
    throw new StoreError("lock-failed", `cannot open lock file '${file}': ${(e as Error).message}`, file);
  }
}

/** The inode recorded in a lock file by a holder that deleted it (user_version = low 32 bits,
 *  application_id = high 32 bits), or undefined for a live file (never written: both are 0). */
function deletedInode(db: Database.Database): bigint | undefined {
  const r = db.prepare(
    "SELECT (SELECT user_version FROM pragma_user_version) AS lo, (SELECT application_id FROM pragma_application_id) AS hi",
  ).get() as { lo: number; hi: number };
  if (r.lo === 0 && r.hi === 0) return undefined;
  return (BigInt(r.hi >>> 0) << 32n) | BigInt(r.lo >>> 0);
}

function inodeAt(file: string): bigint | undefined {
  try {
    return fs.statSync(file, { bigint: true }).ino;
  } catch {
    return undefined;
  }
}

/** Deletes a lock file while holding it, Nix's protocol made crash-proof: first record the file's
 *  inode inside it (so a process that opened it earlier and gets the lock next knows it holds a
 *  deleted file and starts again), then unlink, then let go. A crash between the two steps leaves a
 *  marked file still at its path; the next holder sees the inode is the one at the path and keeps it.
 *  Deleting is an optimisation: any failure here just leaves the file. */
function deleteHeld(db: Database.Database, file: string): void {
  const ino = inodeAt(file); // the file at the path is ours: only holders delete
  if (ino === undefined) return;
  try {
    const lo = Number(ino & 0xffffffffn) | 0;
    const hi = Number(ino >> 32n) | 0;
    // locking_mode EXCLUSIVE keeps the lock across this COMMIT until close()
    db.exec(`PRAGMA locking_mode = EXCLUSIVE; PRAGMA user_version = ${lo}; PRAGMA application_id = ${hi}; COMMIT`);
    fs.unlinkSync(file);
  } catch {
    // the file stays; a later holder sees its own inode recorded and keeps using it
  }
}

/** For a lock file marked with an inode that is not the one at its path (a deleted file, or a state
 *  dir copied elsewhere): clears the mark, which SQLite refuses (SQLITE_READONLY_DBMOVED) when the
 *  held file is no longer at its path. Either way the caller lets go and opens the path again. */
function clearMarkIfAtPath(db: Database.Database): void {
  try {
    // only with a journal file does SQLite check that the database is still at its path
    db.exec("PRAGMA journal_mode = DELETE; PRAGMA user_version = 0; PRAGMA application_id = 0; COMMIT");
  } catch (e) {
    if ((e as { code?: string }).code !== "SQLITE_READONLY_DBMOVED") throw e;
  }
}

function holder(db: Database.Database, file: string, deleteOnRelease: boolean): Lock {
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      try {
        if (deleteOnRelease) deleteHeld(db, file);
        if (db.inTransaction) db.exec("ROLLBACK");
      } finally {
        db.close();
      }
    },
  };
}

/** Takes the exclusive lock (nothing is ever written to the file while it only carries a lock: the
 *  transaction is rolled back, so no journal and no fsync). "busy" when the lock is busy past the timeout. */
function beginExclusive(db: Database.Database): "held" | "busy" | "deleted" {
  try {
    // normal locking mode here: in EXCLUSIVE locking mode a failed attempt keeps its SHARED lock,
    // and two processes holding SHARED while both wait for EXCLUSIVE deadlock. The writes that must
    // keep the lock across a COMMIT (deleteHeld, stillAtPath) switch to EXCLUSIVE mode first.
    // journal in memory: a journal file next to a lock file that gets deleted could be taken for a
    // hot journal of the next file at that path
    // synchronous OFF: deleteHeld's write needs no fsync (it cannot be changed inside a transaction)
    db.exec("PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY; BEGIN EXCLUSIVE");
    return "held";
  } catch (e) {
    const code = (e as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_BUSY")) return "busy";
    // SQLite stat()s the database's path for a marked (non-empty) file: the file was deleted
    if (code === "SQLITE_IOERR_FSTAT") return "deleted";
    throw e;
  }
}

/** Options of an exclusive lock. */
export interface LockOptions {
  /** Delete the lock file when releasing (safely: see deleteHeld). Default false. */
  deleteOnRelease?: boolean;
}

/** Opens and locks `file`, starting again when the file turns out to have been deleted by the holder
 *  we waited for. Undefined when busy past the timeout. */
function acquire(file: string, timeoutMs: number, opts: LockOptions): Lock | undefined {
  for (;;) {
    const db = open(file, timeoutMs);
    let live = false;
    try {
      const got = beginExclusive(db);
      if (got === "busy") return undefined;
      if (got === "deleted") continue;
      const marked = deletedInode(db);
      const atPath = inodeAt(file);
      live = marked === undefined || marked === atPath;
      if (live) return holder(db, file, opts.deleteOnRelease ?? false);
      if (atPath !== undefined) clearMarkIfAtPath(db);
    } catch (e) {
      throw new StoreError("lock-failed", `cannot lock '${file}': ${(e as Error).message}`, file);
    } finally {
      if (!live) db.close();
    }
  }
}

/** Takes an exclusive lock on `file`, waiting up to `timeoutMs` (default: forever; restarts after
 *  finding a deleted lock file may wait that long again). */
export function lockFile(file: string, timeoutMs = FOREVER_MS, opts: LockOptions = {}): Lock {
  const l = acquire(file, timeoutMs, opts);
  if (!l) throw new StoreError("lock-timeout", `timed out waiting for lock '${file}'`, file);
  return l;
}

/** Takes an exclusive lock on `file` only if it is free right now. */
export function tryLockFile(file: string, opts: LockOptions = {}): Lock | undefined {
  return acquire(file, 0, opts);
}

/** Takes a shared lock (many holders, excludes an exclusive one) on `file`, waiting forever. */
export function lockFileShared(file: string): Lock {
  const db = open(file, FOREVER_MS);
  db.exec("BEGIN");
  try {
    db.prepare("SELECT count(*) FROM sqlite_master").get();
  } catch (e) {
    db.close();
    throw new StoreError("lock-timeout", `cannot take shared lock '${file}': ${(e as Error).message}`, file);
  }
  return holder(db, file, false);
}

/** Takes a lock per file with `take`, in sorted order (avoids deadlock between processes); all or
 *  none: when `take` gives no lock for a file, or throws, the locks taken so far are released (and
 *  the error rethrown). Released in reverse order. */
function lockAll(files: string[], take: (file: string) => Lock | undefined): Lock | undefined {
  const held: Lock[] = [];
  try {
    for (const f of [...new Set(files)].sort()) {
      const l = take(f);
      if (l === undefined) {
        for (const h of held.reverse()) h.release();
        return undefined;
      }
      held.push(l);
    }
  } catch (e) {
    for (const l of held.reverse()) l.release();
    throw e;
  }
  const order = held.reverse();
  return { release: () => { for (const l of order) l.release(); } };
}

/** Locks several files in sorted order (avoids deadlock between processes); all or nothing. */
export function lockFiles(files: string[], timeoutMs = FOREVER_MS, opts: LockOptions = {}): Lock {
  return lockAll(files, (f) => lockFile(f, timeoutMs, opts))!;
}

/** Locks several files only if every one is free right now (sorted order); else none (undefined). */
export function tryLockFiles(files: string[], opts: LockOptions = {}): Lock | undefined {
  return lockAll(files, (f) => tryLockFile(f, opts));
}

/** Ensures the directory for lock files exists. */
export function ensureLockDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
}

/** A reusable connection for taking and dropping a shared lock many times (saves an open each time). */
export class SharedLockConnection {
  private db?: Database.Database;
  private read?: Database.Statement;
  constructor(private readonly file: string) {}

  /** Takes the shared lock, waiting forever while an exclusive holder works. */
  acquire(): void {
    this.db ??= open(this.file, FOREVER_MS);
    this.db.exec("BEGIN");
    try {
      // A read inside BEGIN takes SQLite's SHARED lock; the statement is prepared once.
      (this.read ??= this.db.prepare("SELECT count(*) FROM sqlite_master")).get();
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw new StoreError("lock-timeout", `cannot take shared lock '${this.file}': ${(e as Error).message}`, this.file);
    }
  }

  /** Drops the shared lock. */
  release(): void {
    this.db?.exec("COMMIT");
  }

  /** Closes the connection (dropping any lock). */
  close(): void {
    this.db?.close();
    this.db = undefined;
    this.read = undefined;
  }
}
