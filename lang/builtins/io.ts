// File-system and import builtins: import, scopedImport, readFile, pathExists, readDir, toFile,
// path, filterSource, getEnv, toPath, storePath, findFile; network fetchers fail clearly (offline).
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { prim } from "./registry.js";
import { LangError } from "../errors.js";
import { callFunction2 } from "../call.js";
import { coerceToPath, copyPathToStore } from "../coerce.js";
import { forceAttrs, forceBool, forceList, forceStr, forceStrNoCtx, forceStrValue, ctxOf, mkStr } from "../check.js";
import { parseHashAllowEmpty } from "../../store/hash.js";
import { makeFixedOutputPath } from "../../store/path.js";
import { importFile, scopedImportFile } from "../eval.js";
import { findInNixPath } from "../search-path.js";
import { st } from "../state.js";
import { baseNameOf, canonPath } from "../paths.js";
import { Attrs, force, NixPath, type Lazy, type Value } from "../values.js";

const pathArg = (x: Lazy): string => coerceToPath(x, new Set());

prim("import", 1, ([p]) => importFile(pathArg(p)), true);
prim("scopedImport", 2, ([s, p]) => scopedImportFile(forceAttrs(s), pathArg(p)), true);
prim("readFile", 1, ([p]) => {
  const path = pathArg(p);
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new LangError("io", `opening file '${path}': No such file or directory`);
  }
});
prim("pathExists", 1, ([p]) => existsSync(pathArg(p)));
prim("readDir", 1, ([p]) => {
  const path = pathArg(p);
  const m = new Map<string, Lazy>();
  let names: string[];
  try {
    names = readdirSync(path);
  } catch {
    throw new LangError("io", `opening directory '${path}': No such file or directory`);
  }
  for (const n of names) {
    const s = lstatSync(`${path}/${n}`);
    m.set(n, s.isDirectory() ? "directory" : s.isSymbolicLink() ? "symlink" : s.isFile() ? "regular" : "unknown");
  }
  return Attrs.fromMap(m);
});
prim("toFile", 2, ([n, s]) => {
  const name = forceStr(n);
  const sv = forceStrValue(s);
  const refs: string[] = [];
  for (const c of ctxOf(sv) ?? []) {
    if (c.startsWith("=") || c.startsWith("!")) {
      throw new LangError("eval", `in 'toFile': the file named '${name}' must not contain a reference to a derivation but contains (${c})`);
    }
    refs.push(c);
  }
  const path = st().store.addText(name, typeof sv === "string" ? sv : sv.s, refs.sort());
  return mkStr(path, new Set([path]));
});

function addFiltered(path: string, name: string, filter: Lazy | undefined, recursive: boolean): Value {
  const f = filter === undefined ? undefined : force(filter);
  // Nix passes the path to the filter as a string, with the file type
  const fn = f === undefined ? undefined : (p: string, type: string): boolean => forceBool(callFunction2(f, p, type));
  const sp = st().store.addPath(path, { name, recursive, filter: fn });
  return mkStr(sp, new Set([sp]));
}
prim("filterSource", 2, ([f, p]) => {
  const path = pathArg(p);
  return addFiltered(path, baseNameOf(path), f, true);
});
prim("path", 1, ([a]) => {
  const args = forceAttrs(a);
  for (const k of args.keys()) {
    if (!["path", "name", "filter", "recursive", "sha256"].includes(k)) {
      throw new LangError("eval", `unsupported argument '${k}' to 'addPath'`);
    }
  }
  const p = args.get("path");
  if (p === undefined) throw new LangError("eval", "missing required 'path' attribute in the first argument to builtins.path");
  const path = pathArg(p);
  const nm = args.get("name");
  const rec = args.get("recursive");
  const name = nm === undefined ? baseNameOf(path) : forceStrNoCtx(nm);
  const recursive = rec === undefined ? true : forceBool(rec);
  const filter = args.get("filter");
  const sha = args.get("sha256");
  let expected: string | undefined;
  if (sha !== undefined) {
    const h = parseHashAllowEmpty(forceStrNoCtx(sha), "sha256");
    expected = makeFixedOutputPath(st().store.storeDir, recursive ? "recursive" : "flat", h, name);
  }
  let res: Value;
  if (filter === undefined && recursive && nm === undefined) {
    const sp = copyPathToStore(path);
    res = mkStr(sp, new Set([sp]));
  } else res = addFiltered(path, name, filter, recursive);
  if (expected !== undefined && forceStr(res) !== expected) {
    // Nix's addPath gives the errors of adding a path this frame
    throw new LangError("eval", `store path mismatch in (possibly filtered) path added from '${path}'`).addFrame(`while adding path '${path}'`);
  }
  return res;
});
prim("getEnv", 1, ([n]) => process.env[forceStr(n)] ?? "");
prim("toPath", 1, ([p]) => {
  const ctx = new Set<string>();
  return mkStr(canonPath(coerceToPath(p, ctx)), ctx);
});
prim("storePath", 1, ([p]) => {
  let path = pathArg(p);
  const dir = st().store.storeDir;
  if (!path.startsWith(dir + "/")) {
    if (!existsSync(path)) throw new LangError("io", `getting status of '${path}': No such file or directory`);
    path = realpathSync(path);
    if (!path.startsWith(dir + "/")) throw new LangError("eval", `path '${path}' is not in the Nix store`);
  }
  const sp = path.split("/").slice(0, dir.split("/").length + 1).join("/");
  return mkStr(path, new Set([sp]));
});
prim("findFile", 2, ([sp, p]) => {
  const entries = forceList(sp).map((e) => {
    const a = forceAttrs(e);
    const pr = a.get("prefix");
    const pa = a.get("path");
    if (pa === undefined) throw new LangError("eval", "attribute 'path' missing");
    return { prefix: pr === undefined ? "" : forceStr(pr), path: forceStr(pa) };
  });
  return new NixPath(findInNixPath(forceStr(p), entries));
});
const offline = (name: string) => () => {
  throw new LangError("eval", `'${name}' needs the network, which is not supported offline by tk`);
};
for (const n of ["fetchurl", "fetchTarball", "fetchGit", "fetchMercurial", "fetchTree"]) {
  prim(n, 1, offline(n), n !== "fetchurl");
}
prim("unsafeGetAttrPos", 2, ([n, a]) => {
  const name = forceStr(n);
  const s = forceAttrs(a);
  const p = s.pos?.at.get(name);
  if (!s.has(name) || p === undefined) return null;
  return Attrs.fromEntries([
    ["file", s.pos!.file], ["line", Math.floor(p / 1048576)], ["column", p % 1048576],
  ]);
});
