// `tk nar dump|cat|ls|restore`: serialise a path as a NAR, read files and listings out of a NAR file
// (like `nix-store --dump`, `nix nar cat`, `nix nar ls`), or unpack one (`nix-store --restore`).
import type { Command } from "commander";
import { StoreError } from "../store/errors.js";
import { dumpPath, restoreNar } from "../store/nar.js";
import { listNar, parseNar, type NarEntry } from "../store/nar-parse.js";
import { fsPathArg, readChunks, writeAllSync } from "./store-args.js";
import { action, type Verb } from "./verb.js";

/** Makes stdout blocking again. Touching process.stdout (the CLI counts its output) turns a pipe or
 *  socket on fd 1 non-blocking; big synchronous writes then hit EAGAIN at every full pipe buffer and
 *  can only sleep and retry (measured: 880 retries, 2.2 s instead of 0.4 s for a 1 GB `nar dump | cat`).
 *  Blocking writes wait exactly as long as the reader needs. Returns whether it could. */
export function blockingStdout(): boolean {
  const handle = (process.stdout as unknown as { _handle?: { setBlocking?: (b: boolean) => number } })._handle;
  if (typeof handle?.setBlocking !== "function") return false; // a file or /dev/null: writes never block
  return handle.setBlocking(true) === 0;
}

/** Normalises a path inside a NAR to "" (root) or "/a/b". */
function narPath(p: string): string {
  return ("/" + p).replace(/\/+/g, "/").replace(/\/$/, "");
}

function entryAt(entries: NarEntry[], p: string): NarEntry {
  const e = entries.find((x) => x.path === p);
  if (!e) throw new StoreError("not-found", `path '${p || "/"}' does not exist in the NAR`);
  return e;
}

function children(entries: NarEntry[], dir: string): NarEntry[] {
  return entries.filter((e) => e.path.startsWith(dir + "/") && !e.path.slice(dir.length + 1).includes("/"));
}

function lsLine(e: NarEntry, rel: string, long: boolean): string {
  if (!long) return rel;
  const mode = e.type === "regular" ? (e.executable ? "-r-xr-xr-x" : "-r--r--r--") : e.type === "symlink" ? "lrwxrwxrwx" : "dr-xr-xr-x";
  const line = `${mode} ${String(e.type === "regular" ? e.size : 0).padStart(20)} ${rel}`;
  return e.type === "symlink" ? `${line} -> ${e.target}` : line;
}

/** The `nix nar ls` text listing. */
export function narLsText(entries: NarEntry[], p: string, opts: { recursive: boolean; long: boolean; directory: boolean }): string[] {
  const out: string[] = [];
  const show = (e: NarEntry, rel: string) => {
    out.push(lsLine(e, rel, opts.long));
    if (opts.recursive && e.type === "directory") list(e, rel);
  };
  const list = (dir: NarEntry, rel: string) => {
    for (const c of children(entries, dir.path)) show(c, `${rel}/${c.path.slice(c.path.lastIndexOf("/") + 1)}`);
  };
  const root = entryAt(entries, p);
  if (root.type === "directory" && !opts.directory) list(root, ".");
  else show(root, root.type === "directory" ? "." : p.slice(p.lastIndexOf("/") + 1));
  return out;
}

/** The `nix nar ls --json` value. */
export function narLsJson(entries: NarEntry[], p: string, recursive: boolean): unknown {
  const e = entryAt(entries, p);
  if (e.type === "regular") {
    return { type: "regular", size: e.size, ...(e.executable ? { executable: true } : {}), narOffset: e.narOffset };
  }
  if (e.type === "symlink") return { type: "symlink", target: e.target };
  const ents: Record<string, unknown> = {};
  for (const c of children(entries, p)) {
    ents[c.path.slice(c.path.lastIndexOf("/") + 1)] = recursive ? narLsJson(entries, c.path, true) : {};
  }
  return { type: "directory", entries: ents };
}

/** `tk nar dump|cat|ls|restore`. */
export const command: Verb = {
  name: "nar",
  summary: "create, inspect and unpack NAR archives",
  register(program: Command) {
    const nar = program.command("nar").description("create, inspect and unpack NAR archives");
    nar.command("dump").description("write the NAR serialisation of PATH to stdout (like nix-store --dump)")
      .argument("<path>", "file or directory").action(action((p: string) => {
        blockingStdout();
        // on this thread: a reader thread only adds a third party to reader, writer and consumer of the
        // pipe on two cores, and gains nothing when the output is a file or /dev/null (store/README)
        dumpPath(fsPathArg(p), (c) => writeAllSync(1, c), { borrow: true, threadFrom: false });
      }));
    nar.command("cat").description("print the contents of a regular file inside a NAR file")
      .argument("<nar>", "NAR file, or - for stdin").argument("<path>", "path inside the NAR")
      .action(action((file: string, p: string) => {
        const want = narPath(p);
        blockingStdout();
        let state: "absent" | "other" | "reading" | "done" = "absent";
        parseNar(readChunks(file), {
          directory: (rel) => { if (rel.toString() === want) state = "other"; },
          symlink: (rel) => { if (rel.toString() === want) state = "other"; },
          fileStart: (rel) => { if (rel.toString() === want) state = "reading"; },
          fileData: (c) => { if (state === "reading") writeAllSync(1, c); },
          fileEnd: () => { if (state === "reading") state = "done"; },
        });
        if (state === "absent") throw new StoreError("not-found", `path '${p}' does not exist in the NAR`);
        if (state !== "done") throw new StoreError("not-a-file", `path '${p}' is not a regular file`);
      }));
    nar.command("ls").description("list the contents of a NAR file (like nix nar ls)")
      .argument("<nar>", "NAR file, or - for stdin").argument("[path]", "path inside the NAR", "/")
      .option("-R, --recursive", "list subdirectories recursively").option("-l, --long", "show type, size and link target")
      .option("-d, --directory", "show directories rather than their contents").option("--json", "print JSON")
      .action(action((file: string, p: string, f: { recursive?: boolean; long?: boolean; directory?: boolean; json?: boolean }) => {
        const entries = listNar(readChunks(file));
        const at = narPath(p);
        if (f.json) process.stdout.write(JSON.stringify(narLsJson(entries, at, !!f.recursive)) + "\n");
        else for (const l of narLsText(entries, at, { recursive: !!f.recursive, long: !!f.long, directory: !!f.directory })) process.stdout.write(l + "\n");
      }));
    nar.command("restore").description("unpack a NAR from stdin (or --file) into DEST, validating it")
      .argument("<dest>", "where to create the tree (must not exist)").option("-f, --file <nar>", "read this file instead of stdin", "-")
      .action(action((dest: string, f: { file: string }) => restoreNar(readChunks(f.file), dest)));
  },
};
