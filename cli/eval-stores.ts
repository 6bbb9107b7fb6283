// The glue between the evaluator and the store: the two EvalStore implementations handed to lang/.
// `DryEvalStore` computes every path without writing (tk eval); `LocalEvalStore` writes .drv files
// and sources into a LocalStore (tk instantiate, tk realise).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { hasSurrogates, toBytes } from "../lang/bytes.js";
import type { EvalStore } from "../lang/eval-store.js";
import { hashOf } from "../store/hash.js";
import { makeFixedOutputPath } from "../store/path.js";
import { sha256Hex, storePathOf, textType } from "../lang/builtins/drv-aterm.js";
import { narHashOf } from "../store/nar.js";
import { physicalPath, type StoreConfig } from "../store/config.js";
import type { LocalStore } from "../store/local-store.js";

type PathFilter = NonNullable<Parameters<EvalStore["addPath"]>[1]["filter"]>;

/** An EvalStore that writes nothing: paths are computed exactly as the real store would. */
export class DryEvalStore implements EvalStore {
  private readonly texts = new Map<string, string>();
  readonly storeDir: string;

  constructor(private readonly config: StoreConfig) {
    this.storeDir = config.storeDir;
  }

  /** Computes a text path and remembers the text so later reads of it work. */
  addText(name: string, text: string, refs: string[]): string {
    const hex = hasSurrogates(text) ? createHash("sha256").update(toBytes(text)).digest("hex") : sha256Hex(text);
    const path = storePathOf(this.storeDir, textType(refs), hex, name);
    this.texts.set(path, text);
    return path;
  }

  /** Computes the source path a copy of `physPath` would get. */
  addPath(physPath: string, opts: { name: string; recursive: boolean; filter?: PathFilter }): string {
    if (!opts.recursive) {
      return makeFixedOutputPath(this.storeDir, "flat", hashOf("sha256", readFileSync(physPath)), opts.name);
    }
    return makeFixedOutputPath(this.storeDir, "recursive", narHashOf(physPath, opts.filter).hash, opts.name);
  }

  /** Reads a text computed in this evaluation, or a file of the real store if it is there. */
  readStoreFile(storePath: string): string {
    return this.texts.get(storePath) ?? readFileSync(physicalPath(this.config, storePath), "utf8");
  }
}

/** An EvalStore that writes into a LocalStore. Text paths are registered in batches (the store
 *  writes them at its next database read or close()). */
export class LocalEvalStore implements EvalStore {
  readonly storeDir: string;

  constructor(private readonly store: LocalStore) {
    this.storeDir = store.config.storeDir;
    store.deferTextRegistrations();
  }

  /** Adds a text file (a .drv or toFile result) to the store: the bytes of the tk string (raw bytes
   *  of split UTF-8 characters restored, lang/bytes.ts). */
  addText(name: string, text: string, refs: string[]): string {
    return this.store.addTextToStore(name, hasSurrogates(text) ? toBytes(text) : text, refs);
  }

  /** Copies a source tree (or a flat file) into the store. */
  addPath(physPath: string, opts: { name: string; recursive: boolean; filter?: PathFilter }): string {
    return this.store.addPathToStore(physPath, {
      name: opts.name,
      method: opts.recursive ? "recursive" : "flat",
      filter: opts.filter,
    });
  }

  /** Reads a file of the store. */
  readStoreFile(storePath: string): string {
    return readFileSync(this.store.physical(storePath), "utf8");
  }
}
