// The narrow store interface the evaluator uses for every store read or write (handed in by cli/),
// so `tk eval` can run against a dry store that only computes paths.

/** Store access needed during evaluation. */
export interface EvalStore {
  /** The logical store directory, e.g. /nix/store. */
  readonly storeDir: string;
  /** Write text (a .drv or builtins.toFile) into the store, or in a dry store only compute the path. */
  addText(name: string, text: string, refs: string[]): string;
  /** Copy a file tree into the store (source path), or compute its path in a dry store. */
  addPath(
    physPath: string,
    opts: {
      name: string;
      recursive: boolean;
      filter?: (path: string, type: "regular" | "directory" | "symlink" | "unknown") => boolean;
    },
  ): string;
  /** Read a file under a store path (e.g. an input .drv); dry stores remember what addText computed. */
  readStoreFile(storePath: string): string;
}
