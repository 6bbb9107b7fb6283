// `tk hash path|file`: print the NAR hash of paths or the plain hash of files, like `nix hash`.
import type { Command } from "commander";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { StoreError, UsageError } from "../store/errors.js";
import { formatHash, parseHashAlgo, type HashAlgo } from "../store/hash.js";
import { dumpPath } from "../store/nar.js";
import { fsPathArg } from "./store-args.js";
import { action, type Verb } from "./verb.js";

interface HashFlags { type: string; base16?: boolean; base32?: boolean; base64?: boolean; sri?: boolean }

function form(f: HashFlags): "base16" | "base32" | "base64" | "sri" {
  const chosen = (["base16", "base32", "base64", "sri"] as const).filter((k) => f[k]);
  if (chosen.length > 1) throw new UsageError("choose only one of --base16, --base32, --base64, --sri");
  return chosen[0] ?? "sri";
}

/** Hash of the NAR serialisation of `p` (one reused chunk buffer: the data is hashed while it is
 *  still in this core's cache; reading ahead in the thread pool measured slower, see store/README). */
export function hashPath(algo: HashAlgo, p: string): Buffer {
  const h = createHash(algo);
  dumpPath(p, (c) => h.update(c), { borrow: true });
  return h.digest();
}

/** Hash of a file's bytes, read in big chunks. */
export function hashFile(algo: HashAlgo, p: string): Buffer {
  const h = createHash(algo);
  let fd: number;
  try {
    fd = fs.openSync(p, "r");
  } catch (e) {
    throw new StoreError("bad-path", `cannot read '${p}': ${(e as Error).message}`, p);
  }
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return h.digest();
}

function sub(program: Command, name: "path" | "file", what: string): void {
  program
    .command(name)
    .description(what)
    .argument("<paths...>", "files or directories")
    .option("--type <algo>", "hash algorithm: md5, sha1, sha256 or sha512", "sha256")
    .option("--base16", "print in base-16").option("--base32", "print in Nix base-32")
    .option("--base64", "print in base-64").option("--sri", "print in SRI form (the default)")
    .action(action((paths: string[], flags: HashFlags) => {
      const algo = parseHashAlgo(flags.type);
      const f = form(flags);
      for (const p of paths) {
        const bytes = name === "path" ? hashPath(algo, fsPathArg(p)) : hashFile(algo, fsPathArg(p));
        process.stdout.write(formatHash({ algo, bytes }, f) + "\n");
      }
    }));
}

/** `tk hash path|file [--type T] [--base16|--base32|--base64|--sri] PATH…`. */
export const command: Verb = {
  name: "hash",
  summary: "print the NAR hash of paths or the hash of files (like nix hash)",
  register(program: Command) {
    const cmd = program.command("hash").description("compute hashes like `nix hash path` / `nix hash file`");
    sub(cmd, "path", "hash the NAR serialisation of each path");
    sub(cmd, "file", "hash the contents of each file");
  },
};
