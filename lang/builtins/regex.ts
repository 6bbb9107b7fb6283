// builtins.match and builtins.split: POSIX extended regular expressions (as Nix's std::regex
// extended) translated to JS RegExps: bracket expressions with [:classes:], `.` matching newlines.
// Like Nix's, matching is byte-wise: non-ASCII patterns and subjects are matched as one char per byte
// (`.` takes one byte of a multi-byte character) and the pieces turned back into tk strings.
import { prim } from "./registry.js";
import { LangError } from "../errors.js";
import { forceStr, forceStrValue } from "../check.js";
import type { Lazy, Value } from "../values.js";
import { fromLatin1, toLatin1 } from "../bytes.js";

const ASCII = /^[\x00-\x7f]*$/;
/** The pattern and subject as matched: byte strings unless both are ASCII. */
function operands(re: string, s: string): [string, string, boolean] {
  return ASCII.test(re) && ASCII.test(s) ? [re, s, false] : [toLatin1(re), toLatin1(s), true];
}

const CLASSES: Record<string, string> = {
  alpha: "a-zA-Z", digit: "0-9", alnum: "a-zA-Z0-9", upper: "A-Z", lower: "a-z", space: " \\t\\n\\r\\f\\v",
  blank: " \\t", punct: "!-\\/:-@\\[-`{-~", xdigit: "0-9A-Fa-f", cntrl: "\\x00-\\x1f\\x7f", print: "\\x20-\\x7e",
  graph: "\\x21-\\x7e", word: "\\w",
};

function bad(re: string): LangError {
  return new LangError("eval", `invalid regular expression '${re}'`);
}

/** Translate a POSIX ERE into JS RegExp source. */
export function translateERE(re: string): string {
  let out = "";
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === "\\") {
      if (i + 1 >= re.length) throw bad(re);
      out += "\\" + re[++i];
    } else if (c === "[") {
      let j = i + 1;
      let body = "";
      if (re[j] === "^") {
        body += "^";
        j++;
      }
      if (re[j] === "]") {
        body += "\\]";
        j++;
      }
      for (;;) {
        if (j >= re.length) throw bad(re);
        const d = re[j];
        if (d === "]") break;
        if (d === "[" && re[j + 1] === ":") {
          const end = re.indexOf(":]", j + 2);
          if (end < 0) throw bad(re);
          const cls = CLASSES[re.slice(j + 2, end)];
          if (cls === undefined) throw bad(re);
          body += cls;
          j = end + 2;
          continue;
        }
        body += d === "\\" || d === "[" || (d === "^" && body !== "") ? "\\" + d : d;
        j++;
      }
      out += `[${body}]`;
      i = j;
    } else out += c;
  }
  return out;
}

const cache = new Map<string, RegExp>();
function compileRe(re: string, whole: boolean): RegExp {
  const key = (whole ? "M" : "S") + re;
  let r = cache.get(key);
  if (!r) {
    const src = translateERE(re);
    try {
      r = new RegExp(whole ? `^(?:${src})$` : src, whole ? "s" : "gs");
    } catch {
      throw bad(re);
    }
    cache.set(key, r);
  }
  return r;
}

const groups = (m: RegExpExecArray, bin: boolean): Lazy[] =>
  m.slice(1).map((g) => (g === undefined ? null : bin ? fromLatin1(g) : g));

prim("match", 2, ([r, s]) => {
  const sv = forceStrValue(s);
  const [pat, str, bin] = operands(forceStr(r), typeof sv === "string" ? sv : sv.s);
  const m = compileRe(pat, true).exec(str);
  return m ? groups(m, bin) : null;
});
/**
 * POSIX takes the longest of the matches starting at the leftmost position; JS takes the first by
 * priority. With alternation the two differ (split "(a|ab)" "abc"), so look for a longer match there.
 */
function longest(anchored: RegExp, str: string, m: RegExpExecArray): RegExpExecArray {
  const i = m.index;
  if (str.length - i > 4096) return m;
  for (let j = str.length; j > i + m[0].length; j--) {
    const l = anchored.exec(str.slice(i, j));
    if (l) {
      l.index = i;
      return l;
    }
  }
  return m;
}

prim("split", 2, ([r, s]) => {
  const sv = forceStrValue(s);
  const [pat, str, bin] = operands(forceStr(r), typeof sv === "string" ? sv : sv.s);
  const re = compileRe(pat, false);
  const anchored = pat.includes("|") ? compileRe(pat, true) : undefined;
  const piece = (x: string): string => (bin ? fromLatin1(x) : x);
  const out: Value[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (;;) {
    let m = re.exec(str);
    if (!m) break;
    if (anchored) m = longest(anchored, str, m);
    out.push(piece(str.slice(last, m.index)));
    out.push(groups(m, bin));
    last = m.index + m[0].length;
    re.lastIndex = m[0].length === 0 ? last + 1 : last;
    if (m[0].length === 0 && last >= str.length) break;
  }
  out.push(piece(str.slice(last)));
  return out;
});
