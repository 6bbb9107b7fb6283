// File-system and import builtins: import, scopedImport, readFile, pathExists, readDir, toFile,
// path, filterSource, getEnv, toPath, storePath, findFile; network fetchers fail clearly (offline).
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { prim } from "./registry.js";
import { LangError } from "../errors.js";
import { callN } from "../call.js";
import { coerceToPath, copyPathToStore } from "../coerce.js";
import { forceAttrs, forceBool, forceList, forceStr, forceStrValue, ctxOf, mkStr } from "../check.js";
import { importFile, scopedImportFile } from "../eval.js";
import { findInNixPath } from "../search-path.js";
import { st } from "../state.js";
import { baseNameOf } from "../paths.js";
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
  return new Attrs(m);
});
prim("toFile", 2, ([n, s]) => {
  const name = forceStr(n);
  const sv = forceStrValue(s);
  const refs: string[] = [];
  for (const c of ctxOf(sv) ?? []) {
    if (c.startsWith("=") || c.startsWith("!")) {
      throw new LangError("eval", `in 'toFile': the file '${name}' cannot refer to derivation outputs`);
    }
    refs.push(c);
  }
  const path = st().store.addText(name, typeof sv === "string" ? sv : sv.s, refs.sort());
  return mkStr(path, new Set([path]));
});

function addFiltered(path: string, name: string, filter: Lazy | undefined, recursive: boolean): Value {
  const f = filter === undefined ? undefined : force(filter);
  const fn = f === undefined ? undefined : (p: string, type: string): boolean => forceBool(callN(f, new NixPath(p), type));
  const sp = st().store.addPath(path, { name, recursive, filter: fn });
  return mkStr(sp, new Set([sp]));
}
prim("filterSource", 2, ([f, p]) => {
  const path = pathArg(p);
  return addFiltered(path, baseNameOf(path), f, true);
});
prim("path", 1, ([a]) => {
  const args = forceAttrs(a);
  const p = args.m.get("path");
  if (p === undefined) throw new LangError("eval", "'path' required");
  const path = pathArg(p);
  const nm = args.m.get("name");
  const rec = args.m.get("recursive");
  if (args.m.has("sha256")) throw new LangError("eval", "builtins.path: 'sha256' is not supported by tk");
  const name = nm === undefined ? baseNameOf(path) : forceStr(nm);
  const recursive = rec === undefined ? true : forceBool(rec);
  const filter = args.m.get("filter");
  if (filter === undefined && recursive && nm === undefined) {
    const sp = copyPathToStore(path);
    return mkStr(sp, new Set([sp]));
  }
  return addFiltered(path, name, filter, recursive);
});
prim("getEnv", 1, ([n]) => process.env[forceStr(n)] ?? "");
prim("toPath", 1, ([p]) => {
  const ctx = new Set<string>();
  return mkStr(coerceToPath(p, ctx), ctx);
});
prim("storePath", 1, ([p]) => {
  const path = pathArg(p);
  return mkStr(path, new Set([path]));
});
prim("findFile", 2, ([_sp, p]) => new NixPath(findInNixPath(forceStr(p))));
const offline = (name: string) => () => {
  throw new LangError("eval", `'${name}' needs the network, which is not supported offline by tk`);
};
for (const n of ["fetchurl", "fetchTarball", "fetchGit", "fetchMercurial", "fetchTree"]) {
  prim(n, 1, offline(n), n === "fetchTarball" || n === "fetchGit" || n === "fetchMercurial");
}
prim("unsafeGetAttrPos", 2, ([n, a]) => {
  forceStr(n);
  forceAttrs(a);
  return null;
});
void forceList;
