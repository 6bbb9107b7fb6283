// Child process for the crash and concurrency tests: loads the compiled store code from
// $TK_STORE_JS and adds/registers paths in the store given by TK_STORE_DIR/TK_STORE_ROOT/TK_STATE_DIR.
//   node store-worker.mjs crash <seed>     loop forever adding paths (until SIGKILL)
//   node store-worker.mjs overlap <count>  add a fixed, overlapping set of paths, then exit 0
//   node store-worker.mjs gc               collect garbage in a loop (until SIGKILL)
import * as fs from "node:fs";

const js = process.env.TK_STORE_JS;
const { LocalStore } = await import(`${js}/local-store.js`);
const { storeConfigFromEnv } = await import(`${js}/config.js`);
const { makeStorePath } = await import(`${js}/path.js`);
const { hashOf } = await import(`${js}/hash.js`);
const store = LocalStore.open(storeConfigFromEnv());
const [mode, arg] = process.argv.slice(2);
const sd = store.config.storeDir;

function tree(dir, seed, files) {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < files; i++) {
    fs.mkdirSync(`${dir}/d${i % 3}`, { recursive: true });
    fs.writeFileSync(`${dir}/d${i % 3}/f${i}`, `seed ${seed} file ${i} `.repeat(50 + i * 200), { mode: i % 2 ? 0o755 : 0o644 });
  }
  fs.symlinkSync("d0", `${dir}/link`);
}

/** Builds an output in place (as a builder would) and registers it under its lock. */
function buildAndRegister(name, text, refs) {
  const p = makeStorePath(sd, "output:out", hashOf("sha256", name), name);
  const lock = store.lockPaths([p]);
  try {
    if (store.validWithTempRoot(p)) return p;
    store.deleteInvalidPath(p);
    const phys = store.physical(p);
    fs.mkdirSync(phys + "/bin", { recursive: true });
    fs.writeFileSync(phys + "/bin/x", text + refs.join(" ") + `\nself ${p}\n`, { mode: 0o755 });
    fs.writeFileSync(phys + "/big", Buffer.alloc(300000, name));
    store.registerBuiltPath(p, { referenceCandidates: refs, deriver: undefined });
    return p;
  } finally {
    lock.release();
  }
}

if (mode === "gc") {
  const { collectGarbage } = await import(`${js}/gc.js`);
  process.stdout.write("ready\n");
  for (;;) collectGarbage(store);
} else if (mode === "crash") {
  const seed = Number(arg);
  process.stdout.write("ready\n");
  let prev = [];
  for (let i = 0; ; i++) {
    const t = store.addTextToStore(`t-${seed}-${i}`, `text ${seed} ${i} ${prev.join(" ")}`, prev);
    const dir = `${process.env.TK_WORK}/src-${process.pid}-${i}`;
    tree(dir, `${seed}-${i}`, 6);
    const s = store.addPathToStore(dir, { method: "recursive", name: `src-${seed}-${i}` });
    const b = buildAndRegister(`b${seed}x${i}`, `built ${seed} ${i} ${t}`, [t, s]);
    prev = [t, s, b].slice(0, 1 + (i % 3));
  }
} else {
  const count = Number(arg);
  let prev = [];
  const dir = `${process.env.TK_WORK}/shared-src`;
  if (!fs.existsSync(dir)) {
    const mine = `${dir}.${process.pid}`;
    tree(mine, "shared", 8);
    try { fs.renameSync(mine, dir); } catch { /* another worker made it */ }
  }
  for (let i = 0; i < count; i++) {
    const t = store.addTextToStore(`shared-${i}`, `shared text ${i} ${prev.join(" ")}`, prev);
    const s = store.addPathToStore(dir, { method: "recursive", name: `shared-src-${i % 4}` });
    const b = buildAndRegister(`shared${i % 5}`, `shared build ${i % 5}`, []);
    prev = [t, s, b];
  }
  store.close();
  process.stdout.write("done\n");
}
