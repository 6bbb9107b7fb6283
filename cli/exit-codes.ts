// The exit statuses of `tk`, in one place: scripts and tests rely on them.

/** Everything went well. */
export const EXIT_OK = 0;
/** An error the user caused (bad input, missing file, evaluation error, ...). */
export const EXIT_ERROR = 1;
/** Wrong command-line usage. */
export const EXIT_USAGE = 2;
/** One or more builds failed (realise may add Nix's bits: 102 hash mismatch, 104 not deterministic). */
export const EXIT_BUILD_FAILED = 100;
