// Places a stub's symbols: one address per alias group (so copy relocations never alias unrelated
// symbols), functions in a NOBITS text section, data in a writable NOBITS section with real sizes,
// TLS symbols at offsets in a TLS section. Deterministic: it depends only on the interface.
import type { IfaceSymbol } from "./interface.js";

/** Where a symbol went: which area and which value. */
export interface Placement { area: "text" | "data" | "tls"; value: number }

/** The result of placement: per-symbol placements and the size/alignment of each area. */
export interface StubPlacement {
  places: Placement[];
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

/** Assigns addresses (relative to each area's start) to the sorted interface symbols. */
export function placeSymbols(symbols: IfaceSymbol[], maxAlign: number): StubPlacement {
  const groups = new Map<number, Placement>();
  const areaOf = (s: IfaceSymbol): Placement["area"] => (s.type === "Func" || s.type === "IFunc" ? "text" : s.type === "TLS" ? "tls" : "data");
  const AREA = { text: 0, data: 1, tls: 2 };
  const groupKey = (s: IfaceSymbol): number | undefined => (s.alias === undefined ? undefined : s.alias * 4 + AREA[areaOf(s)]);
  const groupMax = new Map<number, number>();
  for (const s of symbols) { const k = groupKey(s); if (k !== undefined) groupMax.set(k, Math.max(groupMax.get(k) ?? 0, s.size)); }
  const out: StubPlacement = { places: [], textSize: 0, dataSize: 0, dataAlign: 1, tlsSize: 0, tlsAlign: 1 };
  for (const s of symbols) {
    const key = groupKey(s);
    const known = key !== undefined ? groups.get(key) : undefined;
    if (known) { out.places.push(known); continue; }
    let p: Placement;
    if (areaOf(s) === "text") {
      p = { area: "text", value: out.textSize };
      out.textSize += FUNC_SLOT;
    } else {
      const groupSize = key === undefined ? s.size : groupMax.get(key) ?? s.size;
      const size = Math.max(groupSize, 1);
      const a = alignFor(size, maxAlign);
      if (s.type === "TLS") {
        out.tlsSize = Math.ceil(out.tlsSize / a) * a;
        p = { area: "tls", value: out.tlsSize };
        out.tlsSize += size;
        out.tlsAlign = Math.max(out.tlsAlign, a);
      } else {
        out.dataSize = Math.ceil(out.dataSize / a) * a;
        p = { area: "data", value: out.dataSize };
        out.dataSize += size;
        out.dataAlign = Math.max(out.dataAlign, a);
      }
    }
    if (key !== undefined) groups.set(key, p);
    out.places.push(p);
  }
  return out;
}
