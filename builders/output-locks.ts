// The path locks of a build's outputs, taken without blocking the event loop: all or none, tried at
// once (LocalStore.tryLockPaths), and while another process holds one of them the build waits
// (polling, with back-off) instead of blocking tk in a lock call. A build holds its own locks while
// it waits for others', so a blocking wait could deadlock two tk processes that build overlapping
// graphs in different orders; and with blocking waits tk could not look after its other running
// builds meanwhile.
import type { Lock } from "../store/locks.js";
import type { LocalStore } from "../store/local-store.js";
import { BuildError } from "../store/errors.js";

/** Longest pause between two attempts while another process holds a lock (ms). */
const MAX_POLL_MS = 100;

/** Locks all of `paths`, waiting (asynchronously) while another process holds any of them. Rejects
 *  with a BuildError when `signal` aborts the wait. */
export async function lockOutputs(store: LocalStore, paths: string[], signal?: AbortSignal): Promise<Lock> {
  let pause = 2;
  for (;;) {
    const lock = store.tryLockPaths(paths);
    if (lock !== undefined) return lock;
    if (signal?.aborted) throw new BuildError("cancelled", `cancelled while waiting for the lock on '${paths[0]}'`, paths[0]!);
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(MAX_POLL_MS, pause * 2);
  }
}
