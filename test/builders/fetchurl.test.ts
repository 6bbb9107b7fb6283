// builtin:fetchurl: file:// and http:// downloads checked against the fixed output hash, executable
// files (recursive hash), unpacking an xz-compressed NAR, and failures that register nothing.
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatHash, hashOf } from "../../store/hash.js";
import { dumpPath, narHashOf } from "../../store/nar.js";
import { addDrv, build, outOf, outRef, testStore } from "./helpers.js";

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/hello.txt") res.end("hello over http\n");
    else { res.statusCode = 404; res.end("no"); }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => server.close());

function setup() {
  const t = testStore();
  return t;
}
const fetch = (s: ReturnType<typeof setup>["store"], name: string, url: string, fixed: { mode: "flat" | "recursive"; hash: string },
  env: Record<string, string> = {}) =>
  addDrv(s, { name, builder: "builtin:fetchurl", script: "", env: { url, ...env }, fixed: { ...fixed, algo: "sha256" } });

describe("builtin:fetchurl", () => {
  it("downloads file:// and http:// URLs into a fixed output", async () => {
    const { store: s, dir } = setup();
    const file = path.join(dir, "src.txt");
    fs.writeFileSync(file, "hello from a file\n");
    const a = fetch(s, "from-file", "file://" + file, { mode: "flat", hash: formatHash(hashOf("sha256", "hello from a file\n"), "sri") });
    const b = fetch(s, "from-http", base + "/hello.txt", { mode: "flat", hash: formatHash(hashOf("sha256", "hello over http\n"), "base32") });
    const { result } = await build(s, [a, b]);
    expect(fs.readFileSync(s.physical(outOf(result, a)), "utf8")).toBe("hello from a file\n");
    expect(fs.readFileSync(s.physical(outOf(result, b)), "utf8")).toBe("hello over http\n");
  });

  it("makes the file executable when asked (recursive hash)", async () => {
    const { store: s, dir } = setup();
    const file = path.join(dir, "tool");
    fs.writeFileSync(file, "#!/bin/sh\necho tool\n", { mode: 0o755 });
    const d = fetch(s, "tool", "file://" + file, { mode: "recursive", hash: formatHash(narHashOf(file).hash, "sri") }, { executable: "1" });
    const { result } = await build(s, [d]);
    expect(fs.statSync(s.physical(outOf(result, d))).mode & 0o111).not.toBe(0);
  });

  it("unpacks an xz-compressed NAR", async () => {
    const { store: s, dir } = setup();
    const tree = path.join(dir, "tree");
    fs.mkdirSync(tree);
    fs.writeFileSync(path.join(tree, "a"), "A\n");
    fs.symlinkSync("a", path.join(tree, "link"));
    const chunks: Buffer[] = [];
    dumpPath(tree, (c) => chunks.push(Buffer.from(c)));
    const narFile = path.join(dir, "tree.nar");
    fs.writeFileSync(narFile, Buffer.concat(chunks));
    expect(spawnSync("xz", ["-k", narFile]).status).toBe(0);
    const d = fetch(s, "tree", "file://" + narFile + ".xz", { mode: "recursive", hash: formatHash(narHashOf(tree).hash, "sri") }, { unpack: "1" });
    const { result } = await build(s, [d]);
    const out = s.physical(outOf(result, d));
    expect(fs.readFileSync(path.join(out, "a"), "utf8")).toBe("A\n");
    expect(fs.readlinkSync(path.join(out, "link"))).toBe("a");
  });

  it("a 404 or a wrong hash fails and registers nothing", async () => {
    const { store: s } = setup();
    const missing = fetch(s, "missing", base + "/nope", { mode: "flat", hash: formatHash(hashOf("sha256", ""), "sri") });
    await expect(build(s, [missing])).rejects.toThrow(/unable to download '.*\/nope': HTTP error 404/);
    const wrong = fetch(s, "wrong", base + "/hello.txt", { mode: "flat", hash: formatHash(hashOf("sha256", "other"), "sri") });
    await expect(build(s, [wrong])).rejects.toThrow(/hash mismatch in fixed-output derivation/);
    expect(s.isValidPath(outRef(s, wrong))).toBe(false);
    expect(fs.existsSync(s.physical(outRef(s, wrong)))).toBe(false);
  });
});
