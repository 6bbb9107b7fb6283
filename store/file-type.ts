// The three file types a NAR (and so a store path) can hold, and the filter type used when
// serialising or copying a tree (Nix's PathFilter).
import type * as fs from "node:fs";

/** Chooses which entries below the root go into a NAR (Nix's PathFilter); gets the physical path. */
export type PathFilter = (path: string, type: "regular" | "directory" | "symlink" | "unknown") => boolean;

/** The NAR-relevant type of an lstat result. */
export function fileType(st: fs.Stats): "regular" | "directory" | "symlink" | "unknown" {
  return st.isFile() ? "regular" : st.isDirectory() ? "directory" : st.isSymbolicLink() ? "symlink" : "unknown";
}
