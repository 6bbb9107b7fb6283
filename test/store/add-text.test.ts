// Tests of the lock-free text-path write (store/add-to-store.ts addText) and of the kept-open
// temp-roots file (store/temp-roots.ts): what a concurrent writer, a leftover, a removed state dir
// and a registered .drv look like afterwards.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalStore } from "../../store/local-store.js";
import { readTempRoots } from "../../store/temp-roots.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-addtext-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function openStore(root = path.join(tmp, `root${++n}`)): LocalStore {
  return LocalStore.open({ storeDir: "/nix/store", storeRoot: root, stateDir: root + "/var" });
}
const DRV = 'Derive([("out","/nix/store/0ixaz6nw6cm4fnzhw7yc2g8pf2ha2fzr-t","","")],[],[],"x86_64-linux","/bin/sh",[],[("name","t"),("out","/nix/store/0ixaz6nw6cm4fnzhw7yc2g8pf2ha2fzr-t"),("system","x86_64-linux")])';

describe("addTextToStore", () => {
  it("writes a canonical read-only file, registers it and records a .drv's outputs", () => {
    const s = openStore();
    try {
      const p = s.addTextToStore("t.drv", DRV, []);
      const st = fs.statSync(s.physical(p));
      expect(st.mode & 0o7777).toBe(0o444);
      expect(st.mtimeMs).toBe(1000);
      expect(fs.readFileSync(s.physical(p), "utf8")).toBe(DRV);
      expect(s.queries.derivationOutputs(p).get("out")).toBe("/nix/store/0ixaz6nw6cm4fnzhw7yc2g8pf2ha2fzr-t");
      expect(fs.readdirSync(path.join(s.physicalStoreDir, ".tk-staging", String(process.pid)))).toEqual([]);
    } finally {
      s.close();
    }
  });

  it("replaces an identical unregistered file and clears a leftover directory in the way", () => {
    const s = openStore();
    try {
      const p1 = s.addTextToStore("a.txt", "A", []);
      s.invalidatePath(p1); // unregistered but present, as after a crash before registering
      expect(s.addTextToStore("a.txt", "A", [])).toBe(p1);
      expect(s.queries.isValid(p1)).toBe(true);
      const p2 = s.addTextToStore("b.txt", "B", []);
      s.invalidatePath(p2);
      fs.rmSync(s.physical(p2), { force: true });
      fs.mkdirSync(path.join(s.physical(p2), "junk"), { recursive: true });
      expect(s.addTextToStore("b.txt", "B", [])).toBe(p2);
      expect(fs.readFileSync(s.physical(p2), "utf8")).toBe("B");
    } finally {
      s.close();
    }
  });

  it("keeps temp roots when the state dir is removed and recreated under an open store", () => {
    const root = path.join(tmp, "reused");
    const s1 = openStore(root);
    s1.addTextToStore("c.txt", "C", []);
    s1.close();
    fs.rmSync(root, { recursive: true, force: true });
    const s2 = openStore(root);
    try {
      const p = s2.addTextToStore("d.txt", "D", []);
      expect(readTempRoots(root + "/var").has(p)).toBe(true);
    } finally {
      s2.close();
    }
  });
});
