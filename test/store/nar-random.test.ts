// Differential test: NAR dumps of 12 pseudo-random trees (fixed seed: awkward names, sizes around
// 8-byte boundaries, exec bits, symlinks, empty dirs) against goldens recorded from nix-store --dump,
// and against the live tool when installed.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deleteTree } from "../../store/fs-util.js";
import { dumpPath } from "../../store/nar.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-narrand-"));
afterAll(() => deleteTree(tmp));
const goldenFile = new URL("./goldens/nar-random.json", import.meta.url);
const haveNix = (() => { try { execFileSync("nix-store", ["--version"]); return true; } catch { return false; } })();
const NAME_CHARS = "aAbB0-._+=?zZé~ ";

function makeRandomTree(dir: string, seed: number): void {
  let s = seed;
  const rand = (n: number) => Math.floor(((s = (s * 1664525 + 1013904223) >>> 0) / 0x100000000) * n);
  const name = () => {
    let n = "";
    for (let i = 0, len = 1 + rand(8); i < len; i++) n += NAME_CHARS[rand(NAME_CHARS.length)];
    return n === "." || n === ".." ? n + "x" : n;
  };
  const fill = (d: string, depth: number) => {
    fs.mkdirSync(d);
    for (let i = 0, count = rand(7); i < count; i++) {
      const p = path.join(d, name());
      if (fs.existsSync(p)) continue;
      const kind = rand(depth > 2 ? 3 : 4);
      if (kind === 0) fs.symlinkSync(rand(2) ? name() : "/abs/" + name(), p);
      else if (kind === 3) fill(p, depth + 1);
      else {
        const size = [0, 1, 7, 8, 9, 15, 16, 17, 4095, 4096, 70000][rand(11)];
        fs.writeFileSync(p, Buffer.alloc(size, rand(256)), { mode: rand(2) ? 0o755 : 0o644 });
      }
    }
  };
  fill(dir, 0);
}

const trees = Array.from({ length: 12 }, (_, i) => {
  const dir = path.join(tmp, `t${i}`);
  makeRandomTree(dir, 1000 + i);
  return dir;
});
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
function dump(p: string): Buffer {
  const chunks: Buffer[] = [];
  dumpPath(p, (c) => chunks.push(c));
  return Buffer.concat(chunks);
}

if (process.env.TK_RECORD_GOLDENS && haveNix) {
  fs.writeFileSync(goldenFile, JSON.stringify(trees.map((t) => sha(execFileSync("nix-store", ["--dump", t], { maxBuffer: 1 << 28 }))), null, 1) + "\n");
}

describe("NAR dump of random trees", () => {
  it("matches nix-store --dump byte for byte", () => {
    const golden = JSON.parse(fs.readFileSync(goldenFile, "utf8")) as string[];
    expect(trees.map((t) => sha(dump(t)))).toEqual(golden);
    if (haveNix) for (const t of trees) expect(dump(t).equals(execFileSync("nix-store", ["--dump", t], { maxBuffer: 1 << 28 }))).toBe(true);
  });
});
