// Tests of deferred text-path registration (store/deferred-registrations.ts, used by the evaluator's
// store glue): queued paths count as valid for their process, any other read writes the queue, a
// full queue and close() write it, and `tk gc` in between neither sweeps a queued file nor the
// references it will need.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFERRED_LIMIT } from "../../store/deferred-registrations.js";
import { collectGarbage } from "../../store/gc.js";
import { hashOf, hashEquals } from "../../store/hash.js";
import { LocalStore } from "../../store/local-store.js";
import { narOfBytes } from "../../store/nar.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-deferred-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function config(root: string) {
  return { storeDir: "/nix/store", storeRoot: root, stateDir: root + "/var" };
}
function freshRoot(): string {
  return path.join(tmp, `root${++n}`);
}

describe("deferred text registrations", () => {
  it("answers isValidPath from the queue and writes it before any other read", () => {
    const s = LocalStore.open(config(freshRoot()));
    try {
      s.deferTextRegistrations();
      const a = s.addTextToStore("a.txt", "A", []);
      const b = s.addTextToStore("b.txt", "B refers to " + a, [a]);
      expect(fs.readFileSync(s.physical(b), "utf8")).toBe("B refers to " + a);
      expect(s.isValidPath(a) && s.isValidPath(b)).toBe(true);
      expect(s.queries.isValid(a) || s.queries.isValid(b)).toBe(false); // not written yet
      const info = s.queryPathInfo(b); // a read: the queue is written first, in order
      expect(info?.references).toEqual([a]);
      expect(hashEquals(info!.narHash, hashOf("sha256", narOfBytes(Buffer.from("B refers to " + a))))).toBe(true);
      expect(s.queries.isValid(a) && s.queries.isValid(b)).toBe(true);
    } finally {
      s.close();
    }
  });

  it("writes a full queue by itself and the rest at close()", () => {
    const root = freshRoot();
    const s = LocalStore.open(config(root));
    const paths: string[] = [];
    s.deferTextRegistrations();
    for (let i = 0; i <= DEFERRED_LIMIT; i++) paths.push(s.addTextToStore(`t${i}.txt`, `text ${i}`, []));
    expect(s.queries.isValid(paths[DEFERRED_LIMIT - 1])).toBe(true);
    expect(s.queries.isValid(paths[DEFERRED_LIMIT])).toBe(false);
    s.close();
    const again = LocalStore.open(config(root));
    try {
      expect(paths.every((p) => again.isValidPath(p))).toBe(true);
    } finally {
      again.close();
    }
  });

  it("a collector running meanwhile spares the queued file and its references", () => {
    const root = freshRoot();
    const writer = LocalStore.open(config(root));
    const collector = LocalStore.open(config(root));
    try {
      const dep = writer.addTextToStore("dep.txt", "dep", []); // registered at once: nothing deferred yet
      writer.deferTextRegistrations();
      const top = writer.addTextToStore("top.txt", "top " + dep, [dep]);
      const stray = "/nix/store/0ixaz6nw6cm4fnzhw7yc2g8pf2ha2fzr-stray";
      fs.writeFileSync(collector.physical(stray), "left over by a crash");
      const r = collectGarbage(collector);
      expect(r.leftoversRemoved).toEqual([stray]); // the sweep works, and skips the queued file
      expect(fs.existsSync(collector.physical(top))).toBe(true);
      expect(r.deleted).not.toContain(dep); // a temp root of the writer
      writer.flushRegistrations();
      expect(collector.queryPathInfo(top)?.references).toEqual([dep]);
    } finally {
      writer.close();
      collector.close();
    }
  });
});
