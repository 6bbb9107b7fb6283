// Tests of the pipelined NAR dump (store/nar-pipe.ts) against the synchronous one: same bytes on
// trees whose files cross chunk boundaries, with filters; the borrowed-chunk mode of dumpPath; and
// errors (unsupported file type, a file that shrinks while being read) without leaking descriptors.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deleteTree } from "../../store/fs-util.js";
import { dumpPath, narHashOf, narPieces } from "../../store/nar.js";
import { dumpPathPiped } from "../../store/nar-pipe.js";
import { makeTree } from "./tree.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-narpipe-"));
afterAll(() => deleteTree(tmp));

function syncDump(p: string, filter?: (p: string) => boolean): Buffer {
  const chunks: Buffer[] = [];
  dumpPath(p, (c) => chunks.push(c), filter);
  return Buffer.concat(chunks);
}

async function pipedDump(p: string, filter?: (p: string) => boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await dumpPathPiped(p, (c) => chunks.push(Buffer.from(c)), filter);
  return Buffer.concat(chunks);
}

const openFds = () => fs.readdirSync("/proc/self/fd").length;

/** Files of sizes around the 1 and 2 MiB chunk and piece boundaries, many small ones between. */
function boundaryTree(dir: string): void {
  fs.mkdirSync(dir);
  const sizes = [0, 1, 64 * 1024, 64 * 1024 + 1, (1 << 20) - 3, 1 << 20, (1 << 20) + 9, (2 << 20) - 100, 2 << 20, (5 << 20) + 7];
  sizes.forEach((n, i) => {
    const b = Buffer.alloc(n);
    for (let j = 0; j < n; j += 997) b[j] = (i * 31 + j) & 0xff;
    fs.writeFileSync(path.join(dir, `f${i}`), b, { mode: i % 3 ? 0o644 : 0o755 });
    for (let k = 0; k < 30; k++) fs.writeFileSync(path.join(dir, `f${i}-small${k}`), `${i} ${k} `.repeat(k * 50));
  });
}

describe("pipelined NAR dump", () => {
  const every = path.join(tmp, "every");
  makeTree(every);
  const boundary = path.join(tmp, "boundary");
  boundaryTree(boundary);

  it("produces the same bytes as dumpPath (and nix-store --dump)", async () => {
    for (const t of [every, boundary, path.join(every, "big.bin"), path.join(every, "link")]) {
      const want = syncDump(t);
      expect((await pipedDump(t)).equals(want)).toBe(true);
    }
    try {
      expect((await pipedDump(boundary)).equals(execFileSync("nix-store", ["--dump", boundary], { maxBuffer: 1 << 26 }))).toBe(true);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e; // no nix-store here
    }
  });

  it("applies a filter below the root, as dumpPath does", async () => {
    const filter = (p: string) => !/small1\d$|nested/.test(p);
    const want = syncDump(boundary, filter);
    expect(want.length).toBeLessThan(syncDump(boundary).length);
    expect((await pipedDump(boundary, filter)).equals(want)).toBe(true);
    expect((await pipedDump(every, filter)).equals(syncDump(every, filter))).toBe(true);
  });

  it("dumpPath with borrowed chunks hashes like narHashOf and emits the same bytes", () => {
    const chunks: Buffer[] = [];
    dumpPath(boundary, (c) => chunks.push(Buffer.from(c)), { borrow: true });
    expect(Buffer.concat(chunks).equals(syncDump(boundary))).toBe(true);
    expect(narHashOf(boundary).size).toBe(Buffer.concat(chunks).length);
  });

  it("yields framing and file pieces that add up to the NAR", () => {
    let size = 0;
    for (const p of narPieces(every)) size += Buffer.isBuffer(p) ? p.length : p.size;
    expect(size).toBe(syncDump(every).length);
  });

  it("rejects unsupported files and files that shrink while read, closing what it opened", async () => {
    const odd = path.join(tmp, "odd");
    fs.mkdirSync(odd);
    fs.writeFileSync(path.join(odd, "a"), Buffer.alloc(3 << 20, 1));
    execFileSync("mkfifo", [path.join(odd, "fifo")]);
    const before = openFds();
    await expect(dumpPathPiped(odd, () => {})).rejects.toThrow(/unsupported type/);
    expect(openFds()).toBe(before);

    const shrink = path.join(tmp, "shrink");
    fs.mkdirSync(shrink);
    fs.writeFileSync(path.join(shrink, "big"), Buffer.alloc(3 << 20, 2));
    fs.writeFileSync(path.join(shrink, "small"), Buffer.alloc(1000, 3));
    // the filter runs after lstat: truncating there makes the file shorter than its NAR header says
    const truncating = (p: string) => { fs.truncateSync(p, 10); return true; };
    await expect(dumpPathPiped(shrink, () => {}, truncating)).rejects.toThrow(/shrank/);
    expect(openFds()).toBe(before);
    expect(() => dumpPath(shrink, () => {}, (p) => { fs.truncateSync(p, 5); return true; })).toThrow(/shrank/);
    expect(openFds()).toBe(before);
  });
});
