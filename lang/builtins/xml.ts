// builtins.toXML: Nix 2.8's XML rendering of values (derivations, function patterns, <repeated/>).
import { prim } from "./registry.js";
import { mkStr } from "../check.js";
import { formatG } from "../float-format.js";
import { isDerivation } from "../ops.js";
import { Attrs, force, Lambda, NixFloat, NixPath, NixString, type Lazy } from "../values.js";

function esc(s: string): string {
  return s.replace(/[<>&"\n\r\t]/g, (c) =>
    c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "&" ? "&amp;" : c === '"' ? "&quot;" : c === "\n" ? "&#xA;" : c === "\r" ? "&#xD;" : "&#x9;");
}

/** Render a value as Nix's toXML does; string contexts are added to ctx. */
export function toXML(x: Lazy, ctx: Set<string>): string {
  const lines: string[] = ["<?xml version='1.0' encoding='utf-8'?>", "<expr>"];
  const drvsSeen = new Set<string>();
  const attrsStr = (a: Record<string, string>): string =>
    Object.keys(a).sort().map((k) => ` ${k}="${esc(a[k])}"`).join("");
  const leaf = (d: number, tag: string, a: Record<string, string> = {}): void => {
    lines.push(`${"  ".repeat(d)}<${tag}${attrsStr(a)} />`);
  };
  const open = (d: number, tag: string, a: Record<string, string>, body: () => void): void => {
    lines.push(`${"  ".repeat(d)}<${tag}${attrsStr(a)}>`);
    body();
    lines.push(`${"  ".repeat(d)}</${tag}>`);
  };
  const showAttrs = (s: Attrs, d: number): void => {
    for (const k of s.keys()) open(d, "attr", { name: k }, () => go(s.get(k)!, d + 1));
  };
  const go = (y: Lazy, d: number): void => {
    const v = force(y);
    if (v === null) leaf(d, "null");
    else if (typeof v === "boolean") leaf(d, "bool", { value: String(v) });
    else if (typeof v === "number" || typeof v === "bigint") leaf(d, "int", { value: v.toString() });
    else if (typeof v === "string") leaf(d, "string", { value: v });
    else if (v instanceof NixString) {
      for (const c of v.ctx) ctx.add(c);
      leaf(d, "string", { value: v.s });
    } else if (v instanceof NixFloat) leaf(d, "float", { value: formatG(v.v) });
    else if (v instanceof NixPath) leaf(d, "path", { value: v.path });
    else if (v instanceof Attrs) {
      if (isDerivation(v)) {
        const a: Record<string, string> = {};
        let drvPath = "";
        for (const [key, attr] of [["drvPath", "drvPath"], ["outPath", "outPath"]]) {
          const x2 = v.get(attr);
          if (x2 === undefined) continue;
          const s = force(x2);
          if (typeof s === "string" || s instanceof NixString) {
            a[key] = typeof s === "string" ? s : s.s;
            if (key === "drvPath") drvPath = a[key];
          }
        }
        open(d, "derivation", a, () => {
          if (drvPath !== "" && !drvsSeen.has(drvPath)) {
            drvsSeen.add(drvPath);
            showAttrs(v, d + 1);
          } else leaf(d + 1, "repeated");
        });
      } else open(d, "attrs", {}, () => showAttrs(v, d + 1));
    } else if (Array.isArray(v)) open(d, "list", {}, () => v.forEach((i) => go(i, d + 1)));
    else if (v instanceof Lambda) {
      open(d, "function", {}, () => {
        const fm = v.def.formals;
        if (!fm) {
          leaf(d + 1, "varpat", { name: v.def.argName ?? "" });
          return;
        }
        const a: Record<string, string> = {};
        if (fm.ellipsis) a.ellipsis = "1";
        if (v.def.argName) a.name = v.def.argName;
        open(d + 1, "attrspat", a, () => [...fm.names].sort().forEach((n) => leaf(d + 2, "attr", { name: n })));
      });
    } else leaf(d, "unevaluated");
  };
  go(x, 1);
  lines.push("</expr>", "");
  return lines.join("\n");
}

prim("toXML", 1, ([x]) => {
  const ctx = new Set<string>();
  const s = toXML(x, ctx);
  return mkStr(s, ctx);
});
