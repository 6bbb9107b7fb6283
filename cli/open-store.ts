// Opens the local store named by the environment (TK_STORE_DIR, TK_STORE_ROOT, TK_STATE_DIR).
import { storeConfigFromEnv } from "../store/config.js";
import { LocalStore } from "../store/local-store.js";

/** The LocalStore of this process's environment. */
export function openStore(env = process.env): LocalStore {
  return LocalStore.open(storeConfigFromEnv(env));
}

/** Runs `fn` with the environment's store open, and closes it afterwards whatever happens. */
export function withStore<T>(fn: (store: LocalStore) => T): T {
  const store = openStore();
  try {
    return fn(store);
  } finally {
    store.close();
  }
}
