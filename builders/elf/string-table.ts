// A deduplicating ELF string table builder: strings are added in a deterministic order and each
// gets the offset of its first copy. Strings are latin1 (one byte per character, as tk decodes
// ELF names), so offsets are string lengths and the bytes are encoded once at the end.

/** Builds a NUL-separated string table, offset 0 being the empty string. */
export class StringTable {
  private readonly offsets = new Map<string, number>([["", 0]]);
  private readonly parts: string[] = [""];
  private size = 1;

  /** Adds `s` (once) and returns its offset. */
  add(s: string): number {
    const known = this.offsets.get(s);
    if (known !== undefined) return known;
    const off = this.size;
    this.parts.push(s);
    this.size += s.length + 1;
    this.offsets.set(s, off);
    return off;
  }

  /** Offset of a string added before. */
  get(s: string): number {
    const off = this.offsets.get(s);
    if (off === undefined) throw new Error(`internal: string ${s} not in table`);
    return off;
  }

  /** The table bytes. */
  bytes(): Buffer {
    return Buffer.from(this.parts.join("\0") + "\0", "latin1");
  }

  /** Current size in bytes. */
  get length(): number {
    return this.size;
  }
}
