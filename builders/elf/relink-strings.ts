// Allocates the strings an edit needs in .dynstr: reuse an existing identical (or suffix) string,
// else overwrite the entry's old string in place when it fits and nothing else points into it,
// else append. Old strings nothing points to any more are zeroed, so no stale store path stays behind.
import type { ElfFile } from "./elf-file.js";

/** A string reference that changes: its old offset (or undefined when new) and its new text. */
export interface StringChange { oldOff?: number; str: string; setOff: (off: number) => void }

/** Result: the edited table bytes and the strings to append after them. */
export interface StringResult { table: Buffer; appended: Buffer }

function strlenAt(b: Buffer, off: number): number {
  const nul = b.indexOf(0, off);
  return (nul < 0 ? b.length : nul) - off;
}

/** Finds `s` NUL-terminated in `tab` (as a whole or as a suffix of a longer string). */
function findString(tab: Buffer, s: string, from = 0): number {
  const needle = Buffer.from(s + "\0", "latin1");
  return tab.indexOf(needle, from);
}

/** Dynamic tags other than NEEDED/SONAME/RPATH/RUNPATH whose value is a string offset. */
const OTHER_STRING_TAGS = new Set([0x7ffffffd, 0x7fffffff, 0x6ffffefa, 0x6ffffefb, 0x6ffffefc]);

/** Offsets into .dynstr that stay in use whatever the edit: symbol and version-definition names, other string tags. */
export function fixedStringRefs(f: ElfFile): number[] {
  const refs: number[] = [];
  if (f.symbolNameOffs) {
    const offs = f.symbolNameOffs;
    for (let i = 1; i < offs.length; i++) if (offs[i] !== 0) refs.push(offs[i]);
  } else {
    for (const s of f.symbols) if (s.index !== 0 && s.nameOff !== 0) refs.push(s.nameOff);
  }
  for (const d of f.verdefs) refs.push(...d.nameOffs);
  for (const e of f.dynamic?.entries ?? []) if (OTHER_STRING_TAGS.has(e.tag)) refs.push(e.val);
  return refs;
}

/**
 * The start of the first run of zero bytes with room for `need` bytes that `used` does not touch
 * (-1 if none). Runs shorter than `need` cannot fit, so the search jumps between runs of at least
 * `need` zeros with the buffer's native search.
 */
function freeRun(tab: Buffer, need: number, used: (a: number, b: number) => boolean): number {
  const zeros = Buffer.alloc(need);
  for (let i = tab.indexOf(zeros, 1); i >= 0; ) {
    let p = i;
    while (p > 1 && tab[p - 1] === 0) p--;
    let q = i + need;
    while (q < tab.length && tab[q] === 0) q++;
    const start = tab[p - 1] !== 0 ? p + 1 : p; // p itself terminates the string before it
    if (q - start >= need && !used(start - 1, q)) return start;
    i = q < tab.length ? tab.indexOf(zeros, q) : -1;
  }
  return -1;
}

/**
 * Which bytes of a string table the strings at `refs` cover (each from its offset to its NUL):
 * `covered(a, b)` is true when a byte in [a, b] belongs to one of them. There may be hundreds of
 * thousands of references and only a few questions, so nothing is computed per string: a string
 * reaches [a, b] exactly when it starts in (z, b], z being the last NUL before a.
 */
function coverage(tab: Buffer, refs: number[]): (a: number, b: number) => boolean {
  const all = new Float64Array(refs.length);
  let n = 0;
  for (const r of refs) if (r >= 0 && r < tab.length && Number.isSafeInteger(r)) all[n++] = r;
  const sorted = all.subarray(0, n).sort();
  return (a, b) => {
    const z = a > 0 ? tab.lastIndexOf(0, a - 1) : -1;
    // the first reference after z
    let lo = 0, hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] <= z) lo = mid + 1; else hi = mid;
    }
    return lo < sorted.length && sorted[lo] <= b;
  };
}

/** Applies the changes to a copy of the string table. `fixed` are offsets that must stay intact. */
export function allocateStrings(table: Buffer, fixed: number[], changes: StringChange[], released: number[] = []): StringResult {
  const tab = Buffer.from(table);
  const orig = table; // (not written to: the edits go to `tab`)
  // strings that stay: the fixed ones (a coverage map: there may be hundreds of thousands), and
  // the few the changes keep or write
  const fixedCover = coverage(orig, fixed);
  const finalRanges: Array<[number, number]> = [];
  const overlaps = (a: number, b: number): boolean => fixedCover(a, b) || finalRanges.some(([x, y]) => x <= b && a <= y);
  const appended: string[] = [];
  const appendedAt = new Map<string, number>();
  let appendOff = tab.length;
  const claimed: Array<[number, number]> = [];
  const isClaimed = (a: number, b: number): boolean => claimed.some(([x, y]) => x <= b && a <= y);
  // changes whose text is unchanged keep their offset
  const pending: StringChange[] = [];
  for (const c of changes) {
    if (c.oldOff !== undefined && c.oldOff < orig.length && orig.toString("latin1", c.oldOff, c.oldOff + strlenAt(orig, c.oldOff)) === c.str) {
      finalRanges.push([c.oldOff, c.oldOff + c.str.length]);
      c.setOff(c.oldOff);
    } else pending.push(c);
  }
  const oldRanges = [...pending.filter((c) => c.oldOff !== undefined).map((c) => c.oldOff!), ...released]
    .filter((o) => o > 0 && o < orig.length).map((o) => [o, o + strlenAt(orig, o)] as [number, number]);
  for (const c of pending) {
    // 1. an identical string that stays (or was just written)
    let at = -1;
    for (let p = findString(tab, c.str); p >= 0; p = findString(tab, c.str, p + 1)) {
      const inOld = oldRanges.some(([x, y]) => p <= y && x <= p + c.str.length) && !isClaimed(p, p + c.str.length);
      if (!inOld) { at = p; break; }
    }
    if (at < 0 && appendedAt.has(c.str)) at = appendedAt.get(c.str)!;
    // 2. in place over its own old string (and the unused zero bytes after it)
    if (at < 0 && c.oldOff !== undefined) {
      const [a, b] = [c.oldOff, c.oldOff + strlenAt(orig, c.oldOff)];
      let ext = b;
      while (ext + 1 < tab.length && tab[ext + 1] === 0 && !overlaps(ext + 1, ext + 1) && !isClaimed(ext + 1, ext + 1)) ext++;
      if (c.str.length <= ext - a && !overlaps(a, b) && !isClaimed(a, ext)) {
        tab.fill(0, a, b);
        tab.write(c.str, a, "latin1");
        claimed.push([a, a + c.str.length]);
        at = a;
      }
    }
    // 3. a run of unused zero bytes (left by earlier edits) that is long enough
    if (at < 0) {
      const run = freeRun(tab, c.str.length + 1, (x, y) => overlaps(x, y) || isClaimed(x, y));
      if (run >= 0) {
        tab.write(c.str, run, "latin1");
        claimed.push([run, run + c.str.length]);
        at = run;
      }
    }
    // 4. append
    if (at < 0) {
      at = appendOff;
      appended.push(c.str);
      appendedAt.set(c.str, at);
      appendOff += Buffer.byteLength(c.str, "latin1") + 1;
    }
    if (at < tab.length) finalRanges.push([at, at + c.str.length]);
    c.setOff(at);
  }
  // zero the old strings nothing refers to any more
  for (const [a, b] of oldRanges) {
    if (overlaps(a, b) || isClaimed(a, b)) continue;
    tab.fill(0, a, b);
  }
  return { table: tab, appended: Buffer.from(appended.map((s) => s + "\0").join(""), "latin1") };
}
