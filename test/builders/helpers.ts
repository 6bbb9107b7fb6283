// Test helpers: temporary stores (never /tk or /nix) and derivations written the way
// `derivation` would write them (store/drv.ts + hashDerivationModulo), plus a realise() wrapper
// that collects events.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { onTestFinished } from "vitest";
import { realise, type BuildEvent, type BuildTarget, type RealiseOptions, type RealiseResult } from "../../builders/realise.js";
import type { StoreConfig } from "../../store/config.js";
import { printDerivation, derivationName, type Derivation } from "../../store/drv.js";
import { derivationType, hashDerivationModulo } from "../../store/drv-hash.js";
import { formatHash, parseHash, type HashAlgo } from "../../store/hash.js";
import { LocalStore } from "../../store/local-store.js";
import { downstreamPlaceholder, hashPlaceholder, makeFixedOutputPath, makeOutputPath } from "../../store/path.js";

/** A temporary store; `relocated` puts it under a TK_STORE_ROOT with the given logical store dir. */
export function tempStore(opts: { relocated?: boolean; storeDir?: string } = {}): { store: LocalStore; dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tk-builders-test-"));
  const cfg: StoreConfig = opts.relocated
    ? { storeDir: opts.storeDir ?? "/tk/store", storeRoot: path.join(dir, "root"), stateDir: path.join(dir, "var") }
    : { storeDir: path.join(dir, "store"), storeRoot: "", stateDir: path.join(dir, "var") };
  const store = LocalStore.open(cfg);
  return {
    store, dir,
    cleanup() {
      store.close();
      const chmod = (p: string): void => {
        let st: fs.Stats;
        try { st = fs.lstatSync(p); } catch { return; }
        if (st.isDirectory()) { fs.chmodSync(p, 0o755); for (const e of fs.readdirSync(p)) chmod(path.join(p, e)); }
      };
      chmod(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** tempStore for use inside a test: closed and removed when the test finishes. */
export function testStore(opts: { relocated?: boolean; storeDir?: string } = {}): { store: LocalStore; dir: string } {
  const t = tempStore(opts);
  onTestFinished(t.cleanup);
  return t;
}

/** An input of a test derivation: a .drv path and the outputs used. */
export interface DrvInput { drvPath: string; outputs?: string[] }

/** What a test derivation is made of. */
export interface DrvSpec {
  name: string;
  /** Shell script run by /bin/sh -c. */
  script: string;
  inputs?: DrvInput[];
  srcs?: string[];
  env?: Record<string, string>;
  outputs?: string[];
  fixed?: { mode: "flat" | "recursive"; algo: HashAlgo; hash: string };
  ca?: boolean;
  builder?: string;
}

/** The string a dependent uses for output `o` of `drvPath` (its path, or a placeholder if CA). */
export function outRef(store: LocalStore, drvPath: string, o = "out"): string {
  const drv = store.readDerivation(drvPath);
  const p = drv.outputs.get(o)!.path;
  return p !== "" ? p : downstreamPlaceholder(drvPath, o);
}

/** Write a derivation into the store as `derivation` would; returns its .drv path. */
export function addDrv(store: LocalStore, spec: DrvSpec): string {
  const outputs = spec.outputs ?? ["out"];
  const env = new Map<string, string>([["name", spec.name], ["builder", spec.builder ?? "/bin/sh"], ["system", "x86_64-linux"],
    ...Object.entries(spec.env ?? {})]);
  if (spec.outputs) env.set("outputs", outputs.join(" "));
  const inputDrvs = new Map<string, Set<string>>();
  for (const i of spec.inputs ?? []) inputDrvs.set(i.drvPath, new Set(i.outputs ?? ["out"]));
  const drv: Derivation = {
    outputs: new Map(), inputDrvs, inputSrcs: new Set(spec.srcs ?? []), platform: "x86_64-linux",
    builder: spec.builder ?? "/bin/sh", args: spec.builder?.startsWith("builtin:") ? [] : ["-c", spec.script], env,
  };
  const sd = store.config.storeDir;
  if (spec.fixed) {
    const parsed = parseHash(spec.fixed.hash, spec.fixed.algo);
    const p = makeFixedOutputPath(sd, spec.fixed.mode, parsed, spec.name);
    drv.outputs.set("out", { path: p, hashAlgo: (spec.fixed.mode === "recursive" ? "r:" : "") + spec.fixed.algo, hash: formatHash(parsed, "base16") });
    env.set("out", p);
    env.set("outputHash", spec.fixed.hash);
    env.set("outputHashAlgo", spec.fixed.algo);
    env.set("outputHashMode", spec.fixed.mode);
  } else if (spec.ca) {
    for (const o of outputs) { drv.outputs.set(o, { path: "", hashAlgo: "r:sha256", hash: "" }); env.set(o, hashPlaceholder(o)); }
  } else {
    for (const o of outputs) { drv.outputs.set(o, { path: "", hashAlgo: "", hash: "" }); env.set(o, ""); }
    const h = hashDerivationModulo(drv, true, (p) => store.readDerivation(p));
    if (h.kind === "regular") {
      for (const o of outputs) {
        const p = makeOutputPath(sd, o, h.hashes.get(o)!, spec.name);
        drv.outputs.set(o, { path: p, hashAlgo: "", hash: "" });
        env.set(o, p);
      }
    }
  }
  derivationType(drv);
  const refs = [...drv.inputSrcs, ...inputDrvs.keys()];
  return store.addTextToStore(spec.name + ".drv", printDerivation(drv), refs);
}

/** Default realise options for tests (no sandbox unless asked). */
export function opts(over: Partial<RealiseOptions> = {}): RealiseOptions & { events: BuildEvent[] } {
  const events: BuildEvent[] = [];
  return {
    maxJobs: 1, keepGoing: false, dryRun: false, check: false, keepFailed: false, sandbox: false, sandboxPaths: [],
    onEvent: (e) => events.push(e), events, ...over,
  };
}

/** realise() with collected events. */
export async function build(store: LocalStore, targets: Array<BuildTarget | string>, over: Partial<RealiseOptions> = {}):
  Promise<{ result: RealiseResult; events: BuildEvent[] }> {
  const o = opts(over);
  const result = await realise(store, targets.map((t) => (typeof t === "string" ? { drvPath: t } : t)), o);
  return { result, events: o.events };
}

/** The single output path of a built target. */
export function outOf(result: RealiseResult, drvPath: string, o = "out"): string {
  return result.outputs.find((r) => r.drvPath === drvPath)!.outputs[o]!;
}

export { derivationName };
