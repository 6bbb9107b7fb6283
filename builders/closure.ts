// Closures of valid store paths, memoised for the length of one realise call: a valid path's
// references never change, so each path's closure is computed once from its references (a chain of
// N derivations then costs N set unions instead of N database walks of growing length).
import type { LocalStore } from "../store/local-store.js";

/** Memoised closure computation over a store's valid paths. */
export class ClosureCache {
  private readonly memo = new Map<string, Set<string>>();

  constructor(private readonly store: LocalStore) {}

  /** The closure (the paths themselves and everything they reference, transitively). */
  closure(paths: Iterable<string>): Set<string> {
    const result = new Set<string>();
    for (const p of paths) for (const q of this.of(p)) result.add(q);
    return result;
  }

  private of(root: string): Set<string> {
    const done = this.memo.get(root);
    if (done) return done;
    // Iterative post-order over references not yet memoised (chains can be thousands deep).
    const stack: Array<{ p: string; refs: string[]; i: number }> = [];
    const visiting = new Set<string>();
    const added: string[] = [];
    const push = (p: string): void => {
      const info = this.store.queryPathInfo(p);
      visiting.add(p);
      stack.push({ p, refs: info ? info.references.filter((r) => r !== p) : [], i: 0 });
    };
    push(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.i < top.refs.length) {
        const r = top.refs[top.i++]!;
        if (visiting.has(r)) {
          // A reference cycle (e.g. imported outputs referring to each other): no memoising here.
          for (const a of added) this.memo.delete(a);
          const full = this.store.closure([root]);
          this.memo.set(root, full);
          return full;
        }
        if (!this.memo.has(r)) push(r);
        continue;
      }
      const set = new Set<string>([top.p]);
      for (const r of top.refs) for (const q of this.memo.get(r)!) set.add(q);
      this.memo.set(top.p, set);
      added.push(top.p);
      visiting.delete(top.p);
      stack.pop();
    }
    return this.memo.get(root)!;
  }
}
