// Robustness: thousands of truncated, bit-flipped and oversized-field variants of real ELF files
// (and of IFS text) must each end in a clean TkError or a valid result — never another exception,
// a crash or a hang. Deterministic (seeded PRNG); kept well under 30 s.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseElf } from "../../../builders/elf/elf-file.js";
import { extractInterface } from "../../../builders/elf/interface.js";
import { writeStub } from "../../../builders/elf/stub-writer.js";
import { writeIfs } from "../../../builders/elf/ifs-write.js";
import { readIfs } from "../../../builders/elf/ifs-read.js";
import { relinkBytes } from "../../../builders/elf/relink.js";
import { abiDiff } from "../../../builders/elf/abi-diff.js";
import { TkError } from "../../../store/errors.js";
import { SYSLIB, tmp, has, sh, buildLibt } from "./helpers.js";

/** xorshift32: a small deterministic PRNG. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 0x100000000; };
}

/** Runs everything tk does with an ELF file; returns "ok" or the TkError code; rethrows anything else. */
function exercise(buf: Buffer, deep: boolean, variant: number): string {
  try {
    const f = parseElf(buf, "fuzz");
    const iface = extractInterface(f);
    const stub = writeStub(iface);
    extractInterface(parseElf(stub, "stub"));
    if (deep) readIfs(writeIfs(iface), "fuzz.ifs");
    abiDiff(iface, iface);
    if (f.dynamic) {
      const first = f.needed[0] ?? "libc.so.6";
      const ops = [
        { setRpath: "/a/much/longer/run/path/than/before/" + "x".repeat(64), addNeeded: ["libextra.so"] },
        { removeNeeded: [first], setSoname: "libfuzzed-with-a-longer-name.so.1" },
        { replaceNeeded: [{ from: first, to: "libreplacement-" + first }], removeRpath: true },
        { replacePath: [{ from: "lib", to: "LIB" }], forceRpath: true, addRpath: "/x" },
      ];
      relinkBytes(buf, ops[variant % ops.length], "fuzz");
    }
    return "ok";
  } catch (e) {
    if (e instanceof TkError) return e.code;
    throw new Error(`non-TkError on fuzzed input: ${(e as Error).stack}`);
  }
}

function mutants(seed: Buffer, n: number, r: () => number, is64: boolean): Buffer[] {
  const out: Buffer[] = [];
  const fieldOffsets = is64 ? [24, 32, 40, 48, 52, 54, 56, 58, 60, 62] : [24, 28, 32, 36, 40, 42, 44, 46, 48, 50];
  for (let i = 0; i < n; i++) {
    const b = Buffer.from(seed);
    const kind = i % 4;
    if (kind === 0) {
      out.push(b.subarray(0, Math.floor(r() * b.length)));
      continue;
    }
    if (kind === 1) {
      const flips = 1 + Math.floor(r() * 8);
      for (let k = 0; k < flips; k++) { const at = Math.floor(r() * b.length); b[at] ^= 1 << Math.floor(r() * 8); }
    } else if (kind === 2) {
      // oversized header / table fields
      const at = fieldOffsets[Math.floor(r() * fieldOffsets.length)];
      const v = [0xffff, 0x7fff, 0xffffffff, 0x10000000, 0][Math.floor(r() * 5)];
      if (at + 4 <= b.length) b.writeUInt32LE(v >>> 0, at);
    } else {
      // overwrite a random 8-byte-aligned word inside the dynamic area / tables with a big value
      const at = Math.floor(r() * (b.length / 8)) * 8;
      if (at + 8 <= b.length) b.writeBigUInt64LE([0xffffffffffffn, 0x7fffffffn, 0xffffffffffffffffn, 1n][Math.floor(r() * 4)], at);
    }
    out.push(b);
  }
  return out;
}

describe("fuzzing the ELF code", () => {
  it("gives a clean TkError or a result for thousands of malformed files, quickly", () => {
    const seeds: Buffer[] = [];
    if (has("gcc")) seeds.push(readFileSync(buildLibt(tmp())));
    const libt = seeds[0];
    if (libt) {
      const iface = extractInterface(parseElf(libt));
      seeds.push(writeStub(iface), writeStub({ ...iface, target: { machine: 20, is64: false, le: false, flags: 0 } }));
    }
    seeds.push(readFileSync(join(SYSLIB, "libz.so.1")));
    if (has("gcc")) {
      const d = tmp();
      sh(`printf 'int main(void){return 0;}' > ${d}/m.c && gcc -o ${d}/m ${d}/m.c -lz`);
      seeds.push(readFileSync(`${d}/m`));
      if (has("ld.lld")) { sh(`gcc -fuse-ld=lld -no-pie -fno-PIE -o ${d}/m2 ${d}/m.c`); seeds.push(readFileSync(`${d}/m2`)); }
    }
    const r = rng(Number(process.env.TK_FUZZ_SEED ?? 12345));
    const codes = new Map<string, number>();
    let total = 0;
    const start = Date.now();
    for (const seed of seeds) {
      const is64 = seed[4] === 2;
      for (const m of mutants(seed, 600, r, is64)) {
        const t0 = Date.now();
        const code = exercise(m, total % 25 === 0, total);
        expect(Date.now() - t0).toBeLessThan(5000);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        total++;
      }
    }
    expect(total).toBeGreaterThanOrEqual(3000);
    expect(codes.size).toBeGreaterThan(3);
    expect(codes.get("ok") ?? 0).toBeGreaterThan(100);
    console.log(JSON.stringify([...codes].sort((a, b) => b[1] - a[1])));
    expect(Date.now() - start).toBeLessThan(60_000);
  }, 120_000);

  it("gives a clean TkError for mutated IFS text", () => {
    const text = writeIfs(extractInterface(parseElf(readFileSync(join(SYSLIB, "libz.so.1")))));
    const r = rng(777);
    let errors = 0;
    for (let i = 0; i < 300; i++) {
      const chars = [...text];
      const edits = 1 + Math.floor(r() * 4);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(r() * chars.length);
        chars[at] = ["{", "}", ":", "-", " ", "\n", "x", "9", "'", "[", "!"][Math.floor(r() * 11)];
      }
      try { readIfs(chars.join(""), "m.ifs"); } catch (e) {
        if (!(e instanceof TkError)) throw new Error(`non-TkError: ${(e as Error).stack}`);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(20);
  });
});
