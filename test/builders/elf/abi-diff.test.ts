// tk abi-diff: version-aware verdicts on the scenario where abidiff 2.2 is wrong (spec §3.6), on
// identical interfaces, on additions only, and through IFS files and --json.
import { describe, it, expect } from "vitest";
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { abiDiff } from "../../../builders/elf/abi-diff.js";
import { runAbiDiff } from "../../../cli/abi-diff.js";
import { loadInterface } from "../../../builders/elf/load-interface.js";
import { filterInterface } from "../../../builders/elf/iface-filter.js";
import { writeIfs } from "../../../builders/elf/ifs-write.js";
import { FIXTURES, SYSLIB, tmp, has, sh, buildLibt } from "./helpers.js";

function build(dir: string, v: string): string {
  const out = join(dir, `libabi-${v}.so`);
  sh(`gcc -shared -fPIC -o ${out} -Wl,-soname,libabi.so.1 -Wl,--version-script=${FIXTURES}/abi-${v}.map ${FIXTURES}/abi-${v}.c`);
  return out;
}

describe.skipIf(!has("gcc"))("tk abi-diff", () => {
  it("classifies the §3.6 scenario correctly", () => {
    const dir = tmp();
    const r = abiDiff(loadInterface(build(dir, "v1")), loadInterface(build(dir, "v2")));
    expect(r.verdict).toBe("breaking");
    const d = r.changes.map((c) => `${c.severity} ${c.kind} ${c.detail}`);
    expect(d).toContain("breaking removed bar@@V1 (Func) removed");
    expect(d).toContain("breaking size table@@V1: size 16 -> 32 bytes");
    expect(d).toContain("addition default-moved foo: default version V1 -> V2 (old binaries keep foo@V1; new links get foo@@V2)");
    expect(d).toContain("addition added foo@@V2 (Func) added");
    expect(d).toContain("addition added baz@@V2 (Func) added");
    expect(d).toContain("addition version-added version V2 added");
    expect(d).toContain("note binding counter@@V1: binding GLOBAL -> WEAK");
    expect(d.some((x) => x.includes("foo@@V1") && x.startsWith("breaking"))).toBe(false);
  });

  it("same interface, different code: compatible; additions only: additions", () => {
    const dir = tmp();
    const a = buildLibt(dir, 0, "a.so"), b = buildLibt(dir, 1, "b.so");
    expect(abiDiff(loadInterface(a), loadInterface(b))).toEqual({ verdict: "compatible", changes: [] });
    const z = loadInterface(join(SYSLIB, "libz.so.1"));
    const older = filterInterface(z, { exclude: ["crc32_combine_gen*"] });
    const r = abiDiff(older, z);
    expect(r.verdict).toBe("additions");
    expect(abiDiff(z, older).verdict).toBe("breaking");
    const arm = abiDiff(z, { ...z, target: { ...z.target, machine: 183 } });
    expect(arm.changes.map((c) => c.kind)).toEqual(["target"]);
    expect(arm.verdict).toBe("breaking");
  });

  it("reads .ifs files and prints JSON; exit status 1 only when breaking", () => {
    const dir = tmp();
    const v1 = join(dir, "v1.ifs"), v2 = join(dir, "v2.ifs");
    writeFileSync(v1, writeIfs(loadInterface(build(dir, "v1"))));
    writeFileSync(v2, writeIfs(loadInterface(build(dir, "v2"))));
    const out: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    (process.stdout as { write: unknown }).write = (s: string): boolean => { out.push(String(s)); return true; };
    let s1 = -1, s2 = -1;
    try {
      s1 = runAbiDiff(v1, v2, { json: true });
      s2 = runAbiDiff(v1, v1, {});
    } finally { (process.stdout as { write: unknown }).write = orig; }
    expect(s1).toBe(1);
    expect(s2).toBe(0);
    expect(JSON.parse(out[0]).verdict).toBe("breaking");
    expect(out[1]).toBe("compatible: 0 breaking, 0 additions, 0 notes\n");
    expect(readFileSync(v1, "utf8")).toContain("--- !tk-ifs-ext");
  });
});
