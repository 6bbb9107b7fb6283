// Byte strings: raw bytes of split UTF-8 characters survive as surrogate escapes and come back as bytes.
import { describe, expect, it } from "vitest";
import { byteLength, canonical, compareByteStrings, fromBytes, fromLatin1, hasSurrogates, joinStr, toBytes, toLatin1 } from "../../lang/bytes.js";

describe("byte strings", () => {
  it("keep valid UTF-8 as is", () => {
    expect(fromBytes(Buffer.from("aé€😀"))).toBe("aé€😀");
    expect(toBytes("aé€😀").equals(Buffer.from("aé€😀"))).toBe(true);
    expect(hasSurrogates("aé€")).toBe(false);
  });
  it("escape the bytes of a split character and restore them", () => {
    const half = fromBytes(Buffer.from([0xc3]));
    expect(half).toBe("\udcc3");
    expect(hasSurrogates(half)).toBe(true);
    expect(byteLength(half)).toBe(1);
    expect(toBytes(half + "x" + fromBytes(Buffer.from([0xa9]))).equals(Buffer.from([0xc3, 0x78, 0xa9]))).toBe(true);
    // overlong, surrogate-range and truncated sequences are not UTF-8
    expect([...fromBytes(Buffer.from([0xc0, 0x80, 0xed, 0xa0, 0x80, 0xe2, 0x82]))].map((c) => c.charCodeAt(0).toString(16)))
      .toEqual(["dcc0", "dc80", "dced", "dca0", "dc80", "dce2", "dc82"]);
  });
  it("give a one-char-per-byte view for regular expressions", () => {
    expect(toLatin1("é")).toBe("\u00c3\u00a9");
    expect(fromLatin1("\u00c3")).toBe("\udcc3");
    expect(fromLatin1("\u00c3\u00a9")).toBe("é");
  });
});

describe("joining byte strings", () => {
  const half = (s: string, i: number): string => fromBytes(Buffer.from(s).subarray(i, i + 1));
  it("re-join the halves of a split character into the character (canonical form)", () => {
    expect(joinStr(half("é", 0), half("é", 1))).toBe("é");
    expect(joinStr(joinStr(half("€", 0), half("€", 1)), half("€", 2))).toBe("€");
    expect(joinStr("a" + half("😀", 0) + half("😀", 1), half("😀", 2) + half("😀", 3) + "b")).toBe("a😀b");
    expect(joinStr("ab", "cd")).toBe("abcd");
    // bytes that do not form a character stay escaped
    expect(joinStr(half("é", 1), half("é", 0))).toBe("\udca9\udcc3");
    expect(canonical("x" + half("é", 0) + half("é", 1))).toBe("xé");
    expect(canonical("plain")).toBe("plain");
  });
  it("compare byte-wise as std::string", () => {
    const sorted = ["é", half("é", 0), "z", "a", half("é", 1), "😀", "\uff61", ""].sort(compareByteStrings);
    expect(sorted).toEqual(["", "a", "z", "\udca9", "\udcc3", "é", "\uff61", "😀"]);
    expect(compareByteStrings("abc", "abd")).toBeLessThan(0);
    expect(compareByteStrings("ab", "ab")).toBe(0);
    expect(compareByteStrings("a😀", "a\uff61")).toBeGreaterThan(0);
  });
});
