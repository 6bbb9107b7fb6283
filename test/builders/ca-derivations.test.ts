// Floating content-addressed derivations against Nix 2.8 (goldens/ca-derivations.json, recorded by
// record-ca-goldens.sh): the same .drv files built by tk in a relocated store with the logical dir
// /nix/store give the same output paths, CA fields, contents, resolved .drv files and realisations.
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDerivation } from "../../store/drv.js";
import type { LocalStore } from "../../store/local-store.js";
import { build, tempStore } from "./helpers.js";
import { haveNix, recordLive } from "./live-nix.js";

interface CaGolden {
  drvs: Record<string, string>;
  resolved: Record<string, { path: string; text: string }>;
  outputs: Record<string, { ca: string | null; deriver: string; contents: string | Record<string, string> }>;
  realisations: Array<{ id: string; outPath: string; dependents: string[] }>;
}
const golden = JSON.parse(fs.readFileSync(new URL("./goldens/ca-derivations.json", import.meta.url), "utf8")) as CaGolden;
const haveBwrap = spawnSync("bwrap", ["--ro-bind", "/", "/", "true"]).status === 0;

/** Add the golden .drv files, inputs first; each must land at Nix's path. */
function addGoldenDrvs(s: LocalStore): void {
  const pending = new Map(Object.entries(golden.drvs));
  while (pending.size > 0) {
    for (const [p, text] of pending) {
      const drv = parseDerivation(text);
      if ([...drv.inputDrvs.keys()].some((i) => pending.has(i))) continue;
      const name = path.basename(p).slice(33);
      expect(s.addTextToStore(name, text, [...drv.inputSrcs, ...drv.inputDrvs.keys()])).toBe(p);
      pending.delete(p);
    }
  }
}

function readContents(s: LocalStore, p: string): string | Record<string, string> {
  const phys = s.physical(p);
  if (fs.statSync(phys).isFile()) return fs.readFileSync(phys, "utf8");
  const out: Record<string, string> = {};
  for (const n of fs.readdirSync(phys).sort()) {
    const f = path.join(phys, n);
    out[n] = fs.lstatSync(f).isSymbolicLink() ? "->" + fs.readlinkSync(f) : fs.readFileSync(f, "utf8");
  }
  return out;
}

describe.skipIf(!haveBwrap)("floating CA derivations match Nix 2.8", () => {
  let t: ReturnType<typeof tempStore>;
  let outputs: Map<string, Record<string, string>>;
  beforeAll(async () => {
    t = tempStore({ relocated: true, storeDir: "/nix/store" });
    addGoldenDrvs(t.store);
    const { result } = await build(t.store, Object.keys(golden.drvs), { sandbox: true, maxJobs: 2 });
    outputs = new Map(result.outputs.map((r) => [r.drvPath, r.outputs]));
  });
  afterAll(() => t.cleanup());

  it("gives every output Nix's path, CA field and contents", () => {
    const built = [...outputs.values()].map((o) => o.out!).sort();
    expect(built).toEqual(Object.keys(golden.outputs).sort());
    for (const [p, g] of Object.entries(golden.outputs)) {
      const info = t.store.queryPathInfo(p)!;
      expect(info.ca ?? null).toBe(g.ca);
      expect(info.deriver).toBe(g.deriver);
      expect(readContents(t.store, p)).toEqual(g.contents);
    }
  });

  it("writes the resolved derivations byte for byte at Nix's paths", () => {
    for (const r of Object.values(golden.resolved)) {
      expect(t.store.isValidPath(r.path)).toBe(true);
      expect(fs.readFileSync(t.store.physical(r.path), "utf8")).toBe(r.text);
    }
  });

  it("registers Nix's realisations with their dependent realisations", () => {
    for (const g of golden.realisations) {
      const r = t.store.queryRealisation(g.id);
      expect(r, g.id).toBeDefined();
      expect(t.store.config.storeDir + "/" + r!.outPath).toBe(g.outPath);
      expect(Object.keys(r!.dependentRealisations).sort()).toEqual(g.dependents);
    }
  });

  it("does nothing the second time: every output is known from its realisation", async () => {
    const { events } = await build(t.store, Object.keys(golden.drvs), { sandbox: true });
    expect(events.filter((e) => e.type === "start")).toEqual([]);
  });
});

describe.skipIf(!haveNix)("the goldens are what the installed Nix does", () => {
  it("record-ca-goldens.sh reproduces goldens/ca-derivations.json", () => {
    expect(recordLive("record-ca-goldens.sh")).toEqual(golden);
  });
});
