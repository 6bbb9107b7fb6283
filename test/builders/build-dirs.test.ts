// BuildDirPool: empty 0700 build dirs under one private root, reuse of dirs their build left empty and
// untouched, removal of anything else (even read-only leftovers), kept failed build dirs, and the
// root removed at close unless something was kept.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BuildDirPool, removeTree } from "../../builders/build-dirs.js";

describe("BuildDirPool", () => {
  it("makes distinct empty 0700 build dirs in one private 0700 root, and removes them all at close", async () => {
    const pool = new BuildDirPool();
    const a = pool.make();
    const b = pool.make();
    expect(a.buildDir).not.toBe(b.buildDir);
    expect(path.dirname(a.buildDir)).toBe(path.dirname(b.buildDir));
    const root = path.dirname(a.buildDir);
    expect(fs.statSync(root).mode & 0o777).toBe(0o700);
    expect(fs.statSync(a.buildDir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(a.buildDir)).toEqual([]);
    // a builder's leftovers, including a read-only dir
    fs.mkdirSync(path.join(b.buildDir, "ro"));
    fs.writeFileSync(path.join(b.buildDir, "ro", "f"), "x");
    fs.chmodSync(path.join(b.buildDir, "ro"), 0o555);
    pool.remove(a);
    pool.remove(b);
    await pool.close();
    expect(fs.existsSync(root)).toBe(false);
  });

  it("hands a dir its build left empty and untouched to the next build; never one with leftovers or other permissions", async () => {
    const pool = new BuildDirPool();
    const a = pool.make();
    pool.remove(a);
    const b = pool.make();
    expect(b.buildDir).toBe(a.buildDir);
    fs.writeFileSync(path.join(b.buildDir, "leftover"), "x");
    pool.remove(b);
    const c = pool.make();
    expect(c.buildDir).not.toBe(b.buildDir);
    expect(fs.readdirSync(c.buildDir)).toEqual([]);
    fs.chmodSync(c.buildDir, 0o755);
    pool.remove(c);
    const d = pool.make();
    expect(d.buildDir).not.toBe(c.buildDir);
    expect(fs.statSync(d.buildDir).mode & 0o777).toBe(0o700);
    pool.remove(d);
    await pool.close();
    expect(fs.existsSync(path.dirname(a.buildDir))).toBe(false);
  });

  it("removes a sandboxed build's staging dir and options file; keep() keeps the build dir, renamed with the derivation name", async () => {
    const pool = new BuildDirPool();
    const d = { ...pool.make(), sandboxed: true };
    fs.mkdirSync(d.staging);
    fs.writeFileSync(path.join(d.staging, "partial-output"), "x");
    fs.writeFileSync(d.argsFile, "--args");
    fs.writeFileSync(path.join(d.buildDir, "evidence"), "x");
    const kept = pool.keep(d, "hello-1.0");
    expect(path.basename(kept)).toBe(`${path.basename(d.buildDir)}-hello-1.0`);
    await pool.close();
    expect(fs.existsSync(d.staging)).toBe(false);
    expect(fs.existsSync(d.argsFile)).toBe(false);
    expect(fs.readFileSync(path.join(kept, "evidence"), "utf8")).toBe("x");
    removeTree(path.dirname(kept));
  });

  it("makes a new root after close", async () => {
    const pool = new BuildDirPool();
    const a = pool.make();
    pool.remove(a);
    await pool.close();
    const b = pool.make();
    expect(fs.existsSync(b.buildDir)).toBe(true);
    expect(path.dirname(b.buildDir)).not.toBe(path.dirname(a.buildDir));
    pool.remove(b);
    await pool.close();
    expect(fs.existsSync(path.dirname(b.buildDir))).toBe(false);
  });
});
