// The last steps of a relink: writing the dynamic entries and the interpreter, re-parsing the
// result as a self-check; and the live end of a string table (what a moved .dynstr must keep).
import { parseElf, type ElfFile } from "./elf-file.js";
import { ElfBytes } from "./bytes.js";

/** End of the last string that one of `refs` points into. */
export function liveEnd(table: Buffer, refs: number[]): number {
  let end = 1;
  for (const r of refs) {
    if (r >= table.length) continue;
    const nul = table.indexOf(0, r);
    end = Math.max(end, (nul < 0 ? table.length - 1 : nul) + 1);
  }
  return end;
}

/** Writes the dynamic entries (padded with DT_NULL) and the interpreter, then re-parses as a check. */
export function finish(f: ElfFile, out: Buffer, entries: Array<{ tag: number; val: number }>, dynOffset: number, dynSize: number,
  interp: Buffer | undefined, interpOffset: number | undefined, interpSize: number | undefined, where: string): Buffer {
  const b = new ElfBytes(out, f.header.is64, f.header.le, where);
  const W = f.header.is64 ? 8 : 4;
  out.fill(0, dynOffset, dynOffset + dynSize);
  entries.forEach((e, i) => { b.setWord(dynOffset + i * 2 * W, e.tag); b.setWord(dynOffset + i * 2 * W + W, e.val); });
  if (interp && interpOffset !== undefined && interpSize !== undefined) {
    out.fill(0, interpOffset, interpOffset + interpSize);
    interp.copy(out, interpOffset);
  }
  parseElf(out, where, { symbolNames: false });
  return out;
}
