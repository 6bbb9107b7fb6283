// Path helpers with Nix's semantics: canonPath (no symlink resolution), baseNameOf, dirOf.

/** Nix's canonPath: absolute, no ".", "..", "//" or trailing slash. */
export function canonPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return "/" + out.join("/");
}

/** Nix's baseNameOf on a string: the part after the last slash (ignoring one trailing slash). */
export function baseNameOf(s: string): string {
  let end = s.length;
  if (end > 0 && s[end - 1] === "/") end--;
  const i = s.lastIndexOf("/", end - 1);
  return s.slice(i + 1, end);
}

/** Nix's dirOf on a string. */
export function dirOf(s: string): string {
  const i = s.lastIndexOf("/");
  if (i < 0) return ".";
  if (i === 0) return "/";
  return s.slice(0, i);
}
