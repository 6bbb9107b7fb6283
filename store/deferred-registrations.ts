// Registrations of text paths (.drv files, builtins.toFile) held back and written in one SQLite
// transaction: `tk instantiate` writes thousands of .drv files and a transaction each (~110 µs) was
// most of its store time. Only LocalStore uses this, and only once deferTextRegistrations() was
// called (the evaluator's store glue does). Why a queued path is safe before it is registered:
// - its file is already in place, canonical, with exactly the bytes its path names (text paths are
//   renamed over their path);
// - it and its references were made temp roots of this process before it was placed, so `tk gc`
//   neither sweeps the file as an invalid leftover nor deletes a reference it will need;
// - this process sees it: LocalStore.isValidPath answers from the queue and every other read of the
//   database through LocalStore flushes the queue first;
// - a crash loses only registrations: the files are invalid leftovers, swept by the next GC or
//   replaced by the next add of the same path. Other processes see the path invalid until the flush,
//   as they would before the add.
import type { Derivation } from "./drv.js";
import type { PathInfo } from "./path-info.js";
import type { StoreQueries } from "./store-queries.js";

/** Most registrations queued before they are written (bounds memory and how long others wait). */
export const DEFERRED_LIMIT = 1024;

/** A queue of path registrations, written in order in one transaction. */
export class DeferredRegistrations {
  private items: { info: PathInfo; physDrv?: string | Derivation }[] = [];
  private readonly queued = new Set<string>();

  constructor(private readonly queries: StoreQueries, private readonly limit = DEFERRED_LIMIT) {}

  /** True if `p` is queued (it counts as valid for this process). */
  has(p: string): boolean {
    return this.queued.has(p);
  }

  /** Queues a registration (its references must be valid or queued before it); writes the queue
   *  when it is full. */
  add(info: PathInfo, physDrv?: string | Derivation): void {
    this.items.push({ info, physDrv });
    this.queued.add(info.path);
    if (this.items.length >= this.limit) this.flush();
  }

  /** Writes every queued registration in one transaction (all or none), empties the queue and
   *  returns the paths written. */
  flush(): string[] {
    if (this.items.length === 0) return [];
    const items = this.items;
    this.items = [];
    try {
      this.queries.registerAll(items);
    } finally {
      this.queued.clear();
    }
    return items.map((it) => it.info.path);
  }
}
