// The memoised closure of valid paths agrees with the store's own closure query.
import { describe, expect, it } from "vitest";
import { ClosureCache } from "../../builders/closure.js";
import { addDrv, build, outRef, testStore } from "./helpers.js";


describe("ClosureCache", () => {
  it("matches store.closure on a chain with a shared input and self-references", async () => {
    const t = testStore();
    const s = t.store;
    const base = addDrv(s, { name: "base", script: "echo $out > $out" });
    let prev = base;
    const all = [base];
    for (let i = 0; i < 5; i++) {
      prev = addDrv(s, { name: `c${i}`, script: `echo ${outRef(s, prev)} ${outRef(s, base)} > $out`, inputs: [{ drvPath: prev }, { drvPath: base }] });
      all.push(prev);
    }
    await build(s, [prev]);
    const cache = new ClosureCache(s);
    for (const d of [...all].reverse()) {
      const p = outRef(s, d);
      expect([...cache.closure([p])].sort()).toEqual([...s.closure([p])].sort());
    }
    expect(cache.closure([outRef(s, prev)]).size).toBe(7 - 1);
  });
});
