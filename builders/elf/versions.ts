// GNU symbol versioning: .gnu.version (versym), .gnu.version_d (verdef, with parents) and
// .gnu.version_r (verneed). Chains are walked with bounds and a step limit, so loops cannot hang.
import { endianness } from "node:os";
import type { ElfBytes } from "./bytes.js";
import type { StrTab } from "./dynamic.js";
import { dynString } from "./dynamic.js";
import { ElfError } from "./errors.js";

const HOST_LE = endianness() === "LE";

/** A version definition: index, flags, name and parent names (the extra verdaux entries). */
export interface VerDef { index: number; flags: number; name: string; parents: string[]; fileOff: number; nameOffs: number[] }

/** A version needed from one file. */
export interface VerNeedAux { hash: number; flags: number; other: number; name: string; nameOff: number }

/** The versions needed from one file (vn_file). */
export interface VerNeed { file: string; fileNameOff: number; fileOff: number; aux: VerNeedAux[] }

/** Reads `count` versym halves at file offset `off`. */
export function readVersym(b: ElfBytes, off: number, count: number): Uint16Array {
  b.check(off, count * 2, "symbol version table");
  const at = b.buf.byteOffset + off;
  if (b.le === HOST_LE && at % 2 === 0) return new Uint16Array(b.buf.buffer, at, count).slice(); // (a native copy)
  const out = new Uint16Array(count);
  const buf = b.buf;
  if (b.le) for (let i = 0, p = off; i < count; i++, p += 2) out[i] = buf[p] | (buf[p + 1] << 8);
  else for (let i = 0, p = off; i < count; i++, p += 2) out[i] = (buf[p] << 8) | buf[p + 1];
  return out;
}

/** Reads a verdef chain of at most `num` entries within [off, off+limit). */
export function readVerdefs(b: ElfBytes, off: number, num: number, limit: number, str: StrTab): VerDef[] {
  const out: VerDef[] = [];
  const end = off + limit;
  let p = off;
  for (let i = 0; i < num; i++) {
    if (p + 20 > end) throw new ElfError("elf-bad-verdef", "version definition outside its section", b.where || undefined);
    const version = b.u16(p), flags = b.u16(p + 2), index = b.u16(p + 4), cnt = b.u16(p + 6);
    const auxOff = b.u32(p + 12), next = b.u32(p + 16);
    if (version !== 1) throw new ElfError("elf-bad-verdef", `unknown vd_version ${version}`, b.where || undefined);
    const names: string[] = [];
    const nameOffs: number[] = [];
    let a = p + auxOff;
    for (let k = 0; k < cnt; k++) {
      if (a < off || a + 8 > end) throw new ElfError("elf-bad-verdef", "verdaux entry outside its section", b.where || undefined);
      nameOffs.push(b.u32(a));
      names.push(dynString(b, str, b.u32(a), "version definition name"));
      const an = b.u32(a + 4);
      if (an === 0) break;
      a += an;
    }
    if (names.length === 0) throw new ElfError("elf-bad-verdef", "version definition without a name", b.where || undefined);
    out.push({ index, flags, name: names[0], parents: names.slice(1), fileOff: p, nameOffs });
    if (next === 0) break;
    p += next;
  }
  return out;
}

/** Reads a verneed chain of at most `num` entries within [off, off+limit). */
export function readVerneeds(b: ElfBytes, off: number, num: number, limit: number, str: StrTab): VerNeed[] {
  const out: VerNeed[] = [];
  const end = off + limit;
  let p = off;
  for (let i = 0; i < num; i++) {
    if (p + 16 > end) throw new ElfError("elf-bad-verneed", "version requirement outside its section", b.where || undefined);
    const version = b.u16(p), cnt = b.u16(p + 2), fileNameOff = b.u32(p + 4), auxOff = b.u32(p + 8), next = b.u32(p + 12);
    if (version !== 1) throw new ElfError("elf-bad-verneed", `unknown vn_version ${version}`, b.where || undefined);
    const aux: VerNeedAux[] = [];
    let a = p + auxOff;
    for (let k = 0; k < cnt; k++) {
      if (a < off || a + 16 > end) throw new ElfError("elf-bad-verneed", "vernaux entry outside its section", b.where || undefined);
      const nameOff = b.u32(a + 8);
      aux.push({ hash: b.u32(a), flags: b.u16(a + 4), other: b.u16(a + 6), nameOff,
        name: dynString(b, str, nameOff, "required version name") });
      const an = b.u32(a + 12);
      if (an === 0) break;
      a += an;
    }
    out.push({ file: dynString(b, str, fileNameOff, "vn_file"), fileNameOff, fileOff: p, aux });
    if (next === 0) break;
    p += next;
  }
  return out;
}
