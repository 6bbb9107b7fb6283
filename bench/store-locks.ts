// In-process measurement of per-path lock cost (`node dist/bench/store-locks.js [N]`): takes and
// releases N distinct path locks through LocalStore.lockPaths, three rounds (the lock files are
// deleted on release, so every round creates them afresh).
// Nix has no command that only locks, so this is not a side-by-side benchmark; it prints ms/path.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalStore } from "../store/local-store.js";

const n = Number(process.argv[2] ?? 1000);
const root = fs.mkdtempSync(path.join(os.tmpdir(), "tk-bench-locks-"));
try {
  const store = LocalStore.open({ storeDir: "/tk/store", storeRoot: root, stateDir: root + "/state" });
  const paths = Array.from({ length: n }, (_, i) => `/tk/store/${String(i).padStart(32, "0").replace(/[eotu]/g, "a")}-p${i}`);
  let t = performance.now();
  store.lockPaths([paths[0]!]).release();
  process.stdout.write(`first lock: ${(performance.now() - t).toFixed(2)} ms\n`);
  for (const round of ["round 1", "round 2", "round 3"]) {
    t = performance.now();
    for (const p of paths) store.lockPaths([p]).release();
    process.stdout.write(`${round}: ${((performance.now() - t) / n).toFixed(3)} ms per path (${n} paths)\n`);
  }
  store.close();
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
