// The build sandbox: a bubblewrap command line that shows the builder only its input closure (physical
// paths bound read-only at their logical store paths), a writable staging store dir where it creates its
// outputs, the build dir at /build, /bin/sh and the configured sandbox-paths — with new net, pid, ipc
// and uts namespaces (hostname "localhost"); the network stays only for fixed-output derivations.
import * as fs from "node:fs";
import * as path from "node:path";

/** What the host toolchain needs, read-only. Never /etc/passwd, /root or $HOME. */
export const DEFAULT_SANDBOX_PATHS = ["/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc/alternatives"];

/** Where the build dir appears inside the sandbox (as in Nix). */
export const SANDBOX_BUILD_DIR = "/build";

/** Files a fixed-output (networked) build needs to resolve names. */
const NETWORK_FILES = ["/etc/resolv.conf", "/etc/hosts", "/etc/services", "/etc/nsswitch.conf", "/etc/ssl", "/etc/ca-certificates"];

/** Inputs to the bwrap command line. */
export interface SandboxSpec {
  /** Logical store dir. */
  storeDir: string;
  /** Physical dir bound writable at storeDir: outputs appear here under their base names. */
  stagingStoreDir: string;
  /** Input closure: logical store path → physical path. */
  inputs: Map<string, string>;
  /** Physical build dir, bound at /build. */
  buildDir: string;
  /** Keep the host network (fixed-output derivations only). */
  network: boolean;
  /** sandbox-paths entries: "path", "target=source", optional with a trailing "?". */
  sandboxPaths: string[];
}

/** Parse one sandbox-paths entry into target, source and whether it may be missing. */
function parseEntry(entry: string): { target: string; source: string; optional: boolean } {
  let e = entry;
  let optional = false;
  if (e.endsWith("?")) { optional = true; e = e.slice(0, -1); }
  const eq = e.indexOf("=");
  return eq === -1 ? { target: e, source: e, optional } : { target: e.slice(0, eq), source: e.slice(eq + 1), optional };
}

/** The bwrap arguments (without the builder command) for a sandboxed build. */
export function bwrapArgs(spec: SandboxSpec): string[] {
  const a: string[] = ["--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
    "--unshare-cgroup-try", "--hostname", "localhost"];
  if (!spec.network) a.push("--unshare-net");
  a.push("--proc", "/proc", "--dev", "/dev");
  const seen = new Set<string>();
  const host = (target: string, source: string, optional: boolean): void => {
    if (seen.has(target)) return;
    let st: fs.Stats;
    try { st = fs.lstatSync(source); } catch {
      if (optional || DEFAULT_SANDBOX_PATHS.includes(target)) return;
      a.push("--ro-bind", source, target); // let bwrap report the missing path
      return;
    }
    seen.add(target);
    if (st.isSymbolicLink()) a.push("--symlink", fs.readlinkSync(source), target);
    else a.push("--ro-bind", source, target);
  };
  for (const e of spec.sandboxPaths) { const p = parseEntry(e); host(p.target, p.source, p.optional); }
  // /bin/sh (the file it resolves to), unless /bin itself is already provided.
  if (!seen.has("/bin")) {
    let sh = "/bin/sh";
    try { sh = fs.realpathSync("/bin/sh"); } catch { /* let bwrap report it */ }
    host("/bin/sh", sh, false);
  }
  if (spec.network) for (const f of NETWORK_FILES) host(f, f, true);
  a.push("--bind", spec.stagingStoreDir, spec.storeDir);
  for (const [logical, physical] of [...spec.inputs].sort()) a.push("--ro-bind", physical, logical);
  a.push("--bind", spec.buildDir, SANDBOX_BUILD_DIR, "--chdir", SANDBOX_BUILD_DIR);
  a.push("--remount-ro", "/"); // the sandbox's own root: nothing outside the binds above is writable
  return a;
}

let bwrapCache: string | undefined;

/** Absolute path of bwrap, found on tk's own PATH (the builder's PATH is a dummy). */
export function bwrapPath(): string {
  if (bwrapCache === undefined) {
    bwrapCache = "/usr/bin/bwrap";
    for (const dir of (process.env.PATH ?? "").split(":")) {
      if (dir === "") continue;
      const p = path.join(dir, "bwrap");
      try { fs.accessSync(p, fs.constants.X_OK); bwrapCache = p; break; } catch { /* next */ }
    }
  }
  return bwrapCache;
}

/** Create the (empty) staging store dir `p` of a sandboxed build; returns p. */
export function makeStagingStore(p: string): string {
  fs.mkdirSync(p, { mode: 0o1775 });
  return p;
}
