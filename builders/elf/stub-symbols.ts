// Places a stub's symbols: one address per alias group (so copy relocations never alias unrelated
// symbols), functions in a NOBITS text section, data in a writable NOBITS section with real sizes,
// TLS symbols at offsets in a TLS section. Deterministic: it depends only on the interface.
import type { IfaceSymbol } from "./interface.js";

/** Area codes of `StubPlacement.area`. */
export const AREA_TEXT = 0, AREA_DATA = 1, AREA_TLS = 2;

/** The result of placement: per-symbol area codes and values, and the size/alignment of each area. */
export interface StubPlacement {
  /** AREA_TEXT, AREA_DATA or AREA_TLS of symbol i. */
  area: Uint8Array;
  /** Value of symbol i relative to its area's start. */
  value: Float64Array;
  textSize: number;
  dataSize: number;
  dataAlign: number;
  tlsSize: number;
  tlsAlign: number;
}

const FUNC_SLOT = 16;
/** Natural alignment for an object of `size` bytes, capped at `max`. */
function alignFor(size: number, max: number): number {
  let a = 1;
  while (a < size && a < max) a *= 2;
  return a;
}

/** The area code of a symbol. */
function areaOf(s: IfaceSymbol): number {
  return s.type === "Func" || s.type === "IFunc" ? AREA_TEXT : s.type === "TLS" ? AREA_TLS : AREA_DATA;
}

/** Assigns addresses (relative to each area's start) to the sorted interface symbols. */
export function placeSymbols(symbols: IfaceSymbol[], maxAlign: number): StubPlacement {
  const n = symbols.length;
  const out: StubPlacement = { area: new Uint8Array(n), value: new Float64Array(n), textSize: 0, dataSize: 0, dataAlign: 1, tlsSize: 0, tlsAlign: 1 };
  // alias groups (per area): the largest member's size, then the first member's place
  const groupMax = new Map<number, number>();
  for (const s of symbols) {
    if (s.alias === undefined) continue;
    const k = s.alias * 4 + areaOf(s);
    groupMax.set(k, Math.max(groupMax.get(k) ?? 0, s.size));
  }
  const groups = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const s = symbols[i];
    const area = areaOf(s);
    out.area[i] = area;
    const key = s.alias === undefined ? -1 : s.alias * 4 + area;
    const known = key >= 0 ? groups.get(key) : undefined;
    if (known !== undefined) { out.value[i] = out.value[known]; continue; }
    if (area === AREA_TEXT) {
      out.value[i] = out.textSize;
      out.textSize += FUNC_SLOT;
    } else {
      const size = Math.max(key >= 0 ? groupMax.get(key) ?? s.size : s.size, 1);
      const a = alignFor(size, maxAlign);
      if (area === AREA_TLS) {
        out.tlsSize = Math.ceil(out.tlsSize / a) * a;
        out.value[i] = out.tlsSize;
        out.tlsSize += size;
        out.tlsAlign = Math.max(out.tlsAlign, a);
      } else {
        out.dataSize = Math.ceil(out.dataSize / a) * a;
        out.value[i] = out.dataSize;
        out.dataSize += size;
        out.dataAlign = Math.max(out.dataAlign, a);
      }
    }
    if (key >= 0) groups.set(key, i);
  }
  return out;
}
