// Tests of `tk why-depends [--all] [--precise]` on a graph with shared and unrelated paths, against
// `nix why-depends` output recorded from Nix 2.8 (colour codes stripped; goldens/why-depends.json,
// made with the expression it holds via `nix-instantiate --read-write-mode` in a chroot store), and
// against the live nix when installed.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { whyDepends } from "../../cli/why-depends.js";
import { LocalStore } from "../../store/local-store.js";
import { deleteTree } from "../../store/fs-util.js";
import { tempStore, tk } from "../e2e/harness.js";

const golden = JSON.parse(fs.readFileSync(new URL("../store/goldens/why-depends.json", import.meta.url), "utf8")) as {
  expr: string; paths: Record<string, string>; outputs: Record<string, string>;
};
const ts = tempStore("/nix/store");
afterAll(() => ts.cleanup());
const store = LocalStore.open({ storeDir: "/nix/store", storeRoot: ts.env.TK_STORE_ROOT!, stateDir: ts.env.TK_STATE_DIR! });
const P = golden.paths as Record<"a" | "b" | "c" | "d" | "e" | "x" | "top", string>;
const add = (name: string, text: string, refs: string[]) => store.addTextToStore(name, text, refs);
const a = add("a.txt", "A", []);
const b = add("b.txt", `xx ${a} yy`, [a]);
const c = add("c.txt", `cc ${a} and ${b}`, [a, b]);
const d = add("d.txt", `dd ${b}\nline2 ${c}\nagain ${b}`, [b, c]);
const e = add("e.txt", `ee ${d} ${c}`, [c, d]);
const x = add("x.txt", "unrelated", []);
const top = add("top.txt", `top ${e} ${d} ${x}`, [d, e, x]);
store.close();

const modes = { "": {}, "--all": { all: true }, "--precise": { precise: true }, "--all --precise": { all: true, precise: true } };

describe("why-depends", () => {
  it("builds the same paths as the recorded Nix expression", () => {
    expect({ a, b, c, d, e, x, top }).toEqual(P);
  });

  it("prints what nix why-depends printed, in every mode", () => {
    const s = LocalStore.open({ storeDir: "/nix/store", storeRoot: ts.env.TK_STORE_ROOT!, stateDir: ts.env.TK_STATE_DIR! });
    try {
      for (const [flags, opts] of Object.entries(modes)) {
        expect(whyDepends(s, top, a, opts).map((l) => l + "\n").join(""), flags).toBe(golden.outputs[flags]);
      }
      expect(whyDepends(s, e, c, { all: true })).toEqual([e, `├───${c}`, `└───${d}`, `    └───${c}`]);
      expect(() => whyDepends(s, top, P.a.replace("a.txt", "b.txt"))).toThrow();
      expect(() => whyDepends(s, a, top)).toThrow(/does not depend on/);
    } finally {
      s.close();
    }
  });

  it("is the tk why-depends command, with -a as --all", () => {
    const r = tk(["why-depends", "-a", top, a], { env: ts.env });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(golden.outputs["--all"]);
    const none = tk(["why-depends", "--all", x, a], { env: ts.env });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain("does not depend on");
  });

  it("agrees with the live nix why-depends when Nix is installed", () => {
    let nixOk = true;
    try { execFileSync("nix", ["--version"], { stdio: "ignore" }); } catch { nixOk = false; }
    if (!nixOk) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tk-wd-nix-"));
    try {
      fs.writeFileSync(path.join(dir, "nix.conf"), "build-users-group =\nexperimental-features = nix-command\nsandbox = false\nsubstituters =\n");
      fs.writeFileSync(path.join(dir, "g.nix"), golden.expr);
      const env = { ...process.env, NIX_CONF_DIR: dir };
      const store = path.join(dir, "s");
      const got = JSON.parse(execFileSync("nix-instantiate", ["--store", store, "--eval", "--strict", "--json", "--read-write-mode", path.join(dir, "g.nix")], { env }).toString());
      expect(got).toEqual(P);
      for (const flags of Object.keys(modes)) {
        const out = execFileSync("nix", ["why-depends", "--store", store, ...flags.split(" ").filter(Boolean), P.top, P.a], { env }).toString();
        expect(out.replace(/\x1b\[[0-9;]*m/g, ""), flags).toBe(golden.outputs[flags]);
      }
    } finally {
      execFileSync("chmod", ["-R", "u+w", dir]);
      deleteTree(dir);
    }
  }, 60_000);
});
