// JSON builtins: toJSON (paths copied to the store, derivations as their outPath, context kept)
// and fromJSON (ints that fit 64 bits stay ints, like Nix's nlohmann-based parser).
import { prim } from "./registry.js";
import { LangError } from "../errors.js";
import { forceStr, mkStr } from "../check.js";
import { toJSON } from "../print.js";
import { wrapInt } from "../ops.js";
import { Attrs, NixFloat, type Lazy, type Value } from "../values.js";

prim("toJSON", 1, ([x]) => {
  const ctx = new Set<string>();
  const s = toJSON(x, ctx);
  return mkStr(s, ctx);
});

const INT_MAX = 2n ** 63n - 1n;
const INT_MIN = -(2n ** 63n);

/** Parse JSON text into Nix values. */
export function parseJSON(text: string): Value {
  let i = 0;
  const fail = (what: string): never => {
    throw new LangError("eval", `[json.exception.parse_error.101] parse error at column ${i + 1}: syntax error while parsing value - ${what}`);
  };
  const ws = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const value = (): Value => {
    ws();
    const c = text[i];
    if (c === undefined) return fail("unexpected end of input");
    if (c === "{") {
      i++;
      const m = new Map<string, Lazy>();
      ws();
      if (text[i] === "}") {
        i++;
        return Attrs.fromMap(m);
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected string");
        const k = str();
        ws();
        if (text[i++] !== ":") fail("expected ':'");
        m.set(k, value());
        ws();
        const d = text[i++];
        if (d === "}") return Attrs.fromMap(m);
        if (d !== ",") fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const out: Lazy[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        const d = text[i++];
        if (d === "]") return out;
        if (d !== ",") fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    for (const [lit, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return v;
      }
    }
    const m = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail("invalid literal");
    i += m[0].length;
    if (!m[1] && !m[2]) {
      const b = BigInt(m[0]);
      if (b >= INT_MIN && b <= INT_MAX) return wrapInt(b);
    }
    return new NixFloat(parseFloat(m[0]));
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text.charCodeAt(i) < 0x20) fail("invalid string: control character must be escaped");
      i++;
    }
    if (i >= text.length) fail("invalid string: missing closing quote");
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail("invalid string");
    }
  };
  const v = value();
  ws();
  if (i < text.length) fail("expected end of input");
  return v;
}

prim("fromJSON", 1, ([x]) => {
  const s = forceStr(x);
  try {
    return parseJSON(s);
  } catch (e) {
    if (e instanceof LangError) e.addFrame("while decoding a JSON string");
    throw e;
  }
});
