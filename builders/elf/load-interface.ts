// Loads a library interface from a file that is either an ELF shared object or IFS text.
import { readFileSync } from "node:fs";
import { parseElf } from "./elf-file.js";
import { extractInterface, type ElfInterface } from "./interface.js";
import { readIfs } from "./ifs-read.js";
import { ElfError } from "./errors.js";

/** Reads `path` (ELF or IFS) into an interface. */
export function loadInterface(path: string): ElfInterface {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new ElfError("elf-read", `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return interfaceOfBytes(buf, path);
}

/** Interprets bytes as ELF (by magic) or IFS text. */
export function interfaceOfBytes(buf: Buffer, where: string): ElfInterface {
  if (buf.length >= 4 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46) {
    const f = parseElf(buf, where);
    if (!f.dynamic) throw new ElfError("elf-no-dynamic", "not a shared object: the file has no dynamic section", where);
    return extractInterface(f);
  }
  const text = buf.toString("utf8");
  if (!text.trimStart().startsWith("--- !ifs-v1")) throw new ElfError("elf-not-elf", "neither an ELF file nor IFS text (--- !ifs-v1)", where);
  return readIfs(text, where);
}
