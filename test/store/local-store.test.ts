// Tests of LocalStore: adding text/paths (Nix-identical paths and hashes), registration of built
// paths (canonicalisation, references, self-references), closures, drvs, realisations, schema upgrade.
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StoreError } from "../../store/errors.js";
import { formatHash, hashOf } from "../../store/hash.js";
import { LocalStore, STAGING_DIR } from "../../store/local-store.js";
import { narHashOf } from "../../store/nar.js";
import { makeTree } from "./tree.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-ls-"));
afterAll(() => { execFileSync("chmod", ["-R", "u+w", tmp]); fs.rmSync(tmp, { recursive: true, force: true }); });
const goldenFile = new URL("./goldens/add.json", import.meta.url);
const haveNix = (() => { try { execFileSync("nix-store", ["--version"]); return true; } catch { return false; } })();
let n = 0;
function openStore(): LocalStore {
  const root = path.join(tmp, `root${++n}`);
  return LocalStore.open({ storeDir: "/nix/store", storeRoot: root, stateDir: root + "/var" });
}
const tree = path.join(tmp, "tree");
makeTree(tree);
const flatFile = path.join(tmp, "flat.txt");
fs.writeFileSync(flatFile, "flat contents\n");

if (process.env.TK_RECORD_GOLDENS && haveNix) {
  const conf = fs.mkdtempSync(path.join(tmp, "conf-"));
  fs.writeFileSync(path.join(conf, "nix.conf"), "experimental-features = nix-command\nbuild-users-group =\n");
  const env = { ...process.env, NIX_CONF_DIR: conf };
  const st = ["--store", path.join(tmp, "nixroot")];
  const sh = (...a: string[]) => execFileSync(a[0], a.slice(1), { env }).toString().trim();
  const recursive = sh("nix-store", ...st, "--add", tree);
  const flat = sh("nix-store", ...st, "--add-fixed", "sha256", flatFile);
  const text = sh("nix-instantiate", ...st, "--eval", "--read-write-mode", "-E",
    'let a = builtins.toFile "a.txt" "A"; in builtins.toFile "b.txt" "B ${a}"').replace(/"/g, "");
  const info = JSON.parse(sh("nix", ...st, "path-info", "--json", recursive, flat, text));
  fs.writeFileSync(goldenFile, JSON.stringify({ recursive, flat, text, info }, null, 1) + "\n");
}
const golden = JSON.parse(fs.readFileSync(goldenFile, "utf8"));
const goldenInfo = (p: string) => golden.info.find((i: { path: string }) => i.path === p);

describe("LocalStore adding", () => {
  it("adds text, source trees and flat files at Nix's paths with Nix's metadata", () => {
    const s = openStore();
    const a = s.addTextToStore("a.txt", "A", []);
    const b = s.addTextToStore("b.txt", `B ${a}`, [a]);
    expect(b).toBe(golden.text);
    const r = s.addPathToStore(tree, { method: "recursive" });
    expect(r).toBe(golden.recursive);
    const f = s.addPathToStore(flatFile, { method: "flat" });
    expect(f).toBe(golden.flat);
    for (const p of [b, r, f]) {
      const info = s.queryPathInfo(p)!;
      const g = goldenInfo(p);
      expect(formatHash(info.narHash, "sri")).toBe(g.narHash);
      expect(info.narSize).toBe(g.narSize);
      expect(info.references).toEqual(g.references);
      expect(info.ca).toBe(g.ca);
      expect(formatHash(narHashOf(s.physical(p)).hash, "sri")).toBe(g.narHash);
    }
    expect(s.addTextToStore("b.txt", `B ${a}`, [a])).toBe(b);
    expect(s.queryPathFromHashPart(b.slice(11, 43))).toBe(b);
    expect(s.queryPathFromHashPart("0".repeat(32))).toBeUndefined();
    s.addSignatures(b, ["k2:sig", "k1:sig"]);
    s.addSignatures(b, ["k1:sig"]);
    expect(s.queryPathInfo(b)!.sigs).toEqual(["k1:sig", "k2:sig"]);
    expect(fs.readdirSync(s.physical("/nix/store/" + STAGING_DIR + "/" + process.pid))).toEqual([]);
    s.close();
  });
  it("canonicalises added files: read-only, mtime 1", () => {
    const s = openStore();
    const r = s.addPathToStore(tree, { method: "recursive" });
    const st = fs.statSync(s.physical(r) + "/bin/run");
    expect(st.mode & 0o7777).toBe(0o555);
    expect(st.mtimeMs).toBe(1000);
    expect(fs.statSync(s.physical(r) + "/a.txt").mode & 0o7777).toBe(0o444);
    expect(fs.statSync(s.physical(r)).mode & 0o7777).toBe(0o555);
    expect(fs.lstatSync(s.physical(r) + "/link").mtimeMs).toBe(1000);
    s.close();
  });
  it("applies a filter and rejects bad input with StoreError", () => {
    const s = openStore();
    const p = s.addPathToStore(tree, { method: "recursive", name: "filtered", filter: (f, t) => t !== "symlink" && !f.endsWith(".bin") });
    expect(fs.readdirSync(s.physical(p)).sort()).toEqual(["B", "a-b", "a.txt", "bin", "eight", "empty", "emptydir", "nested", "onlyexec-group", "seven", "ünï"].sort());
    expect(fs.existsSync(s.physical(p) + "/nested/up")).toBe(false);
    expect(() => s.addPathToStore(tree, { method: "flat" })).toThrow(/not a regular file/);
    expect(() => s.addPathToStore(path.join(tmp, "missing"), { method: "recursive" })).toThrow(StoreError);
    expect(() => s.addTextToStore("bad name", "x", [])).toThrow(/illegal character/);
    expect(() => s.addTextToStore("x", "x", ["/nix/store/00000000000000000000000000000000-missing"])).toThrow(/not valid/);
    s.close();
  });
});

describe("LocalStore registration", () => {
  it("registers a built path with scanned references, self-reference and canonical modes", () => {
    const s = openStore();
    const dep = s.addTextToStore("dep", "dependency", []);
    const unrelated = s.addTextToStore("unrelated", "nope", []);
    const out = "/nix/store/" + "1".repeat(32) + "-built";
    const phys = s.physical(out);
    fs.mkdirSync(phys + "/bin", { recursive: true });
    fs.writeFileSync(phys + "/bin/tool", `#!/bin/sh\nexec ${dep}\n# me: ${out}\n`, { mode: 0o4755 });
    fs.symlinkSync(dep, phys + "/link");
    const info = s.registerBuiltPath(out, { referenceCandidates: [dep, unrelated], deriver: "/nix/store/" + "2".repeat(32) + "-built.drv" });
    expect(info.references).toEqual([out, dep].sort());
    expect(s.queryPathInfo(out)).toEqual(info);
    expect(info.narHash).toEqual(narHashOf(phys).hash);
    expect(fs.statSync(phys + "/bin/tool").mode & 0o7777).toBe(0o555);
    expect(s.closure([out])).toEqual(new Set([out, dep]));
    expect(s.queryReferrers(dep)).toEqual([out]);
    expect(() => s.deleteInvalidPath(out)).toThrow(/refusing/);
    expect(() => s.invalidatePath(dep)).toThrow(/still referenced/);
    s.invalidatePath(out);
    expect(s.isValidPath(out)).toBe(false);
    s.deleteInvalidPath(out);
    expect(fs.existsSync(phys)).toBe(false);
    s.close();
  });
  it("records derivation outputs and reads derivations; registers realisations", () => {
    const s = openStore();
    const g = JSON.parse(fs.readFileSync(new URL("./goldens/drvs.json", import.meta.url), "utf8"));
    const simple = g.paths.find((p: { path: string }) => p.path.endsWith("-simple.drv"));
    const drvPath = s.addTextToStore("simple.drv", simple.contents, []);
    expect(drvPath).toBe(simple.path);
    const drv = s.readDerivation(drvPath);
    const outPath = drv.outputs.get("out")!.path;
    expect(s.queryDerivationOutputs(drvPath)).toEqual(new Map([["out", outPath]]));
    expect(s.queryValidDerivers(outPath)).toEqual([drvPath]);
    expect(() => s.readDerivation("/nix/store/" + "3".repeat(32) + "-x.drv")).toThrow(StoreError);
    fs.writeFileSync(s.physical(outPath), "hi\n");
    s.registerBuiltPath(outPath, { referenceCandidates: [], deriver: drvPath });
    const h = hashOf("sha256", "x");
    const id = `sha256:${h.bytes.toString("hex")}!out`;
    s.registerRealisation({ id, outPath: outPath.slice(11), signatures: [], dependentRealisations: {} });
    expect(s.queryRealisation(id)).toEqual({ id, outPath: outPath.slice(11), signatures: [], dependentRealisations: {} });
    expect(s.queryRealisation(`${formatHash(h, "sri")}!out`)?.id).toBe(id);
    expect(s.queryRealisation(`sha256:${"0".repeat(64)}!out`)).toBeUndefined();
    expect(() => s.registerRealisation({ id, outPath: "0".repeat(32) + "-x", signatures: [], dependentRealisations: {} })).toThrow(/not valid/);
    s.close();
  });
  it("upgrades a version-1 database and refuses a newer one", () => {
    const root = path.join(tmp, "upgrade");
    fs.mkdirSync(root + "/var/db", { recursive: true });
    const db = new Database(root + "/var/db/db.sqlite");
    db.exec("CREATE TABLE ValidPaths (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, path TEXT UNIQUE NOT NULL, hash TEXT NOT NULL, registrationTime INTEGER NOT NULL, deriver TEXT, narSize INTEGER, ultimate INTEGER, sigs TEXT, ca TEXT); CREATE TABLE Refs (referrer INTEGER NOT NULL, reference INTEGER NOT NULL, PRIMARY KEY (referrer, reference)); CREATE TABLE DerivationOutputs (drv INTEGER NOT NULL, id TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (drv, id)); PRAGMA user_version = 1;");
    db.close();
    const cfg = { storeDir: "/nix/store", storeRoot: root, stateDir: root + "/var" };
    const s = LocalStore.open(cfg);
    expect(s.db.pragma("user_version", { simple: true })).toBe(2);
    s.close();
    const db2 = new Database(root + "/var/db/db.sqlite");
    db2.pragma("user_version = 99");
    db2.close();
    expect(() => LocalStore.open(cfg)).toThrow(/newer than this tk supports/);
  });
  it("cleans staging leftovers of dead processes on open", () => {
    const s = openStore();
    const stage = s.physicalStoreDir + "/" + STAGING_DIR;
    fs.mkdirSync(stage + "/999999/1-x", { recursive: true });
    fs.mkdirSync(stage + "/" + process.pid + "/1-mine", { recursive: true });
    const cfg = s.config;
    s.close();
    LocalStore.open(cfg).close();
    expect(fs.readdirSync(stage)).toEqual([String(process.pid)]);
  });
});
