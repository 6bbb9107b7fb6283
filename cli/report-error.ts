// The one error printer of `tk`: turns any thrown value into a clear message and an exit status.
// No JavaScript stack is shown unless TK_DEBUG=1.
import { BuildError, TkError, UsageError } from "../store/errors.js";
import { EXIT_ERROR, EXIT_USAGE } from "./exit-codes.js";

/** Formats an error for the terminal (the message already says what and where). */
export function formatError(err: unknown, debug = process.env.TK_DEBUG === "1"): string {
  if (err instanceof TkError) {
    const where = err.where && !err.message.includes(err.where) ? ` (at ${err.where})` : "";
    const message = err.message.replace(/^error: /, ""); // some layers format Nix-style messages
    return `error: ${message}${where}` + (debug && err.stack ? `\n${err.stack}` : "");
  }
  const sys = err as NodeJS.ErrnoException;
  if (sys && typeof sys === "object" && typeof sys.code === "string" && typeof sys.syscall === "string") {
    // A file-system error escaped from below: name the file and what failed, not the stack.
    const target = sys.path ? ` '${sys.path}'` : "";
    const text = `error: ${sys.syscall}${target}: ${describeErrno(sys.code)}`;
    return debug && sys.stack ? `${text}\n${sys.stack}` : text;
  }
  if (err instanceof Error) {
    const text = `error: internal error: ${err.message} (set TK_DEBUG=1 for details)`;
    return debug && err.stack ? `${text}\n${err.stack}` : text;
  }
  return `error: ${String(err)}`;
}

/** The exit status for an error. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) return EXIT_USAGE;
  if (err instanceof BuildError) return err.exitStatus;
  return EXIT_ERROR;
}

function describeErrno(code: string): string {
  const known: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EEXIST: "file exists",
    ENOTDIR: "not a directory",
    EISDIR: "is a directory",
    ENOSPC: "no space left on device",
    EROFS: "read-only file system",
  };
  return known[code] ?? code;
}
