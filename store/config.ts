// Where the store lives: the logical store dir (part of every hash), the physical root it is
// relocated under (like Nix's chroot stores), and the state dir (DB, locks, GC roots).
import * as path from "node:path";

/** Logical store dir, physical relocation root ("" = none) and state dir of one store. */
export interface StoreConfig {
  storeDir: string;
  storeRoot: string;
  stateDir: string;
}

/** Reads TK_STORE_DIR (default /tk/store), TK_STORE_ROOT (default "") and TK_STATE_DIR
 *  (default `${storeRoot}/tk/var`). Trailing slashes are removed. */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const storeDir = trimSlash(env.TK_STORE_DIR || "/tk/store");
  const storeRoot = env.TK_STORE_ROOT ? trimSlash(path.resolve(env.TK_STORE_ROOT)) : "";
  const stateDir = env.TK_STATE_DIR ? trimSlash(path.resolve(env.TK_STATE_DIR)) : `${storeRoot}/tk/var`;
  return { storeDir, storeRoot, stateDir };
}

/** The place on disk where the logical `storePath` lives: storeRoot + storePath. */
export function physicalPath(cfg: StoreConfig, storePath: string): string {
  return cfg.storeRoot + storePath;
}

function trimSlash(p: string): string {
  while (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p;
}
