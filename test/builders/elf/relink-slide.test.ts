// Planning a slide: .dynstr of a gcc-built program can grow into the padding after its segment
// (the tables after it move together, aligned); not by more than the padding, and not where a
// section that cannot move (.got after .dynamic) is in the way.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseElf } from "../../../builders/elf/elf-file.js";
import { slideFor, slidSegments, applySlide } from "../../../builders/elf/relink-slide.js";
import * as C from "../../../builders/elf/constants.js";
import { readHeader } from "../../../builders/elf/read-header.js";
import { readSections } from "../../../builders/elf/sections.js";
import { FIXTURES, tmp, has, sh } from "./helpers.js";

describe.skipIf(!has("gcc"))("relink slide planning", () => {
  it("slides the tables after .dynstr within the padding, and refuses what does not fit or cannot move", () => {
    const dir = tmp();
    sh(`gcc -o ${dir}/p ${FIXTURES}/p.c -lm -lz`);
    const f = parseElf(readFileSync(join(dir, "p")), "p");
    const dynstr = f.sections.find((s) => s.name === ".dynstr")!;
    const slide = slideFor(f, dynstr, dynstr.size + 100)!;
    expect(slide).toBeDefined();
    const names = slide.sections.map((s) => s.name);
    expect(names).toContain(".gnu.version");
    expect(names.indexOf(".rela.plt")).toBe(names.length - 1);
    expect(slide.delta % Math.max(...slide.sections.map((s) => s.addralign))).toBe(0);
    expect(slide.delta).toBeGreaterThanOrEqual(100);
    const segs = slidSegments(f, slide);
    const changed = segs.map((s, i) => (JSON.stringify(s) === JSON.stringify(f.segments[i]) ? -1 : i)).filter((i) => i >= 0);
    expect(changed).toEqual([slide.load]);
    expect(segs[slide.load].filesz).toBe(f.segments[slide.load].filesz + slide.delta);
    expect(f.segments[slide.load].type).toBe(C.PT_LOAD);
    // more than the padding up to the next segment, or .dynamic followed by .got: no slide
    expect(slideFor(f, dynstr, dynstr.size + 8192)).toBeUndefined();
    const dynamic = f.sections.find((s) => s.name === ".dynamic")!;
    expect(slideFor(f, dynamic, dynamic.size + 16)).toBeUndefined();
    // applying it moves the bytes and the headers; the moved tables keep their contents
    const versym = f.sections.find((s) => s.name === ".gnu.version")!;
    const data = Buffer.from(f.bytes.buf.subarray(versym.offset, versym.offset + versym.size));
    const map = applySlide(f, slide);
    expect(map.offset(versym.offset)).toBe(versym.offset + slide.delta);
    expect(map.vaddr(versym.addr)).toBe(versym.addr + slide.delta);
    expect(map.offset(dynstr.offset)).toBe(dynstr.offset);
    // (the dynamic entries are the caller's to update, so read the section headers alone)
    const { header, bytes } = readHeader(f.bytes.buf, "p");
    const moved = readSections(bytes, header).find((s) => s.name === ".gnu.version")!;
    expect(moved.offset).toBe(versym.offset + slide.delta);
    expect(moved.addr).toBe(versym.addr + slide.delta);
    expect(f.bytes.buf.subarray(moved.offset, moved.offset + moved.size).equals(data)).toBe(true);
  });
});
