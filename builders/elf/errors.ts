// The error raised for malformed, truncated or unsupported ELF input and for impossible ELF edits.
import { TkError } from "../../store/errors.js";

/** A malformed or unsupported ELF file, or an edit that cannot be applied; `code` is stable. */
export class ElfError extends TkError {
  constructor(code: string, message: string, where?: string) {
    super(code, where ? `${where}: ${message}` : message, where);
  }
}
