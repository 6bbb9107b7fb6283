// Tests of dumpPath's chunking (store/nar.ts): chunks of files that cross chunk boundaries give the
// same bytes with fresh or borrowed (reused) buffers, narPieces adds up to the NAR, filters apply,
// and bad input (an unsupported file, a file that shrinks or vanishes while read) is a StoreError
// that closes every descriptor it opened.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StoreError } from "../../store/errors.js";
import { deleteTree } from "../../store/fs-util.js";
import { copyTreeHashing } from "../../store/copy-hashing.js";
import { hashEquals } from "../../store/hash.js";
import { listNar } from "../../store/nar-parse.js";
import { dumpPath, NAR_CHUNK, narHashOf, narPieces } from "../../store/nar.js";
import { makeTree } from "./tree.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-narchunks-"));
afterAll(() => deleteTree(tmp));

function dump(p: string, opts: Parameters<typeof dumpPath>[2] = {}): Buffer {
  const chunks: Buffer[] = [];
  dumpPath(p, (c) => chunks.push(Buffer.from(c)), opts);
  return Buffer.concat(chunks);
}

const openFds = () => fs.readdirSync("/proc/self/fd").length;

/** Files of sizes around the chunk size, many small ones between. */
function boundaryTree(dir: string): void {
  fs.mkdirSync(dir);
  const sizes = [0, 1, NAR_CHUNK - 3, NAR_CHUNK, NAR_CHUNK + 9, 2 * NAR_CHUNK - 100, 5 * NAR_CHUNK + 7];
  sizes.forEach((n, i) => {
    const b = Buffer.alloc(n);
    for (let j = 0; j < n; j += 997) b[j] = (i * 31 + j) & 0xff;
    fs.writeFileSync(path.join(dir, `f${i}`), b, { mode: i % 3 ? 0o644 : 0o755 });
    for (let k = 0; k < 20; k++) fs.writeFileSync(path.join(dir, `f${i}-small${k}`), `${i} ${k} `.repeat(k * 50));
  });
}

describe("dumpPath chunks", () => {
  const every = path.join(tmp, "every");
  makeTree(every);
  const boundary = path.join(tmp, "boundary");
  boundaryTree(boundary);

  it("emits the same bytes with borrowed buffers, in chunks of NAR_CHUNK, as nix-store --dump", () => {
    for (const t of [every, boundary]) {
      const sizes: number[] = [];
      dumpPath(t, (c) => sizes.push(c.length), { borrow: true });
      expect(sizes.slice(0, -1).every((n) => n === NAR_CHUNK)).toBe(true);
      expect(dump(t, { borrow: true }).equals(dump(t))).toBe(true);
      expect(narHashOf(t).size).toBe(dump(t).length);
    }
    try {
      expect(dump(boundary).equals(execFileSync("nix-store", ["--dump", boundary], { maxBuffer: 1 << 28 }))).toBe(true);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e; // no nix-store here
    }
  });

  it("yields framing and file pieces that add up to the NAR, and applies filters", () => {
    let size = 0;
    for (const p of narPieces(every)) size += Buffer.isBuffer(p) ? p.length : p.size;
    expect(size).toBe(dump(every).length);
    const filter = (p: string) => !/small1\d$|nested/.test(p);
    expect(dump(boundary, { filter }).length).toBeLessThan(dump(boundary).length);
    expect(dump(boundary, { filter }).equals(dump(boundary, filter))).toBe(true);
  });

  it("orders names by bytes, not UTF-16 code units, and walks below names that are not UTF-8", () => {
    const dir = path.join(tmp, "names");
    fs.mkdirSync(dir);
    for (const n of ["\uE000", "\u{1F600}", "a", "é", "Z"]) fs.writeFileSync(path.join(dir, n), n);
    const bad = Buffer.concat([Buffer.from(dir + "/"), Buffer.from([0x66, 0xff, 0x6f])]);
    fs.mkdirSync(bad);
    fs.writeFileSync(Buffer.concat([bad, Buffer.from("/inner")]), "x");
    const nar = dump(dir);
    const names = listNar([nar]).map((e) => e.path).filter((p) => p.split("/").length === 2);
    // F0 9F 98 80 (U+1F600) sorts after EE 80 80 (U+E000) as bytes, before it as UTF-16
    expect(names).toEqual(["/Z", "/a", "/f\uFFFDo", "/é", "/\uE000", "/\u{1F600}"]);
    try {
      expect(nar.equals(execFileSync("nix-store", ["--dump", dir], { maxBuffer: 1 << 26 }))).toBe(true);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    const copy = copyTreeHashing(dir, path.join(tmp, "names-copy"));
    expect(hashEquals(copy.hash, narHashOf(dir).hash)).toBe(true);
    expect(hashEquals(narHashOf(path.join(tmp, "names-copy")).hash, copy.hash)).toBe(true);
  });

  it("rejects unsupported files and files that shrink while read, closing what it opened", () => {
    const odd = path.join(tmp, "odd");
    fs.mkdirSync(odd);
    fs.writeFileSync(path.join(odd, "a"), Buffer.alloc(3 << 20, 1));
    execFileSync("mkfifo", [path.join(odd, "fifo")]);
    const before = openFds();
    expect(() => dumpPath(odd, () => {}, { borrow: true })).toThrow(/unsupported type/);
    expect(openFds()).toBe(before);
    const shrink = path.join(tmp, "shrink");
    fs.mkdirSync(shrink);
    fs.writeFileSync(path.join(shrink, "big"), Buffer.alloc(3 << 20, 2));
    // the filter runs after lstat: truncating there makes the file shorter than its NAR header says
    expect(() => dumpPath(shrink, () => {}, (p) => { fs.truncateSync(p, 5); return true; })).toThrow(/shrank/);
    expect(openFds()).toBe(before);
    // a file removed after the walk saw it (the filter runs after lstat) is a StoreError naming it
    let err: unknown;
    try {
      dumpPath(shrink, () => {}, (p) => { fs.rmSync(p); return true; });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/cannot read '.*\/shrink\/big' to serialise it: ENOENT/);
    expect(openFds()).toBe(before);
  });
});
