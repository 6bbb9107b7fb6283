// End-to-end tests of the store verbs (built tk): hash, nar, store add/verify/delete, path-info,
// show-derivation, why-depends, gc — compared with Nix goldens and, when installed, live Nix.
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { LocalStore } from "../../store/local-store.js";
import { storeConfigFromEnv } from "../../store/config.js";
import { TK_BIN, tempStore, tk } from "../e2e/harness.js";
import { makeTree } from "./tree.js";

const ts = tempStore("/nix/store");
afterAll(() => ts.cleanup());
const env = ts.env;
const tree = path.join(ts.root, "tree");
makeTree(tree);
const narGolden = JSON.parse(fs.readFileSync(new URL("./goldens/nar.json", import.meta.url), "utf8"));
const addGolden = JSON.parse(fs.readFileSync(new URL("./goldens/add.json", import.meta.url), "utf8"));
const drvGolden = JSON.parse(fs.readFileSync(new URL("./goldens/drvs.json", import.meta.url), "utf8"));
const ok = (args: string[]) => {
  const r = tk(args, { env });
  expect(r.stderr + `(exit ${r.status})`).toMatch(/\(exit 0\)$/);
  return r.stdout;
};

describe("tk hash / tk nar", () => {
  it("hashes paths and files like nix hash", () => {
    expect(ok(["hash", "path", tree]).trim()).toBe(narGolden.tree.sri);
    expect(ok(["hash", "path", "--base16", tree]).trim()).toBe(narGolden.tree.sha256);
    const f = path.join(ts.root, "hello");
    fs.writeFileSync(f, "hello world");
    const hashes = JSON.parse(fs.readFileSync(new URL("./goldens/hashes.json", import.meta.url), "utf8"));
    const g = hashes.find((h: { file: string; type: string }) => h.file === "hello" && h.type === "sha256");
    expect(ok(["hash", "file", "--base32", f]).trim()).toBe(g.base32);
    expect(ok(["hash", "file", "--type", "md5", "--base16", f]).trim()).toBe("5eb63bbbe01eeed093cb22bb8f5acdc3");
    const bad = tk(["hash", "file", "--type", "sha3", f], { env });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("unknown hash algorithm 'sha3'");
  });
  it("dumps, lists, cats and restores NARs", () => {
    const nar = path.join(ts.root, "tree.nar");
    const dumped = execFileSync(process.execPath, [TK_BIN, "nar", "dump", tree], { env, maxBuffer: 1 << 30 });
    fs.writeFileSync(nar, dumped);
    expect(dumped.length).toBe(narGolden.tree.size);
    expect(ok(["nar", "ls", nar]).split("\n")).toContain("./bin");
    expect(ok(["nar", "ls", "-R", "-l", nar, "/bin"])).toBe(`-r-xr-xr-x                   18 ./run\n`);
    expect(ok(["nar", "ls", "-l", nar, "/link"])).toBe(`lrwxrwxrwx                    0 link -> a.txt\n`);
    expect(JSON.parse(ok(["nar", "ls", "--json", nar, "/bin/run"]))).toMatchObject({ type: "regular", size: 18, executable: true });
    expect(ok(["nar", "cat", nar, "/nested/deeper/deepest/file"])).toBe("deep");
    const missing = tk(["nar", "cat", nar, "/nope"], { env });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("does not exist in the NAR");
    ok(["nar", "restore", "--file", nar, path.join(ts.root, "restored")]);
    expect(ok(["hash", "path", path.join(ts.root, "restored")]).trim()).toBe(narGolden.tree.sri);
    fs.writeFileSync(path.join(ts.root, "trunc.nar"), dumped.subarray(0, 1000));
    const tr = tk(["nar", "restore", "--file", path.join(ts.root, "trunc.nar"), path.join(ts.root, "r2")], { env });
    expect(tr.status).toBe(1);
    expect(tr.stderr).toContain("truncated NAR");
  });
});

describe("tk nar dump into a pipe", () => {
  it("writes with fd 1 blocking (no EAGAIN sleeps) and the exact NAR", async () => {
    const big = path.join(ts.root, "big-for-pipe");
    fs.mkdirSync(big);
    fs.writeFileSync(path.join(big, "data"), Buffer.alloc(8 << 20, 5));
    const child = spawn(process.execPath, [TK_BIN, "nar", "dump", big], { env, stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.pause();
    // nobody reads yet: once the pipe is full, tk must sit in write(2) (syscall 1), not sleep and retry
    let blockedInWrite = false;
    for (let i = 0; i < 200 && !blockedInWrite; i++) {
      await new Promise((r) => setTimeout(r, 50));
      blockedInWrite = /^1 /.test(fs.readFileSync(`/proc/${child.pid}/syscall`, "utf8"));
    }
    expect(blockedInWrite).toBe(true);
    const flags = parseInt(/flags:\s*(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/fdinfo/1`, "utf8"))![1]!, 8);
    expect(flags & 0o4000).toBe(0); // O_NONBLOCK
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stdout.resume();
    const status = await new Promise((r) => child.on("close", r));
    expect(status).toBe(0);
    expect(Buffer.concat(chunks).equals(execFileSync(process.execPath, [TK_BIN, "nar", "dump", big], { env, maxBuffer: 1 << 26 }))).toBe(true);
    try {
      expect(Buffer.concat(chunks).equals(execFileSync("nix-store", ["--dump", big], { maxBuffer: 1 << 26 }))).toBe(true);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e; // no nix-store here
    }
  });
});

describe("tk store / path-info / show-derivation / why-depends / gc", () => {
  it("adds paths at Nix's paths and reports them like nix path-info", () => {
    expect(ok(["store", "add", tree]).trim()).toBe(addGolden.recursive);
    const flat = path.join(ts.root, "flat.txt");
    fs.writeFileSync(flat, "flat contents\n");
    expect(ok(["store", "add", "--flat", flat]).trim()).toBe(addGolden.flat);
    const info = JSON.parse(ok(["path-info", "--json", addGolden.recursive]))[0];
    const g = addGolden.info.find((i: { path: string }) => i.path === addGolden.recursive);
    expect({ ...info, registrationTime: 0 }).toEqual({ ...g, registrationTime: 0 });
    expect(ok(["path-info", "-s", addGolden.flat])).toMatch(/^\/nix\/store\/\S+-flat\.txt\t +\d+\n$/);
    // Logical store paths of the relocated store work where a file-system path is expected.
    expect(ok(["hash", "path", addGolden.recursive]).trim()).toBe(narGolden.tree.sri);
    expect(ok(["nar", "dump", addGolden.flat]).length).toBeGreaterThan(100);
  });
  it("shows derivations exactly like nix show-derivation, and explains dependencies", () => {
    const s = LocalStore.open(storeConfigFromEnv(env));
    // Add Nix's source path and text paths (.drv, toFile) in dependency order.
    const src = drvGolden.paths.find((x: { path: string }) => x.path.endsWith("-drvs.nix"));
    expect(s.addPathToStore(fileURLToPath(new URL("./goldens/drvs.nix", import.meta.url)), { method: "recursive" })).toBe(src.path);
    const pending = drvGolden.paths.filter((x: { path: string; ca: string }) => x.ca.startsWith("text:"));
    let progress = true;
    while (pending.length && progress) {
      progress = false;
      for (let i = 0; i < pending.length; i++) {
        const p = pending[i];
        if (p.references.every((r: string) => s.isValidPath(r))) {
          expect(s.addTextToStore(p.path.slice(44), p.contents, p.references)).toBe(p.path);
          pending.splice(i--, 1);
          progress = true;
        }
      }
    }
    s.close();
    const golden = fs.readFileSync(new URL("./goldens/show-derivation.json", import.meta.url), "utf8");
    const names = Object.keys(JSON.parse(golden));
    expect(ok(["show-derivation", ...names])).toBe(golden);
    const rec = JSON.parse(ok(["show-derivation", "-r", names.find((n) => n.endsWith("usefods.drv"))!]));
    expect(Object.keys(rec).length).toBe(7);
    const ref = drvGolden.paths.find((x: { path: string }) => x.path.endsWith("-ref.txt"));
    const hello = ref.references[0];
    expect(ok(["why-depends", ref.path, hello])).toBe(`${ref.path}\n└───${hello}\n`);
    // A three-level chain whose `nix why-depends [--precise]` output (colour codes stripped) was recorded.
    const s2 = LocalStore.open(storeConfigFromEnv(env));
    const a = s2.addTextToStore("a.txt", "A", []);
    const b = s2.addTextToStore("b.txt", `xx ${a} yy`, [a]);
    const c = s2.addTextToStore("c.txt", `line1\nsome text here ${b} and more text after it to be long enough\n`, [b]);
    s2.close();
    expect([a, b, c]).toEqual(["/nix/store/l82nr4gna33sc2g8m4hkkr6r983dlbd6-a.txt",
      "/nix/store/rsg010fffhfxw7mr4cr9ibdi7vk0knqm-b.txt", "/nix/store/ccgxyihz1cmpwscmyjhiaxivfvx22qkc-c.txt"]);
    expect(ok(["why-depends", c, a])).toBe(`${c}\n└───${b}\n    └───${a}\n`);
    expect(ok(["why-depends", "--precise", c, a])).toBe(`${c}\n└───/: …line1.some text here ${b} and more text after it to…\n` +
      `    → ${b}\n    └───/: …xx ${a} yy…\n        → ${a}\n`);
    const none = tk(["why-depends", a, c], { env });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain("does not depend on");
  });
  it("verifies contents, detects corruption, repairs, collects garbage", () => {
    expect(tk(["store", "verify", "--check-contents"], { env }).status).toBe(0);
    const victim = ts.phys(addGolden.flat);
    fs.chmodSync(victim, 0o644);
    fs.writeFileSync(victim, "tampered\n");
    const bad = tk(["store", "verify", "--check-contents"], { env });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`path '${addGolden.flat}' was modified`);
    const repaired = tk(["store", "verify", "--check-contents", "--repair"], { env });
    expect(repaired.status).toBe(0);
    expect(repaired.stderr).toContain(`invalidated and deleted broken path '${addGolden.flat}'`);
    expect(repaired.stderr).toContain("were not repaired but removed: tk has no substituter");
    expect(JSON.parse(ok(["path-info", "--json", addGolden.flat]))[0]).toEqual({ path: addGolden.flat, valid: false });
    expect(ok(["gc", "--dry-run"]).split("\n")).toContain(addGolden.recursive);
    fs.mkdirSync(path.join(env.TK_STATE_DIR!, "gcroots"), { recursive: true });
    fs.symlinkSync(ts.phys(addGolden.recursive), path.join(env.TK_STATE_DIR!, "gcroots", "keep"));
    const del = tk(["store", "delete", addGolden.recursive], { env });
    expect(del.status).toBe(1);
    expect(del.stderr).toContain("still alive");
    const out = ok(["gc"]);
    expect(out).toMatch(/^\d+ store paths deleted, \d+\.\d\d MiB freed\n$/);
    expect(ok(["path-info", addGolden.recursive]).trim()).toBe(addGolden.recursive);
    expect(ok(["gc", "--dry-run"])).toBe("");
  });
});
