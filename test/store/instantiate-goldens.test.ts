// `tk instantiate` against Nix 2.8 on 120 derivations of every kind (test/store/instantiate-corpus/):
// env values with unicode, quotes, backslashes, newlines; argument coercions; multiple outputs;
// fixed outputs (flat/recursive, md5/sha1/sha256/sha512, SRI/base32/base16); floating CA and
// deferred derivations; chains mixing them; path and toFile inputs; passAsFile; structured attrs;
// __ignoreNulls; placeholders. The same .drv paths are printed and every .drv file (124, inputs
// included) is byte-identical — against committed goldens, and against nix-instantiate live.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO, hasTool, tempStore, tk } from "../e2e/harness.js";

const DIR = join(REPO, "test/store/instantiate-corpus");
const FILE = join(DIR, "derivations.nix");
const golden = JSON.parse(readFileSync(join(REPO, "test/store/goldens/instantiate-corpus.json"), "utf8")) as {
  printed: string[];
  drvs: Record<string, string>;
};
const store = tempStore("/nix/store");
afterAll(() => store.cleanup());

describe("tk instantiate agrees with Nix 2.8 on 120 derivations", () => {
  const r = tk(["instantiate", FILE], { env: store.env });

  it("prints the same .drv paths", () => {
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(golden.printed.length).toBe(120);
    expect(r.stdout.trim().split("\n").sort()).toEqual([...golden.printed].sort());
  });

  it("writes byte-identical .drv files, and no others", () => {
    const written = readdirSync(join(store.root, "nix/store")).filter((n) => n.endsWith(".drv")).map((n) => `/nix/store/${n}`);
    expect(written.sort()).toEqual(Object.keys(golden.drvs).sort());
    const differing = Object.entries(golden.drvs).filter(([p, text]) => readFileSync(store.phys(p), "utf8") !== text).map(([p]) => p);
    expect(differing).toEqual([]);
  });

  it.runIf(hasTool("nix-instantiate"))("the goldens are what the installed Nix records", () => {
    const rec = spawnSync("bash", [join(REPO, "test/store/record-instantiate-goldens.sh")], { encoding: "utf8" });
    expect(rec.status, rec.stderr).toBe(0);
    const now = JSON.parse(readFileSync(join(REPO, "test/store/goldens/instantiate-corpus.json"), "utf8")) as typeof golden;
    expect(now).toEqual(golden);
  });
});
