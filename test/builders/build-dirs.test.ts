// BuildDirPool: fresh build dirs under one private root, removal of empty and non-empty (even
// read-only) dirs, kept build dirs, and the root removed at close unless something was kept.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BuildDirPool, removeTree } from "../../builders/build-dirs.js";

describe("BuildDirPool", () => {
  it("makes distinct empty 0700 build dirs in one private root, and removes them all at close", async () => {
    const pool = new BuildDirPool();
    const a = pool.make("hello-1.0");
    const b = pool.make("hello-1.0");
    expect(a.buildDir).not.toBe(b.buildDir);
    expect(path.dirname(a.buildDir)).toBe(path.dirname(b.buildDir));
    expect(path.basename(a.buildDir)).toMatch(/^\d+-hello-1\.0$/);
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

  it("removes a sandboxed build's staging dir and options file; keepBuildDir keeps the build dir and the root", async () => {
    const pool = new BuildDirPool();
    const d = { ...pool.make("kept"), sandboxed: true };
    fs.mkdirSync(d.staging);
    fs.writeFileSync(path.join(d.staging, "partial-output"), "x");
    fs.writeFileSync(d.argsFile, "--args");
    fs.writeFileSync(path.join(d.buildDir, "evidence"), "x");
    pool.remove(d, true);
    await pool.close();
    expect(fs.existsSync(d.staging)).toBe(false);
    expect(fs.existsSync(d.argsFile)).toBe(false);
    expect(fs.readFileSync(path.join(d.buildDir, "evidence"), "utf8")).toBe("x");
    removeTree(path.dirname(d.buildDir));
  });

  it("makes a new root after close", async () => {
    const pool = new BuildDirPool();
    const a = pool.make("x");
    pool.remove(a);
    await pool.close();
    const b = pool.make("x");
    expect(fs.existsSync(b.buildDir)).toBe(true);
    pool.remove(b);
    await pool.close();
    expect(fs.existsSync(path.dirname(b.buildDir))).toBe(false);
  });
});
