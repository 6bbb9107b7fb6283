// Lazily loaded npm dependencies of store/: better-sqlite3 (a native addon) and ssri cost tens of
// milliseconds to load, so commands that never open the database or print SRI hashes skip them.
import type BetterSqlite3 from "better-sqlite3";
import { createRequire } from "node:module";
import type ssriType from "ssri";

const require = createRequire(import.meta.url);
let sqlite: typeof BetterSqlite3 | undefined;
let ssriMod: typeof ssriType | undefined;

/** The better-sqlite3 Database constructor, loaded on first use. */
export function sqliteDatabase(): typeof BetterSqlite3 {
  return (sqlite ??= require("better-sqlite3") as typeof BetterSqlite3);
}

/** The ssri module, loaded on first use. */
export function ssri(): typeof ssriType {
  return (ssriMod ??= require("ssri") as typeof ssriType);
}
