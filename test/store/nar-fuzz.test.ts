// Hostile-input fuzzing of the NAR parser/restorer (fixed seed): random byte flips, truncations and
// splices of a valid NAR must either restore a tree that dumps back to the same bytes or fail with a
// StoreError — never another exception — and never write outside the destination.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StoreError } from "../../store/errors.js";
import { deleteTree } from "../../store/fs-util.js";
import { dumpPath, restoreNar } from "../../store/nar.js";
import { makeTree } from "./tree.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-narfuzz-"));
afterAll(() => deleteTree(tmp));

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 0x100000000);
}

function dump(p: string): Buffer {
  const chunks: Buffer[] = [];
  dumpPath(p, (c) => chunks.push(c));
  return Buffer.concat(chunks);
}

describe("NAR fuzzing", () => {
  it("rejects mutated NARs with StoreError only, restoring nothing outside the destination", () => {
    const src = path.join(tmp, "src");
    makeTree(src);
    fs.rmSync(src + "/big.bin");
    const good = dump(src);
    const rand = rng(42);
    const outside = () => fs.readdirSync(tmp).filter((n) => !n.startsWith("d") && n !== "src").sort();
    const before = outside();
    let rejected = 0;
    for (let i = 0; i < 400; i++) {
      const nar = Buffer.from(good);
      const kind = i % 4;
      if (kind === 0) for (let k = 0; k < 1 + (i % 5); k++) nar[Math.floor(rand() * nar.length)] ^= 1 << Math.floor(rand() * 8);
      const mutated = kind === 1 ? nar.subarray(0, Math.floor(rand() * nar.length))
        : kind === 2 ? Buffer.concat([nar.subarray(0, Math.floor(rand() * nar.length)), nar.subarray(Math.floor(rand() * nar.length))])
        : kind === 3 ? (() => { const o = Math.floor(rand() * (nar.length - 8)); nar.writeUInt32LE(Math.floor(rand() * 0xffffffff), o - (o % 8)); return nar; })()
        : nar;
      const dest = path.join(tmp, `d${i}`);
      try {
        restoreNar(mutated, dest);
        expect(dump(dest).equals(mutated)).toBe(true);
      } catch (e) {
        if (!(e instanceof StoreError)) throw new Error(`case ${i}: non-StoreError ${(e as Error).stack}`);
        expect(fs.existsSync(dest)).toBe(false);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(300);
    expect(outside()).toEqual(before);
  });

  it("turns file-system failures while restoring (a path too long) into StoreError", () => {
    const tok = (t: string) => {
      const b = Buffer.from(t);
      const len = Buffer.alloc(8);
      len.writeUInt32LE(b.length);
      return Buffer.concat([len, b, Buffer.alloc((8 - (b.length % 8)) % 8)]);
    };
    const name = "n".repeat(250);
    let node = Buffer.concat(["(", "type", "regular", "contents", "x", ")"].map(tok));
    for (let i = 0; i < 30; i++) {
      node = Buffer.concat([...["(", "type", "directory", "entry", "(", "name", name, "node"].map(tok), node, tok(")"), tok(")")]);
    }
    const dest = path.join(tmp, "deep");
    expect(() => restoreNar(Buffer.concat([tok("nix-archive-1"), node]), dest)).toThrow(StoreError);
    expect(fs.existsSync(dest)).toBe(false);
  });
});
