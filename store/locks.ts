// Inter-process locks that the kernel releases when their holder dies (SIGKILL included): each lock
// is a small SQLite file held with BEGIN EXCLUSIVE (fcntl locks underneath), so a crashed holder never
// leaves a stale lock. Per-path locks live in `<stateDir>/locks/<base name>.lock`; the GC lock is
// shared by adders and exclusive for the collector.
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
    const db = new (sqliteDatabase())(file);
    db.pragma(`busy_timeout = ${timeoutMs}`);
    return db;
  } catch (e) {
    throw new StoreError("lock-failed", `cannot open lock file '${file}': ${(e as Error).message}`, file);
  }
}

function holder(db: Database.Database): Lock {
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      try {
        db.exec("COMMIT");
      } finally {
        db.close();
      }
    },
  };
}

/** BEGIN EXCLUSIVE; the file only carries the lock, so never wait for fsync (which made locks slow). */
function beginExclusive(db: Database.Database): void {
  db.pragma("synchronous = OFF"); // reading the schema for this may itself wait for the lock
  db.exec("BEGIN EXCLUSIVE");
}

/** Takes an exclusive lock on `file`, waiting up to `timeoutMs` (default: forever). */
export function lockFile(file: string, timeoutMs = FOREVER_MS): Lock {
  const db = open(file, timeoutMs);
  try {
    beginExclusive(db);
  } catch (e) {
    db.close();
    throw new StoreError("lock-timeout", `timed out waiting for lock '${file}'`, file);
  }
  return holder(db);
}

/** Takes an exclusive lock on `file` only if it is free right now. */
export function tryLockFile(file: string): Lock | undefined {
  const db = open(file, 0);
  try {
    beginExclusive(db);
    return holder(db);
  } catch {
    db.close();
    return undefined;
  }
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
  return holder(db);
}

/** Locks several files in sorted order (avoids deadlock between processes); all or nothing. */
export function lockFiles(files: string[], timeoutMs = FOREVER_MS): Lock {
  const held: Lock[] = [];
  try {
    for (const f of [...new Set(files)].sort()) held.push(lockFile(f, timeoutMs));
  } catch (e) {
    for (const l of held.reverse()) l.release();
    throw e;
  }
  const order = [...held].reverse();
  return { release: () => { for (const l of order) l.release(); } };
}

/** Ensures the directory for lock files exists. */
export function ensureLockDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
}

/** A reusable connection for taking and dropping a shared lock many times (saves an open each time). */
export class SharedLockConnection {
  private db?: Database.Database;
  constructor(private readonly file: string) {}

  /** Takes the shared lock, waiting forever while an exclusive holder works. */
  acquire(): void {
    this.db ??= open(this.file, FOREVER_MS);
    this.db.exec("BEGIN");
    try {
      this.db.prepare("SELECT count(*) FROM sqlite_master").get();
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
  }
}
