// Tests of register-built.ts's small-file path: for small regular files it must give exactly what the
// streaming NAR dump and the ReferenceScanner give (hash, size, references), and registration through
// it must match a registration of the same bytes as a bigger or executable file would.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASE32_ALPHABET } from "../../store/base32.js";
import { LocalStore } from "../../store/local-store.js";
import { narHashOf } from "../../store/nar.js";
import { ReferenceScanner } from "../../store/references.js";
import { SMALL_FILE_BYTES, smallFileNar } from "../../store/register-built.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-regbuilt-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let seed = 7;
const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const hashPart = (): string => Array.from({ length: 32 }, () => BASE32_ALPHABET[rand(32)]).join("");

/** Contents mixing random bytes, base32 runs and some of the given hash parts (also at the edges). */
function contents(parts: string[]): Buffer {
  const pieces: Buffer[] = [];
  if (rand(3) === 0) pieces.push(Buffer.from(parts[rand(parts.length)]!));
  for (let k = rand(6); k > 0; k--) {
    const r = rand(4);
    if (r === 0) pieces.push(Buffer.from(parts[rand(parts.length)]!));
    else if (r === 1) pieces.push(Buffer.from(Array.from({ length: rand(70) }, () => BASE32_ALPHABET[rand(32)]).join("")));
    else pieces.push(Buffer.from(Array.from({ length: rand(40) }, () => rand(256))));
  }
  if (rand(3) === 0) pieces.push(Buffer.from(parts[rand(parts.length)]!));
  return Buffer.concat(pieces);
}

describe("smallFileNar", () => {
  it("gives the streaming dump's NAR hash and size and the scanner's references (500 random files)", () => {
    const parts = Array.from({ length: 20 }, hashPart);
    const byHash = new Map(parts.slice(0, 12).map((h) => [h, `/nix/store/${h}-x`]));
    const f = path.join(tmp, "f");
    for (let i = 0; i < 500; i++) {
      fs.rmSync(f, { force: true });
      fs.writeFileSync(f, contents(parts), { mode: 0o444 });
      const got = smallFileNar(f, byHash)!;
      const want = narHashOf(f);
      expect(got.narHash).toEqual(want.hash);
      expect(got.narSize).toBe(want.size);
      const scanner = new ReferenceScanner(byHash.keys());
      scanner.feed(fs.readFileSync(f));
      expect([...got.found].sort()).toEqual([...scanner.found].sort());
    }
  });
  it("leaves executables, big files, directories and symlinks to the streaming dump", () => {
    const byHash = new Map<string, string>();
    const exe = path.join(tmp, "exe");
    fs.writeFileSync(exe, "#!/bin/sh\n", { mode: 0o555 });
    const big = path.join(tmp, "big");
    fs.writeFileSync(big, Buffer.alloc(SMALL_FILE_BYTES + 1, 0x61));
    const link = path.join(tmp, "link");
    fs.symlinkSync("exe", link);
    for (const p of [exe, big, link, tmp]) expect(smallFileNar(p, byHash)).toBeUndefined();
  });
});

describe("registerBuiltPath of small files", () => {
  it("registers the same hash and references as for the file's bytes dumped as a NAR", () => {
    const root = path.join(tmp, "store");
    const s = LocalStore.open({ storeDir: "/nix/store", storeRoot: root, stateDir: root + "/var" });
    try {
      const dep = s.addTextToStore("dep", "dependency", []);
      const other = s.addTextToStore("other", "other", []);
      const out = "/nix/store/" + "1".repeat(32) + "-small";
      fs.writeFileSync(s.physical(out), `${other}x${dep}\n${out}`);
      const info = s.registerBuiltPath(out, { referenceCandidates: [dep] });
      expect(info.references).toEqual([out, dep].sort());
      expect(info.narHash).toEqual(narHashOf(s.physical(out)).hash);
      expect(info.narSize).toBe(narHashOf(s.physical(out)).size);
      expect(fs.statSync(s.physical(out)).mode & 0o777).toBe(0o444);
    } finally {
      s.close();
    }
  });
});
