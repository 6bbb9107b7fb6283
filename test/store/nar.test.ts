// Tests of NAR dump/hash/restore/parse against goldens from `nix-store --dump` / `nix hash path`.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StoreError } from "../../store/errors.js";
import { formatHash } from "../../store/hash.js";
import { dumpPath, narHashOf, narOfBytes, restoreNar } from "../../store/nar.js";
import { listNar } from "../../store/nar-parse.js";
import { makeTree } from "./tree.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-nar-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const goldenFile = new URL("./goldens/nar.json", import.meta.url);
const haveNix = (() => { try { execFileSync("nix-store", ["--version"]); return true; } catch { return false; } })();

function dump(p: string): Buffer {
  const chunks: Buffer[] = [];
  dumpPath(p, (c) => chunks.push(c));
  return Buffer.concat(chunks);
}

function nixEnv(): NodeJS.ProcessEnv {
  const conf = fs.mkdtempSync(path.join(tmp, "conf-"));
  fs.writeFileSync(path.join(conf, "nix.conf"), "experimental-features = nix-command\n");
  return { ...process.env, NIX_CONF_DIR: conf };
}

const tree = path.join(tmp, "tree");
makeTree(tree);
const single = path.join(tmp, "single");
fs.writeFileSync(single, "hello world");

describe("NAR dump", () => {
  it("matches the recorded Nix goldens (and live nix-store when installed)", () => {
    const nar = dump(tree);
    const golden = JSON.parse(fs.readFileSync(goldenFile, "utf8"));
    const sha = createHash("sha256").update(nar).digest("hex");
    expect({ sha, size: nar.length }).toEqual({ sha: golden.tree.sha256, size: golden.tree.size });
    const { hash, size } = narHashOf(tree);
    expect(formatHash(hash, "sri")).toBe(golden.tree.sri);
    expect(size).toBe(nar.length);
    expect(dump(single).toString("hex")).toBe(golden.single.hex);
    expect(narOfBytes(Buffer.from("hello world")).equals(dump(single))).toBe(true);
    if (haveNix) {
      const env = nixEnv();
      const live = execFileSync("nix-store", ["--dump", tree], { env, maxBuffer: 1 << 30 });
      expect(live.equals(nar)).toBe(true);
      expect(execFileSync("nix", ["hash", "path", tree], { env }).toString().trim()).toBe(golden.tree.sri);
    }
  });
  it("keeps non-UTF-8 file names byte-exact (golden from nix-store --dump)", () => {
    const dir = path.join(tmp, "badname");
    fs.mkdirSync(dir);
    fs.writeFileSync(Buffer.concat([Buffer.from(dir + "/"), Buffer.from([0x66, 0xff, 0x67])]), "x");
    fs.writeFileSync(dir + "/ok", "y");
    fs.writeFileSync(Buffer.concat([Buffer.from(dir + "/"), Buffer.from([0xe9])]), "z");
    const nar = dump(dir);
    expect(createHash("sha256").update(nar).digest("hex")).toBe("3ca318636dfc3fbf9e68560d13d205dd582bbdd57df6b752ef13c8ec56a693a2");
    restoreNar(nar, dir + "-restored");
    expect(dump(dir + "-restored").equals(nar)).toBe(true);
  });
  it("emits fresh chunks and never one chunk per token", () => {
    const chunks: Buffer[] = [];
    dumpPath(tree, (c) => chunks.push(c));
    expect(chunks.length).toBeLessThan(10);
    expect(Buffer.concat(chunks).equals(dump(tree))).toBe(true);
  });
  it("rejects sockets/devices and missing paths with StoreError", () => {
    expect(() => dump(path.join(tmp, "nope"))).toThrow(StoreError);
    expect(() => dump("/dev/null")).toThrow(/unsupported type/);
  });
});

describe("NAR restore and parse", () => {
  it("restores a tree that dumps to the same bytes, from one buffer or tiny chunks", () => {
    const nar = dump(tree);
    const out1 = path.join(tmp, "r1");
    restoreNar(nar, out1);
    expect(dump(out1).equals(nar)).toBe(true);
    const out2 = path.join(tmp, "r2");
    const pieces: Buffer[] = [];
    for (let i = 0; i < nar.length; i += 3) pieces.push(nar.subarray(i, i + 3));
    restoreNar(pieces.slice(0, 50_000).concat(nar.subarray(150_000)), out2);
    expect(dump(out2).equals(nar)).toBe(true);
    expect(() => restoreNar(nar, out1)).toThrow(/already exists/);
  });
  it("lists entries", () => {
    const l = listNar(dump(tree));
    expect(l[0]).toEqual({ path: "", type: "directory" });
    expect(l.find((e) => e.path === "/bin/run")).toMatchObject({ path: "/bin/run", type: "regular", size: 18, executable: true });
    expect(l.find((e) => e.path === "/link")).toEqual({ path: "/link", type: "symlink", target: "a.txt" });
    expect(l.map((e) => e.path).filter((p) => /^\/[aB]/.test(p))).toEqual(["/B", "/a-b", "/a.txt"]);
  });

  const tok = (s: string | Buffer) => {
    const b = typeof s === "string" ? Buffer.from(s) : s;
    const len = Buffer.alloc(8); len.writeUInt32LE(b.length);
    return Buffer.concat([len, b, Buffer.alloc((8 - (b.length % 8)) % 8)]);
  };
  const narOf = (...t: Array<string | Buffer>) => Buffer.concat(t.map(tok));
  const dir = (...entries: Array<[string, Buffer]>) => Buffer.concat([
    narOf("nix-archive-1", "(", "type", "directory"),
    ...entries.map(([n, node]) => Buffer.concat([narOf("entry", "(", "name", n, "node"), node, narOf(")")])),
    narOf(")")]);
  const file = (c: string) => Buffer.concat([narOf("(", "type", "regular", "contents", c, ")")]);

  it("rejects every malformed NAR before writing outside the destination", () => {
    const good = dir(["a", file("x")], ["b", file("y")]);
    restoreNar(good, path.join(tmp, "good"));
    const bad: Array<[string, Buffer]> = [
      ["bad magic", narOf("nix-archive-2", "(", "type", "regular", "contents", "x", ")")],
      ["truncated", good.subarray(0, good.length - 9)],
      ["trailing", Buffer.concat([good, Buffer.alloc(8)])],
      ["unsorted", dir(["b", file("y")], ["a", file("x")])],
      ["duplicate", dir(["a", file("y")], ["a", file("x")])],
      ["dot", dir([".", file("x")])],
      ["dotdot", dir(["..", file("x")])],
      ["slash", dir(["x/y", file("x")])],
      ["empty name", dir(["", file("x")])],
      ["nul name", dir(["a\0b", file("x")])],
      ["exec value", narOf("nix-archive-1", "(", "type", "regular", "executable", "1", "contents", "x", ")")],
      ["unknown type", narOf("nix-archive-1", "(", "type", "fifo", ")")],
      ["bad padding", Buffer.concat([narOf("nix-archive-1", "(", "type", "regular", "contents"),
        Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0x78, 1, 0, 0, 0, 0, 0, 0]), narOf(")")])],
      ["huge length", Buffer.concat([tok("nix-archive-1"), tok("("), tok("type"), Buffer.from([0, 0, 0, 0, 0, 0, 0, 0x7f])])],
    ];
    for (const [what, nar] of bad) {
      const dest = path.join(tmp, "bad-" + what.replace(/ /g, "_"));
      expect(() => restoreNar(nar, dest), what).toThrow(StoreError);
      expect(fs.existsSync(dest), `${what}: partial output removed`).toBe(false);
    }
    expect(fs.readdirSync(tmp).filter((n) => n === "x" || n === "y")).toEqual([]);
  });
});

if (process.env.TK_RECORD_GOLDENS && haveNix) {
  const env = nixEnv();
  const live = execFileSync("nix-store", ["--dump", tree], { env, maxBuffer: 1 << 30 });
  fs.writeFileSync(goldenFile, JSON.stringify({
    tree: { sha256: createHash("sha256").update(live).digest("hex"), size: live.length,
      sri: execFileSync("nix", ["hash", "path", tree], { env }).toString().trim() },
    single: { hex: execFileSync("nix-store", ["--dump", single], { env }).toString("hex") },
  }, null, 1) + "\n");
}
