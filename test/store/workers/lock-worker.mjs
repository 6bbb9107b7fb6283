// Child process for the lock-deletion test: `node lock-worker.mjs LOCKFILE COUNTER N` takes the lock
// (deleting the lock file on release) N times and each time increments the number in COUNTER with a
// read and a later write, so two holders at once would lose an increment.
import * as fs from "node:fs";

const { lockFile } = await import(`${process.env.TK_STORE_JS}/locks.js`);
const [file, counter, n] = process.argv.slice(2);
for (let i = 0; i < Number(n); i++) {
  const lock = lockFile(file, undefined, { deleteOnRelease: true });
  try {
    const v = Number(fs.readFileSync(counter, "utf8"));
    fs.writeFileSync(counter, String(v + 1));
  } finally {
    lock.release();
  }
}
