// Tests of copying a tree into staging while hashing it (store/copy-hashing.ts): the hash and size
// are the source's NAR hash, the copy has the same NAR, filters apply, and bad input is a StoreError
// — on this thread and through the reader thread that copies big trees.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyTreeHashing } from "../../store/copy-hashing.js";
import { StoreError } from "../../store/errors.js";
import { deleteTree } from "../../store/fs-util.js";
import { hashEquals } from "../../store/hash.js";
import { narHashOf } from "../../store/nar.js";
import { makeTree } from "./tree.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-copyhash-"));
afterAll(() => deleteTree(tmp));
const src = path.join(tmp, "src");
makeTree(src);

/** `got` is the NAR hash and size of `src`, `dest` has the same NAR, and its files are made as the
 *  store keeps them (read-only, mtime 1), empty files and symlinks included. */
function expectStoreCopy(dest: string, got: ReturnType<typeof copyTreeHashing>): void {
  const want = narHashOf(src);
  expect(hashEquals(got.hash, want.hash)).toBe(true);
  expect(got.size).toBe(want.size);
  expect(hashEquals(narHashOf(dest).hash, want.hash)).toBe(true);
  expect(fs.statSync(path.join(dest, "bin/run")).mode & 0o777).toBe(0o555);
  expect(fs.statSync(path.join(dest, "onlyexec-group")).mode & 0o777).toBe(0o444);
  expect(fs.statSync(path.join(dest, "big.bin")).mode & 0o777).toBe(0o444);
  expect(fs.statSync(path.join(dest, "big.bin")).mtimeMs).toBe(1000);
  expect(fs.statSync(path.join(dest, "empty")).size).toBe(0);
  expect(fs.readlinkSync(path.join(dest, "nested/up"))).toBe("../..");
  expect(fs.readlinkSync(path.join(dest, "dangling"))).toBe("/nonexistent/abs");
}

describe("copyTreeHashing", () => {
  it("copies a tree of every node kind, returning its NAR hash and size", () => {
    const dest = path.join(tmp, "copy1");
    expectStoreCopy(dest, copyTreeHashing(src, dest));
  });

  it("copies a single file or symlink as the root", () => {
    for (const name of ["big.bin", "empty", "link"]) {
      const dest = path.join(tmp, `one-${name}`);
      const got = copyTreeHashing(path.join(src, name), dest);
      expect(hashEquals(got.hash, narHashOf(path.join(src, name)).hash)).toBe(true);
      expect(hashEquals(narHashOf(dest).hash, got.hash)).toBe(true);
    }
  });

  it("applies the filter below the root, hashing what it copies", () => {
    const filter = (p: string) => !p.endsWith("/nested") && !p.endsWith(".bin");
    const dest = path.join(tmp, "filtered");
    const got = copyTreeHashing(src, dest, filter);
    expect(hashEquals(got.hash, narHashOf(src, filter).hash)).toBe(true);
    expect(fs.existsSync(path.join(dest, "nested"))).toBe(false);
    expect(fs.existsSync(path.join(dest, "big.bin"))).toBe(false);
    expect(hashEquals(narHashOf(dest).hash, got.hash)).toBe(true);
  });

  it("rejects unsupported files and unreadable sources with a StoreError", () => {
    const odd = path.join(tmp, "odd");
    fs.mkdirSync(odd);
    execFileSync("mkfifo", [path.join(odd, "fifo")]);
    expect(() => copyTreeHashing(odd, path.join(tmp, "odd-copy"))).toThrow(/unsupported type/);
    expect(() => copyTreeHashing(path.join(tmp, "missing"), path.join(tmp, "m-copy"))).toThrow(StoreError);
    expect(() => copyTreeHashing(src, path.join(tmp, "copy1"))).toThrow(/EEXIST|exists/);
  });

  it("copies through the reader thread: same hash, size, modes, links and empty files", () => {
    for (const minBytes of [0, 1 << 20]) {
      const dest = path.join(tmp, `threaded-${minBytes}`);
      expectStoreCopy(dest, copyTreeHashing(src, dest, undefined, { minBytes, overlapBytes: 1000 }));
    }
    const filter = (p: string) => !p.endsWith("/nested") && !p.endsWith("/empty");
    const got = copyTreeHashing(src, path.join(tmp, "threaded-filtered"), filter, { minBytes: 0, overlapBytes: 0 });
    expect(hashEquals(got.hash, narHashOf(src, filter).hash)).toBe(true);
    expect(fs.existsSync(path.join(tmp, "threaded-filtered", "empty"))).toBe(false);
  });

  it("reports a failed write or a vanished source through the reader thread as a StoreError naming the file", () => {
    const dir = path.join(tmp, "ten");
    fs.mkdirSync(dir);
    for (let i = 0; i < 10; i++) fs.writeFileSync(path.join(dir, `f${i}`), Buffer.alloc(300000, i));
    const clash = path.join(tmp, "clash");
    // the filter runs during the walk, after the copy's directory exists and before f3 is copied
    const occupy = (p: string) => {
      if (p.endsWith("/f7")) fs.writeFileSync(path.join(clash, "f3"), "in the way");
      return true;
    };
    expect(() => copyTreeHashing(dir, clash, occupy, { minBytes: 0, overlapBytes: 0 })).toThrow(/cannot copy '.*\/ten\/f3' into the store: EEXIST/);
    const vanish = (p: string) => {
      if (p.endsWith("/f7")) fs.rmSync(path.join(dir, "f3"));
      return true;
    };
    let err: unknown;
    try {
      copyTreeHashing(dir, path.join(tmp, "vanished"), vanish, { minBytes: 0, overlapBytes: 0 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/cannot read '.*\/ten\/f3'.*ENOENT/);
  });
});
