// Tests of the pipelined NAR dump (store/nar-pipeline.ts, store/nar-reader-thread.ts): with a reader
// thread and a tiny ring (so files span many slots and the ring wraps many times) it gives exactly
// the bytes of the serial dump and of nix-store --dump — large files, empty files, symlinks,
// executables, deep trees, names that are not UTF-8 —; a file that vanishes or shrinks while the
// reader gets to it is a StoreError naming it, and the reader thread stops (no hang, later dumps work);
// starting the reader leaves a pipe on stdout blocking.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { StoreError } from "../../store/errors.js";
import { deleteTree } from "../../store/fs-util.js";
import { chunkPieces } from "../../store/nar-chunks.js";
import { dumpPipelined, PIPELINE_MIN_BYTES, type PipelineOptions } from "../../store/nar-pipeline.js";
import { narPieces } from "../../store/nar-walk.js";
import { dumpPath, narHashOf } from "../../store/nar.js";
import { makeTree } from "./tree.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-narpipe-"));
afterAll(() => deleteTree(tmp));

function serial(p: string): Buffer {
  const chunks: Buffer[] = [];
  chunkPieces(narPieces(p), (c) => chunks.push(Buffer.from(c)), false);
  return Buffer.concat(chunks);
}

function piped(p: string, opts: PipelineOptions): { nar: Buffer; chunks: number } {
  const chunks: Buffer[] = [];
  dumpPipelined(p, (c) => chunks.push(Buffer.from(c)), opts);
  return { nar: Buffer.concat(chunks), chunks: chunks.length };
}

function nixDump(p: string): Buffer | undefined {
  try {
    return execFileSync("nix-store", ["--dump", p], { maxBuffer: 1 << 28 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined; // no nix-store here
    throw e;
  }
}

/** A tree with a file of many slots, empty files, executables, symlinks, a deep chain of
 *  directories, a name that is not UTF-8, and many small files between. */
function pipelineTree(dir: string): void {
  makeTree(dir);
  const big = Buffer.alloc(5 * 4096 * 7 + 13);
  for (let i = 0; i < big.length; i++) big[i] = (i * 13 + (i >> 9)) & 0xff;
  fs.writeFileSync(path.join(dir, "many-slots"), big, { mode: 0o755 });
  for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(dir, `small${i}`), "x".repeat(i * 37));
  for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, `empty${i}`), "");
  let deep = path.join(dir, "deep");
  for (let i = 0; i < 40; i++) deep = path.join(deep, `d${i}`);
  fs.mkdirSync(deep, { recursive: true });
  fs.writeFileSync(path.join(deep, "leaf"), "leaf");
  fs.symlinkSync("../leaf", path.join(deep, "up"));
  const bad = Buffer.concat([Buffer.from(dir + "/"), Buffer.from([0x6e, 0xfe, 0x6d])]);
  fs.mkdirSync(bad);
  fs.writeFileSync(Buffer.concat([bad, Buffer.from("/inner")]), Buffer.alloc(9000, 7));
}

describe("pipelined NAR dump", () => {
  const tree = path.join(tmp, "tree");
  pipelineTree(tree);

  it("gives the bytes of the serial dump and of nix-store --dump through a tiny ring", () => {
    const want = serial(tree);
    for (const [slots, slotSize] of [[2, 4096], [3, 1000], [8, 65536]] as const) {
      const got = piped(tree, { minBytes: 0, overlapBytes: 0, slots, slotSize });
      expect(got.nar.equals(want)).toBe(true);
      expect(got.chunks).toBeGreaterThan(2);
    }
    // part dumped by this thread first, the rest by the reader
    expect(piped(tree, { minBytes: 50_000, overlapBytes: 50_000, slots: 4, slotSize: 4096 }).nar.equals(want)).toBe(true);
    const nix = nixDump(tree);
    if (nix) expect(want.equals(nix)).toBe(true);
  });

  it("dumps single files, empty files, symlinks and empty directories through the reader", () => {
    for (const name of ["many-slots", "empty", "link", "emptydir", "big.bin"]) {
      const p = path.join(tree, name);
      expect(piped(p, { minBytes: 0, overlapBytes: 0, slots: 2, slotSize: 4096 }).nar.equals(serial(p))).toBe(true);
    }
  });

  it("applies filters the same way", () => {
    const filter = (p: string) => !/small\d*5$|deep\/d0\/d1$/.test(p);
    const chunks: Buffer[] = [];
    chunkPieces(narPieces(tree, filter), (c) => chunks.push(Buffer.from(c)), false);
    const want = Buffer.concat(chunks);
    expect(want.length).toBeLessThan(serial(tree).length);
    expect(piped(tree, { minBytes: 0, overlapBytes: 0, filter, slots: 3, slotSize: 4096 }).nar.equals(want)).toBe(true);
  });

  it("is what dumpPath with a borrowing sink uses past a threshold when asked (threadFrom), never by default", () => {
    expect(PIPELINE_MIN_BYTES).toBeGreaterThanOrEqual(32 << 20);
    const big = path.join(tmp, "big");
    fs.mkdirSync(big);
    // past a 1 MiB threshold and the 24 MiB dumped here while the reader starts
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(big, `f${i}`), Buffer.alloc((7 << 20) + i * 4099, i + 1));
    const h = createHash("sha256");
    const sizes: number[] = [];
    dumpPath(big, (c) => { h.update(c); sizes.push(c.length); }, { borrow: true, threadFrom: 1 << 20 });
    const serialHash = createHash("sha256").update(serial(big)).digest();
    expect(h.digest().equals(serialHash)).toBe(true);
    expect(narHashOf(big).hash.bytes.equals(serialHash)).toBe(true);
    // slots of the reader's ring (256 KiB), not the 1 MiB chunks of the serial dump
    expect(sizes.filter((n) => n === 256 << 10).length).toBeGreaterThan(10);
    // by default the same tree stays on this thread: 1 MiB chunks only
    const serialSizes: number[] = [];
    dumpPath(big, (c) => serialSizes.push(c.length), { borrow: true });
    expect(serialSizes.slice(0, -1).every((n) => n === 1 << 20)).toBe(true);
  });

  it("reports a file that vanishes before the reader opens it, and stops the reader", () => {
    const dir = path.join(tmp, "vanish");
    fs.mkdirSync(dir);
    for (let i = 0; i < 10; i++) fs.writeFileSync(path.join(dir, `f${i}`), Buffer.alloc(20000, i));
    // the filter runs on this thread during the walk: by f7, f3 has been walked but not yet read
    const filter = (p: string) => {
      if (p.endsWith("/f7")) fs.rmSync(path.join(dir, "f3"), { force: true });
      return true;
    };
    let err: unknown;
    try {
      piped(dir, { minBytes: 0, overlapBytes: 0, filter, slots: 2, slotSize: 4096 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/cannot read '.*\/vanish\/f3'.*ENOENT/);
    expect((err as StoreError).where).toBe(path.join(dir, "f3"));
  });

  it("reports a file that shrinks before the reader gets to it", () => {
    const dir = path.join(tmp, "shrink");
    fs.mkdirSync(dir);
    for (let i = 0; i < 10; i++) fs.writeFileSync(path.join(dir, `f${i}`), Buffer.alloc(20000, i));
    const filter = (p: string) => {
      if (p.endsWith("/f8")) fs.truncateSync(path.join(dir, "f2"), 100);
      return true;
    };
    expect(() => piped(dir, { minBytes: 0, overlapBytes: 0, filter, slots: 2, slotSize: 4096 })).toThrow(/f2' shrank while it was being serialised/);
  });

  it("stops the reader when the sink or the walk fails, and dumps again afterwards", () => {
    const odd = path.join(tmp, "odd");
    fs.mkdirSync(odd);
    fs.writeFileSync(path.join(odd, "a"), Buffer.alloc(50000, 1));
    execFileSync("mkfifo", [path.join(odd, "fifo")]);
    expect(() => piped(odd, { minBytes: 0, overlapBytes: 0, slots: 2, slotSize: 4096 })).toThrow(/unsupported type/);
    let n = 0;
    const failing = () => {
      if (++n === 3) throw new Error("sink failed");
    };
    expect(() => dumpPipelined(tree, failing, { minBytes: 0, overlapBytes: 0, slots: 2, slotSize: 4096 })).toThrow(/sink failed/);
    expect(piped(tree, { minBytes: 0, overlapBytes: 0, slots: 2, slotSize: 4096 }).nar.equals(serial(tree))).toBe(true);
  });

  it("leaves a pipe on fd 1 blocking (the built module, in a process whose stdout is a pipe)", () => {
    const mod = fileURLToPath(new URL("../../dist/store/nar-pipeline.js", import.meta.url));
    const script = `import(${JSON.stringify(mod)}).then((m) => {
      m.dumpPipelined(${JSON.stringify(tree)}, () => {}, { minBytes: 0, overlapBytes: 0, slots: 2, slotSize: 4096 });
      setTimeout(() => { // after the event loop has set up what the worker asked for
        const flags = require("node:fs").readFileSync("/proc/self/fdinfo/1", "utf8").match(/flags:\\s*(\\d+)/)[1];
        require("node:fs").writeSync(2, flags);
      }, 200);
    })`;
    const r = spawnSync(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    expect(r.status).toBe(0);
    expect(parseInt(r.stderr.toString(), 8) & 0o4000).toBe(0); // O_NONBLOCK
  });
});
