// The error base shared by every layer: a stable code, a message that says what went wrong, and where.
// It lives in store/ because store/ is the bottom layer that every other folder may import.

/** Base class of every error a user can cause; the CLI prints its message without a stack. */
export class TkError extends Error {
  /** Stable machine-readable error kind, e.g. "bad-hash", "parse-error", "build-failed". */
  readonly code: string;
  /** Where it happened (file:line:col, a store path, a derivation), when known. */
  readonly where?: string;

  constructor(code: string, message: string, where?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.where = where;
  }
}

/** A store-level failure: malformed hash, path, NAR, .drv, archive, or database problem. */
export class StoreError extends TkError {}

/** A builder failed or produced unacceptable output; the CLI exits with `exitStatus` (100 unless a
 *  realise says more, as Nix's 102 hash mismatch, 104 not deterministic). */
export class BuildError extends TkError {
  /** The process exit status this failure asks for. */
  readonly exitStatus: number = 100;
}

/** Wrong command-line usage; the CLI exits with status 2. */
export class UsageError extends TkError {
  constructor(message: string) {
    super("usage", message);
  }
}
