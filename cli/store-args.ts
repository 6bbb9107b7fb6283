// Helpers shared by the store verbs: turning user arguments (store paths, paths inside them, physical
// paths of a relocated store, `result` links) into store paths, and writing binary data to stdout.
import * as fs from "node:fs";
import * as path from "node:path";
import { physicalPath, storeConfigFromEnv, type StoreConfig } from "../store/config.js";
import { StoreError } from "../store/errors.js";
import type { LocalStore } from "../store/local-store.js";
import { toStorePath } from "../store/path.js";

/** The store path an argument names; follows symlinks such as `result`. */
export function storePathArg(store: LocalStore, arg: string): string {
  const { storeDir } = store.config;
  if (arg.startsWith(storeDir + "/")) return toStorePath(storeDir, arg);
  let real: string;
  try {
    real = fs.realpathSync(path.resolve(arg));
  } catch {
    throw new StoreError("bad-store-path", `path '${arg}' does not exist and is not a store path`, arg);
  }
  const phys = fs.realpathSync(store.physicalStoreDir);
  if (real.startsWith(phys + "/")) return toStorePath(storeDir, storeDir + real.slice(phys.length));
  if (real.startsWith(storeDir + "/")) return toStorePath(storeDir, real);
  throw new StoreError("bad-store-path", `path '${arg}' is not in the store '${storeDir}'`, arg);
}

/** A file-system path argument: a logical store path of a relocated store maps to its physical place. */
export function fsPathArg(arg: string, cfg: StoreConfig = storeConfigFromEnv()): string {
  if (cfg.storeRoot && arg.startsWith(cfg.storeDir + "/") && !fs.existsSync(arg)) return physicalPath(cfg, arg);
  return arg;
}

/** Like storePathArg, but the path must also be valid. */
export function validStorePathArg(store: LocalStore, arg: string): string {
  const p = storePathArg(store, arg);
  if (!store.isValidPath(p)) throw new StoreError("invalid-path", `path '${p}' is not valid`, p);
  return p;
}

/** Writes a buffer to a file descriptor completely, waiting out EAGAIN on non-blocking pipes. */
export function writeAllSync(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
  }
}

/** Reads a file (or stdin for "-") in 1 MiB chunks. */
export function* readChunks(file: string): Generator<Buffer> {
  const fd = file === "-" ? 0 : fs.openSync(file, "r");
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(1 << 20);
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EAGAIN") {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
          continue;
        }
        if ((e as NodeJS.ErrnoException).code === "EOF") return;
        throw e;
      }
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    if (fd !== 0) fs.closeSync(fd);
  }
}

/** Parses a byte count with an optional K/M/G/T suffix (powers of 1024). */
export function parseBytes(text: string): number {
  const m = /^(\d+)([KMGT]?)$/i.exec(text.trim());
  if (!m) throw new StoreError("bad-size", `invalid byte count '${text}' (expected e.g. 1000, 64K, 2G)`);
  const mult = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2].toUpperCase() as "" | "K"]!;
  return Number(m[1]) * mult;
}
