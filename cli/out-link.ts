// `result` symlinks: created next to the user's files and registered as indirect GC roots in
// <stateDir>/gcroots/auto/<b32(sha1(link path))> -> link path, the way Nix's addIndirectRoot does.
import { mkdirSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { encodeBase32 } from "../store/base32.js";
import { hashOf } from "../store/hash.js";
import type { StoreConfig } from "../store/config.js";

/** Makes `link` point at `target` (replacing any old link atomically) and registers it as a GC root. */
export function createOutLink(config: StoreConfig, link: string, target: string): void {
  const abs = resolve(link);
  const tmp = `${abs}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(target, tmp);
  renameSync(tmp, abs);
  const autoDir = join(config.stateDir, "gcroots", "auto");
  mkdirSync(autoDir, { recursive: true });
  const root = join(autoDir, encodeBase32(hashOf("sha1", abs).bytes));
  const rootTmp = `${root}.tmp-${process.pid}`;
  rmSync(rootTmp, { force: true });
  symlinkSync(abs, rootTmp);
  renameSync(rootTmp, root);
}

/** The link names for the i-th target's outputs: result, result-dev, result-2, result-2-dev, ... */
export function outLinkName(base: string, targetIndex: number, output: string): string {
  const numbered = targetIndex === 0 ? base : `${base}-${targetIndex + 1}`;
  return output === "out" ? numbered : `${numbered}-${output}`;
}
