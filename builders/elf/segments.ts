// Program headers: reading them and mapping virtual addresses to file offsets through PT_LOAD.
import type { ElfBytes } from "./bytes.js";
import type { ElfHeader } from "./read-header.js";
import { ElfError } from "./errors.js";
import { PT_LOAD } from "./constants.js";

/** One program header. */
export interface Segment {
  type: number; flags: number; offset: number; vaddr: number; paddr: number;
  filesz: number; memsz: number; align: number;
}

/** Reads every program header (none when e_phnum is 0). */
export function readSegments(b: ElfBytes, h: ElfHeader): Segment[] {
  const out: Segment[] = [];
  if (h.phnum === 0) return out;
  b.check(h.phoff, h.phnum * h.phentsize, "program header table");
  for (let i = 0; i < h.phnum; i++) {
    const p = h.phoff + i * h.phentsize;
    const s: Segment = b.is64
      ? { type: b.u32(p), flags: b.u32(p + 4), offset: b.u64(p + 8), vaddr: b.u64(p + 16), paddr: b.u64(p + 24),
          filesz: b.u64(p + 32), memsz: b.u64(p + 40), align: b.u64(p + 48) }
      : { type: b.u32(p), offset: b.u32(p + 4), vaddr: b.u32(p + 8), paddr: b.u32(p + 12), filesz: b.u32(p + 16),
          memsz: b.u32(p + 20), flags: b.u32(p + 24), align: b.u32(p + 28) };
    out.push(s);
  }
  return out;
}

/** Writes program header `s` at table index `i` (the table lives at `phoff`). */
export function writeSegment(b: ElfBytes, phoff: number, i: number, s: Segment): void {
  const p = phoff + i * (b.is64 ? 56 : 32);
  if (b.is64) {
    b.set32(p, s.type); b.set32(p + 4, s.flags); b.set64(p + 8, s.offset); b.set64(p + 16, s.vaddr);
    b.set64(p + 24, s.paddr); b.set64(p + 32, s.filesz); b.set64(p + 40, s.memsz); b.set64(p + 48, s.align);
  } else {
    b.set32(p, s.type); b.set32(p + 4, s.offset); b.set32(p + 8, s.vaddr); b.set32(p + 12, s.paddr);
    b.set32(p + 16, s.filesz); b.set32(p + 20, s.memsz); b.set32(p + 24, s.flags); b.set32(p + 28, s.align);
  }
}

/**
 * Translates a virtual address to a file offset using the PT_LOAD segments; the range may run on
 * into following segments that continue it in both memory and file (as patchelf's shifted files
 * have). ElfError when unmapped.
 */
export function vaddrToOffset(segments: Segment[], vaddr: number, len: number, what: string, where?: string): number {
  const loads = segments.filter((s) => s.type === PT_LOAD);
  for (const s of loads) {
    if (vaddr < s.vaddr || vaddr >= s.vaddr + Math.max(s.filesz, 1) || vaddr > s.vaddr + s.filesz) continue;
    const delta = s.offset - s.vaddr;
    let end = s.vaddr + s.filesz;
    for (let guard = 0; vaddr + len > end && guard < loads.length; guard++) {
      const next = loads.find((x) => x.vaddr <= end && x.vaddr + x.filesz > end && x.offset - x.vaddr === delta);
      if (!next) break;
      end = next.vaddr + next.filesz;
    }
    if (vaddr + len <= end) return vaddr + delta;
  }
  throw new ElfError("elf-bad-address", `${what} address 0x${vaddr.toString(16)} (+${len}) is not in any loaded file range`, where);
}

/** Maps (vaddr, len) to a file offset; throws ElfError when unmapped. */
export type AddressMap = (vaddr: number, len: number, what: string) => number;

/** Address map from PT_LOAD segments, or from allocated sections when there are no program headers. */
export function makeAddressMap(
  segments: Segment[],
  sections: Array<{ addr: number; offset: number; size: number; type: number }>,
  where?: string,
): AddressMap {
  if (segments.some((s) => s.type === PT_LOAD)) return (v, len, what) => vaddrToOffset(segments, v, len, what, where);
  return (v, len, what) => {
    for (const s of sections) {
      if (s.type !== 8 && s.addr !== 0 && v >= s.addr && v + len <= s.addr + s.size) return s.offset + (v - s.addr);
    }
    throw new ElfError("elf-bad-address", `${what} address 0x${v.toString(16)} is not in any section`, where);
  };
}
