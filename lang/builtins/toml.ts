// builtins.fromTOML: a TOML 1.0 reader producing Nix values (tables → sets, arrays → lists);
// dates and times are rejected as Nix 2.8 does.
import { prim } from "./registry.js";
import { LangError } from "../errors.js";
import { forceStr } from "../check.js";
import { wrapInt } from "../ops.js";
import { Attrs, NixFloat, type Lazy, type Value } from "../values.js";

type Table = Map<string, unknown>;
const fail = (m: string): never => {
  throw new LangError("eval", `while parsing a TOML string: ${m}`);
};

/** Parse TOML text. */
export function parseTOML(src: string): Value {
  let i = 0;
  const root: Table = new Map();
  const implicit = new WeakSet<Table>();
  const arrayTables = new WeakSet<unknown[]>();
  let cur = root;
  const ws = (): void => {
    while (i < src.length && (src[i] === " " || src[i] === "\t")) i++;
  };
  const comment = (): void => {
    ws();
    if (src[i] === "#") while (i < src.length && src[i] !== "\n") i++;
  };
  const eol = (): void => {
    comment();
    if (i < src.length && src[i] !== "\n" && !(src[i] === "\r" && src[i + 1] === "\n")) fail(`[error] toml: unexpected character '${src[i]}'`);
  };
  const skipBlank = (): void => {
    for (;;) {
      comment();
      if (src[i] === "\n" || src[i] === "\r") i++;
      else return;
    }
  };
  const escape = (): string => {
    const c = src[i++];
    const map: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };
    if (c in map) return map[c];
    if (c === "u" || c === "U") {
      const n = c === "u" ? 4 : 8;
      const hex = src.slice(i, i + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) fail("[error] toml: invalid unicode escape");
      i += n;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    return fail(`[error] toml: invalid escape '\\${c}'`);
  };
  const str = (): string => {
    if (src.startsWith('"""', i)) {
      i += 3;
      if (src[i] === "\n") i++;
      else if (src[i] === "\r" && src[i + 1] === "\n") i += 2;
      let out = "";
      for (;;) {
        if (i >= src.length) fail("[error] toml: unterminated string");
        if (src.startsWith('"""', i) && !src.startsWith('""""', i + (src.startsWith('"""""', i) ? 1 : 0) + 0)) {
          i += 3;
          return out;
        }
        if (src[i] === "\\") {
          i++;
          if (/[ \t\r\n]/.test(src[i] ?? "")) {
            while (/[ \t\r\n]/.test(src[i] ?? "")) i++;
          } else out += escape();
        } else out += src[i++];
      }
    }
    if (src.startsWith("'''", i)) {
      i += 3;
      if (src[i] === "\n") i++;
      const end = src.indexOf("'''", i);
      if (end < 0) fail("[error] toml: unterminated string");
      const s = src.slice(i, end);
      i = end + 3;
      return s;
    }
    const q = src[i++];
    let out = "";
    while (src[i] !== q) {
      if (i >= src.length || src[i] === "\n") fail("[error] toml: unterminated string");
      if (q === '"' && src[i] === "\\") {
        i++;
        out += escape();
      } else out += src[i++];
    }
    i++;
    return out;
  };
  const key = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      ws();
      if (src[i] === '"' || src[i] === "'") parts.push(str());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(src.slice(i, i + 256));
        if (!m) fail("[error] toml::parse_key: invalid key");
        parts.push(m![0]);
        i += m![0].length;
      }
      ws();
      if (src[i] !== ".") return parts;
      i++;
    }
  };
  const value = (): unknown => {
    ws();
    const c = src[i];
    if (c === undefined || c === "\n" || c === "\r" || c === "#") return fail("[error] toml::parse_key_value_pair: missing value after key-value separator '='");
    if (c === '"' || c === "'") return str();
    if (c === "[") {
      i++;
      const arr: unknown[] = [];
      for (;;) {
        skipBlank();
        if (src[i] === "]") {
          i++;
          return arr;
        }
        arr.push(value());
        skipBlank();
        if (src[i] === ",") i++;
        else if (src[i] !== "]") fail("[error] toml: expected ',' or ']'");
      }
    }
    if (c === "{") {
      i++;
      const t: Table = new Map();
      ws();
      if (src[i] === "}") {
        i++;
        return t;
      }
      for (;;) {
        const k = key();
        ws();
        if (src[i++] !== "=") fail("[error] toml: expected '='");
        setPath(t, k, value());
        ws();
        if (src[i] === "}") {
          i++;
          return t;
        }
        if (src[i++] !== ",") fail("[error] toml: expected ',' or '}'");
      }
    }
    const rest = src.slice(i, i + 128);
    if (/^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}/.test(rest)) return fail("Dates and times are not supported");
    for (const [lit, v] of [["true", true], ["false", false]] as const) {
      if (rest.startsWith(lit)) {
        i += lit.length;
        return v;
      }
    }
    const fm = /^[+-]?(?:inf|nan)/.exec(rest);
    if (fm) {
      i += fm[0].length;
      return new NixFloat(fm[0].endsWith("nan") ? NaN : fm[0].startsWith("-") ? -Infinity : Infinity);
    }
    const hm = /^0x[0-9a-fA-F_]+|^0o[0-7_]+|^0b[01_]+/.exec(rest);
    if (hm) {
      i += hm[0].length;
      return wrapInt(BigInt(hm[0].replace(/_/g, "")));
    }
    const nm = /^[+-]?[0-9_]+(\.[0-9_]+)?([eE][+-]?[0-9_]+)?/.exec(rest);
    if (!nm) return fail(`[error] toml: invalid value`);
    i += nm[0].length;
    const t = nm[0].replace(/_/g, "");
    if (nm[1] || nm[2]) return new NixFloat(parseFloat(t));
    return wrapInt(BigInt(t));
  };
  const setPath = (t: Table, path: string[], v: unknown): void => {
    let tb = t;
    for (const p of path.slice(0, -1)) {
      let n = tb.get(p);
      if (n === undefined) tb.set(p, (n = new Map()));
      if (!(n instanceof Map)) fail(`[error] toml: key '${p}' is not a table`);
      tb = n as Table;
    }
    const last = path[path.length - 1];
    if (tb.has(last)) fail(`[error] toml: duplicate key '${last}'`);
    tb.set(last, v);
  };
  for (;;) {
    skipBlank();
    if (i >= src.length) break;
    if (src[i] === "[") {
      const isArr = src[i + 1] === "[";
      i += isArr ? 2 : 1;
      const path = key();
      if (src[i] !== "]" || (isArr && src[i + 1] !== "]")) fail("[error] toml: invalid table header");
      i += isArr ? 2 : 1;
      eol();
      let tb = root;
      for (let k = 0; k < path.length; k++) {
        const p = path[k];
        const lastSeg = k === path.length - 1;
        let n = tb.get(p);
        if (lastSeg && isArr) {
          if (n === undefined) tb.set(p, (n = []));
          if (!Array.isArray(n) || !arrayTables.has(n)) {
            if (Array.isArray(n) && n.length === 0) arrayTables.add(n);
            else if (!Array.isArray(n)) fail(`[error] toml: key '${p}' is not an array of tables`);
          }
          arrayTables.add(n as unknown[]);
          const t: Table = new Map();
          (n as unknown[]).push(t);
          tb = t;
        } else {
          if (n === undefined) {
            tb.set(p, (n = new Map()));
            if (!lastSeg) implicit.add(n as Table);
          } else if (Array.isArray(n) && arrayTables.has(n)) n = n[n.length - 1];
          else if (!(n instanceof Map)) fail(`[error] toml: key '${p}' is not a table`);
          else if (lastSeg && !implicit.has(n)) fail(`[error] toml: table '${p}' defined twice`);
          else if (lastSeg) implicit.delete(n);
          tb = n as Table;
        }
      }
      cur = tb;
      continue;
    }
    const k = key();
    ws();
    if (src[i] !== "=") fail("[error] toml::parse_key_value_pair: missing key-value separator '='");
    i++;
    setPath(cur, k, value());
    eol();
  }
  const conv = (v: unknown): Value => {
    if (v instanceof Map) {
      const m = new Map<string, Lazy>();
      for (const [k, x] of v) m.set(k, conv(x));
      return Attrs.fromMap(m);
    }
    if (Array.isArray(v)) return v.map(conv);
    return v as Value;
  };
  return conv(root);
}

prim("fromTOML", 1, ([x]) => parseTOML(forceStr(x)), true);
