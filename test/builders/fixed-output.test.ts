// Fixed-output derivations: flat and recursive hashes in md5/sha1/sha256/sha512 and every encoding,
// Nix's paths, the mismatch message, and that a failed check registers nothing.
import * as fs from "node:fs";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { formatHash, hashOf } from "../../store/hash.js";
import { narOfBytes } from "../../store/nar.js";
import { addDrv, build, outOf, outRef, testStore } from "./helpers.js";

function store(relocated = false) {
  const t = relocated ? testStore({ relocated: true, storeDir: "/nix/store" }) : testStore();
  return t.store;
}
const haveBwrap = spawnSync("bwrap", ["--ro-bind", "/", "/", "true"]).status === 0;

describe("fixed-output derivations", () => {
  it.skipIf(!haveBwrap)("land at Nix's paths (spec §2.4 worked example) in a relocated /nix/store", async () => {
    const s = store(true);
    const hex = createHash("sha256").update("hi").digest("hex");
    const flat = addDrv(s, { name: "fod", script: "printf hi > $out", fixed: { mode: "flat", algo: "sha256", hash: hex } });
    expect(s.readDerivation(flat).outputs.get("out")!.path).toBe("/nix/store/3ajymwa6hv8pq7bjmbfgdgsh454sikdm-fod");
    const { result } = await build(s, [flat], { sandbox: true });
    const p = outOf(result, flat);
    expect(p).toBe("/nix/store/3ajymwa6hv8pq7bjmbfgdgsh454sikdm-fod");
    expect(s.queryPathInfo(p)!.ca).toBe(`fixed:sha256:${formatHash(hashOf("sha256", "hi"), "base32")}`);
  });

  const forms = [
    { algo: "md5", form: "base16" }, { algo: "sha1", form: "base32" }, { algo: "sha256", form: "sri" },
    { algo: "sha512", form: "base64" }, { algo: "sha256", form: "base32" },
  ] as const;
  for (const { algo, form } of forms) {
    it(`checks ${algo} given in ${form}, flat and recursive`, async () => {
      const s = store();
      const flatHash = formatHash(hashOf(algo, "content\n"), form);
      const flat = addDrv(s, { name: `flat-${algo}`, script: "echo content > $out", fixed: { mode: "flat", algo, hash: flatHash } });
      const recHash = formatHash(hashOf(algo, narOfBytes(Buffer.from("content\n"))), form);
      const rec = addDrv(s, { name: `rec-${algo}`, script: "echo content > $out", fixed: { mode: "recursive", algo, hash: recHash } });
      const { result } = await build(s, [flat, rec]);
      expect(s.queryPathInfo(outOf(result, flat))!.ca).toBe(`fixed:${algo}:${formatHash(hashOf(algo, "content\n"), "base32")}`);
      expect(s.queryPathInfo(outOf(result, rec))!.ca).toMatch(new RegExp(`^fixed:r:${algo}:`));
    });
  }

  it("reports a mismatch in Nix's words and registers nothing", async () => {
    const s = store();
    const wanted = hashOf("sha256", "expected\n");
    const d = addDrv(s, { name: "wrong", script: "echo actual > $out", fixed: { mode: "flat", algo: "sha256", hash: formatHash(wanted, "base32") } });
    const got = hashOf("sha256", "actual\n");
    await expect(build(s, [d])).rejects.toThrow(
      `hash mismatch in fixed-output derivation '${d}': specified: ${formatHash(wanted, "sri")} got: ${formatHash(got, "sri")}`);
    const out = outRef(s, d);
    expect(s.isValidPath(out)).toBe(false);
    expect(fs.existsSync(s.physical(out))).toBe(false);
  });

  it("recursive mismatch too, with sha512", async () => {
    const s = store();
    const d = addDrv(s, { name: "wrong-rec", script: "/bin/mkdir $out; echo x > $out/f",
      fixed: { mode: "recursive", algo: "sha512", hash: formatHash(hashOf("sha512", "nope"), "sri") } });
    await expect(build(s, [d])).rejects.toThrow(/hash mismatch in fixed-output derivation '.*': specified: sha512-.* got: sha512-/);
    expect(s.isValidPath(outRef(s, d))).toBe(false);
  });

  it("rejects references and, in flat mode, anything but a plain file", async () => {
    const s = store();
    const dep = addDrv(s, { name: "dep", script: "echo dep > $out" });
    const text = `${outRef(s, dep)}\n`;
    const refs = addDrv(s, { name: "refs", script: `echo ${outRef(s, dep)} > $out`, inputs: [{ drvPath: dep }],
      fixed: { mode: "flat", algo: "sha256", hash: formatHash(hashOf("sha256", text), "base16") } });
    await expect(build(s, [refs])).rejects.toThrow(`illegal path references in fixed-output derivation '${refs}'`);
    const dir = addDrv(s, { name: "dir", script: "/bin/mkdir $out", fixed: { mode: "flat", algo: "sha256", hash: formatHash(hashOf("sha256", ""), "base16") } });
    await expect(build(s, [dir])).rejects.toThrow(/should be a non-executable regular file/);
  });
});
