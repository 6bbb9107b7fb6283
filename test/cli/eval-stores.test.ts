// Tests of the evaluator's two stores (cli/eval-stores.ts): a tk string holding a raw byte of a split
// UTF-8 character (lang/bytes.ts) is written as that byte, and both stores give it the path Nix 2.8
// gives it (recorded in test/lang/corpus/strings/bytes-tofile-raw.exp).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DryEvalStore, LocalEvalStore } from "../../cli/eval-stores.js";
import { fromBytes } from "../../lang/bytes.js";
import { LocalStore } from "../../store/local-store.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tk-eval-stores-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const NIX_PATH = "/nix/store/jmpl5nd7p37bdv8zflmw0kg7xf3hdaxc-y"; // builtins.toFile "y" (substring 0 1 "é")

describe("eval stores and raw bytes", () => {
  const half = fromBytes(Buffer.from("é").subarray(0, 1)); // the byte 0xC3 alone
  it("the dry store computes Nix's path for the raw byte", () => {
    const dry = new DryEvalStore({ storeDir: "/nix/store", storeRoot: path.join(tmp, "dry"), stateDir: path.join(tmp, "dry-var") });
    expect(dry.addText("y", half, [])).toBe(NIX_PATH);
  });

  it("the local store writes the raw byte at that path", () => {
    const store = LocalStore.open({ storeDir: "/nix/store", storeRoot: path.join(tmp, "root"), stateDir: path.join(tmp, "var") });
    try {
      const p = new LocalEvalStore(store).addText("y", half, []);
      expect(p).toBe(NIX_PATH);
      expect(fs.readFileSync(store.physical(p))).toEqual(Buffer.of(0xc3));
      expect(new LocalEvalStore(store).addText("t", "plain é", [])).toBe(store.addTextToStore("t", "plain é", []));
    } finally {
      store.close();
    }
  });
});
