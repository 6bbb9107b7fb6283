// The store database (SQLite via better-sqlite3, WAL): a versioned schema upgraded by ordered
// migrations, holding valid paths (narHash, narSize, deriver, registration time, ca, sigs, ultimate),
// references, derivation outputs and realisations. A path is valid iff it has a ValidPaths row.
import type Database from "better-sqlite3";
import { sqliteDatabase } from "./lazy-deps.js";
import { StoreError } from "./errors.js";

/** Each migration upgrades the schema by one version; never edit one that has shipped. */
const MIGRATIONS: string[] = [
  // v1: paths, references, derivation outputs (the layout of Nix's schema 10).
  `CREATE TABLE ValidPaths (
     id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
     path TEXT UNIQUE NOT NULL,
     hash TEXT NOT NULL,
     registrationTime INTEGER NOT NULL,
     deriver TEXT,
     narSize INTEGER,
     ultimate INTEGER,
     sigs TEXT,
     ca TEXT);
   CREATE TABLE Refs (
     referrer INTEGER NOT NULL,
     reference INTEGER NOT NULL,
     PRIMARY KEY (referrer, reference),
     FOREIGN KEY (referrer) REFERENCES ValidPaths(id) ON DELETE CASCADE,
     FOREIGN KEY (reference) REFERENCES ValidPaths(id) ON DELETE RESTRICT);
   CREATE INDEX IndexReferrer ON Refs(referrer);
   CREATE INDEX IndexReference ON Refs(reference);
   CREATE TABLE DerivationOutputs (
     drv INTEGER NOT NULL,
     id TEXT NOT NULL,
     path TEXT NOT NULL,
     PRIMARY KEY (drv, id),
     FOREIGN KEY (drv) REFERENCES ValidPaths(id) ON DELETE CASCADE);
   CREATE INDEX IndexDerivationOutputs ON DerivationOutputs(path);`,
  // v2: realisations of derivation outputs (content-addressed derivations).
  `CREATE TABLE Realisations (
     drvOutputId TEXT PRIMARY KEY NOT NULL,
     outputPath INTEGER NOT NULL,
     signatures TEXT NOT NULL DEFAULT '',
     dependents TEXT NOT NULL DEFAULT '{}',
     FOREIGN KEY (outputPath) REFERENCES ValidPaths(id) ON DELETE CASCADE);
   CREATE INDEX IndexRealisationsPath ON Realisations(outputPath);`,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Opens (creating or upgrading) the store database at `file`. */
export function openDatabase(file: string): Database.Database {
  let db: Database.Database;
  try {
    db = new (sqliteDatabase())(file);
    db.pragma("busy_timeout = 600000");
    enableWal(db);
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
  } catch (e) {
    throw new StoreError("db-error", `cannot open store database '${file}': ${(e as Error).message}`, file);
  }
  migrate(db, file);
  return db;
}

/** Switches to WAL. Changing the journal mode takes an exclusive lock *without* SQLite's busy handler,
 *  so concurrent first openers can get SQLITE_BUSY at once: retry for a while. */
function enableWal(db: Database.Database): void {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if (db.pragma("journal_mode", { simple: true }) === "wal") return;
      db.pragma("journal_mode = WAL");
      return;
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith("SQLITE_BUSY") !== true || Date.now() > deadline) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + Math.floor(Math.random() * 20));
    }
  }
}

function migrate(db: Database.Database, file: string): void {
  const version = () => db.pragma("user_version", { simple: true }) as number;
  const found = version();
  if (found > SCHEMA_VERSION) {
    db.close();
    throw new StoreError("db-version",
      `store database '${file}' has schema version ${found}, newer than this tk supports (${SCHEMA_VERSION})`, file);
  }
  while (version() < SCHEMA_VERSION) {
    db.transaction(() => {
      const v = version(); // re-read under the write lock: another process may have migrated
      if (v >= SCHEMA_VERSION) return;
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
