// Tests of the sandbox's staging store dirs (sandbox-inputs.ts): small files and symlinks of the
// closure copied with their mode and times, directories and big files left to bind, and a reused dir
// holding exactly the next closure's copies — untouched ones kept, changed ones made again, anything
// else removed. Plus a sandboxed chain built end to end with them.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { COPY_INPUT_MAX_BYTES, StagingStores } from "../../builders/sandbox-inputs.js";
import { DEFAULT_SANDBOX_PATHS } from "../../cli/config.js";
import { addDrv, build, outOf, outRef, testStore } from "./helpers.js";

const haveBwrap = spawnSync("bwrap", ["--ro-bind", "/", "/", "true"]).status === 0;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-staging-test-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fake physical store path `<tmp>/<name>` with its logical path. */
function input(name: string, make: (p: string) => void): [string, string] {
  const phys = path.join(tmp, name);
  make(phys);
  return [`/tk/store/${name.padStart(32, "0").slice(0, 32)}-${name}`, phys];
}

describe("StagingStores", () => {
  it("copies small files (mode, mtime) and symlinks, leaves directories and big files to bind", () => {
    const file = input("file", (p) => { fs.writeFileSync(p, "data\n", { mode: 0o555 }); fs.utimesSync(p, 1, 1); });
    const link = input("link", (p) => fs.symlinkSync("/tk/store/elsewhere", p));
    const dir = input("dir", (p) => fs.mkdirSync(p));
    const big = input("big", (p) => fs.writeFileSync(p, Buffer.alloc(COPY_INPUT_MAX_BYTES + 1)));
    const stores = new StagingStores();
    const staged = stores.acquire(new Map([file, link, dir, big]));
    expect(new Map(staged.binds)).toEqual(new Map([dir, big]));
    const copy = path.join(staged.dir, path.basename(file[0]));
    expect(fs.readFileSync(copy, "utf8")).toBe("data\n");
    expect(fs.statSync(copy).mode & 0o7777).toBe(0o555);
    expect(fs.statSync(copy).mtimeMs).toBe(1000);
    expect(fs.readlinkSync(path.join(staged.dir, path.basename(link[0])))).toBe("/tk/store/elsewhere");
    expect(fs.readdirSync(staged.dir).sort()).toEqual([path.basename(file[0]), path.basename(link[0])].sort());
    stores.release(staged);
    stores.close();
    expect(fs.existsSync(staged.dir)).toBe(false);
  });

  it("a reused dir keeps untouched copies, copies changed ones again and drops everything else", () => {
    const a = input("a", (p) => fs.writeFileSync(p, "a\n", { mode: 0o444 }));
    const b = input("b", (p) => fs.writeFileSync(p, "b\n", { mode: 0o444 }));
    const c = input("c", (p) => fs.writeFileSync(p, "c\n", { mode: 0o444 }));
    const stores = new StagingStores();
    const first = stores.acquire(new Map([a, b]));
    const inoA = fs.statSync(path.join(first.dir, path.basename(a[0]))).ino;
    // What a builder may do to its store dir: change a copy, leave outputs and junk behind.
    const copyB = path.join(first.dir, path.basename(b[0]));
    fs.chmodSync(copyB, 0o644);
    fs.writeFileSync(copyB, "tampered\n");
    fs.chmodSync(copyB, 0o444);
    fs.writeFileSync(path.join(first.dir, "output"), "out");
    fs.mkdirSync(path.join(first.dir, "junk-dir"), { mode: 0o555 });
    stores.release(first);
    const second = stores.acquire(new Map([a, b, c]));
    expect(second.dir).toBe(first.dir);
    expect(fs.readdirSync(second.dir).sort()).toEqual([a, b, c].map(([l]) => path.basename(l)).sort());
    expect(fs.statSync(path.join(second.dir, path.basename(a[0]))).ino).toBe(inoA);
    expect(fs.readFileSync(path.join(second.dir, path.basename(b[0])), "utf8")).toBe("b\n");
    stores.release(second);
    // A smaller closure: copies not in it go.
    const third = stores.acquire(new Map([c]));
    expect(fs.readdirSync(third.dir)).toEqual([path.basename(c[0])]);
    stores.release(third);
    stores.close();
  });

  it("two builds at once get different dirs", () => {
    const stores = new StagingStores();
    const x = stores.acquire(new Map());
    const y = stores.acquire(new Map());
    expect(x.dir).not.toBe(y.dir);
    stores.release(x);
    stores.release(y);
    stores.close();
  });
});

describe.skipIf(!haveBwrap)("a sandboxed chain", () => {
  it("builds with each input visible, and a builder's change to an input copy does not reach the next build", async () => {
    const t = testStore({ relocated: true });
    const s = t.store;
    const first = addDrv(s, { name: "c0", script: "echo 0 > $out" });
    // c1 changes its copy of c0 (it may: the copy is its own); c2 must still see the real c0.
    const c0 = outRef(s, first);
    const second = addDrv(s, { name: "c1", inputs: [{ drvPath: first }],
      script: `/bin/chmod u+w ${c0} && echo tampered > ${c0}; /bin/cat ${c0} > $out; echo ${c0} >> $out` });
    const third = addDrv(s, { name: "c2", inputs: [{ drvPath: second }],
      script: `/bin/cat ${c0} ${outRef(s, second)} > $out` });
    const { result } = await build(s, [third], { sandbox: true, sandboxPaths: DEFAULT_SANDBOX_PATHS });
    expect(fs.readFileSync(s.physical(c0), "utf8")).toBe("0\n");
    expect(fs.readFileSync(s.physical(outOf(result, third)), "utf8")).toBe(`0\ntampered\n${c0}\n`);
  });
});
