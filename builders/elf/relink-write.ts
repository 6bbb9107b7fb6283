// The last steps of a relink: writing the dynamic entries and the interpreter, re-parsing the
// result as a self-check; and the live end of a string table (what a moved .dynstr must keep).
import { parseElf, type ElfFile } from "./elf-file.js";
import { ElfBytes, type RangeLoader } from "./bytes.js";

/**
 * End of the last string that one of `refs` points into: the NUL after the highest reference (a
 * lower reference ends at or before it).
 */
export function liveEnd(table: Buffer, refs: number[]): number {
  let top = -1;
  for (const r of refs) if (r < table.length && r > top) top = r;
  if (top < 0) return 1;
  const nul = table.indexOf(0, top);
  return Math.max(1, (nul < 0 ? table.length - 1 : nul) + 1);
}

/**
 * Writes the dynamic entries (padded with DT_NULL) and the interpreter, then re-parses as a check.
 * `load` when `out` is filled lazily (every range is loaded before it is written).
 */
export function finish(f: ElfFile, out: Buffer, entries: Array<{ tag: number; val: number }>, dynOffset: number, dynSize: number,
  interp: Buffer | undefined, interpOffset: number | undefined, interpSize: number | undefined, where: string, load?: RangeLoader): Buffer {
  const b = new ElfBytes(out, f.header.is64, f.header.le, where, load);
  const W = f.header.is64 ? 8 : 4;
  b.check(dynOffset, dynSize, "dynamic section");
  out.fill(0, dynOffset, dynOffset + dynSize);
  entries.forEach((e, i) => { b.setWord(dynOffset + i * 2 * W, e.tag); b.setWord(dynOffset + i * 2 * W + W, e.val); });
  if (interp && interpOffset !== undefined && interpSize !== undefined) {
    b.check(interpOffset, interpSize, "interpreter");
    out.fill(0, interpOffset, interpOffset + interpSize);
    interp.copy(out, interpOffset);
  }
  parseElf(out, where, { symbolNames: false, load });
  return out;
}
