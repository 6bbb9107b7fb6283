// Permission handling as an unprivileged user (root hides EACCES on read-only store directories):
// when run as root with setpriv available, a child running as `nobody` adds a tree, registers a
// built path and collects garbage in a fresh store. As non-root, the same runs in-process.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileStore } from "./compile-store.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-nonroot-"));
afterAll(() => { execFileSync("chmod", ["-R", "u+w", tmp]); fs.rmSync(tmp, { recursive: true, force: true }); });

const script = (js: string, root: string, src: string) => `
(async () => {
  const { LocalStore } = await import(${JSON.stringify(js + "/local-store.js")});
  const { collectGarbage } = await import(${JSON.stringify(js + "/gc.js")});
  const fs = require("fs");
  const s = LocalStore.open({ storeDir: "/tk/store", storeRoot: ${JSON.stringify(root)}, stateDir: ${JSON.stringify(root + "/var")} });
  const p = s.addPathToStore(${JSON.stringify(src)}, { method: "recursive" });
  const t = s.addTextToStore("x", "x " + p, [p]);
  const o = "/tk/store/" + "1".repeat(32) + "-out";
  fs.mkdirSync(s.physical(o) + "/sub", { recursive: true });
  fs.writeFileSync(s.physical(o) + "/sub/f", p);
  const refs = s.registerBuiltPath(o, { referenceCandidates: [p, t] }).references;
  fs.rmSync(${JSON.stringify(root + "/var/temproots/")} + process.pid);
  const deleted = collectGarbage(s).deleted.length;
  console.log(JSON.stringify({ refs, deleted, left: fs.readdirSync(s.physicalStoreDir) }));
})().catch((e) => { console.error(e); process.exit(1); });`;

describe("unprivileged use", () => {
  it("adds, registers and collects read-only trees without root", () => {
    const js = compileStore();
    try {
      const src = path.join(tmp, "src");
      fs.mkdirSync(src + "/d/e", { recursive: true });
      fs.writeFileSync(src + "/d/e/f", "x");
      fs.chmodSync(src + "/d/e", 0o555);
      const root = path.join(tmp, "root");
      const asRoot = process.getuid?.() === 0;
      if (asRoot) {
        fs.chmodSync(tmp, 0o777);
        execFileSync("chown", ["-R", "nobody", src]);
        fs.mkdirSync(root);
        execFileSync("chown", ["nobody", root]);
        execFileSync("chmod", ["-R", "o+rX", js.dir]);
      }
      const argv = asRoot ? ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", process.execPath]
        : [process.execPath];
      const r = spawnSync(argv[0], [...argv.slice(1), "-e", script(js.dir, root, src)], { encoding: "utf8", cwd: tmp });
      expect(r.stderr).toBe("");
      const out = JSON.parse(r.stdout);
      expect(out.refs.length).toBe(1);
      expect(out.deleted).toBe(3);
      expect(out.left).toEqual([".tk-staging"]);
    } finally {
      js.cleanup();
    }
  });
});
