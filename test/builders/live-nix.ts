// Re-running a golden recording script against the installed Nix (when present), so tests compare
// with the live tool as well as with the committed goldens.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** True when nix-instantiate and nix-store are installed. */
export const haveNix = ["nix-instantiate", "nix-store"].every((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status === 0);

/** Run test/builders/<script> into a temp file and return the parsed JSON it wrote. */
export function recordLive(script: string): unknown {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tk-live-golden-"));
  try {
    const out = path.join(dir, "out.json");
    const r = spawnSync(fileURLToPath(new URL(`./${script}`, import.meta.url)), [out], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${script} failed: ${r.stdout}${r.stderr}`);
    return JSON.parse(fs.readFileSync(out, "utf8"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
