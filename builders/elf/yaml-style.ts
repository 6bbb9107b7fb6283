// LLVM's YAML quoting rule (llvm/Support/YAMLTraits.h `needsQuotes`), so that tk's IFS text puts
// quotes exactly where llvm-ifs does, and the one-line flow collections IFS uses. (Rendering the
// flow lines directly is ~20x faster than a yaml Document per line; double-quoted scalars still
// come from the yaml package, and reading always goes through it.)
import type { Scalar } from "yaml";
import { yaml } from "./lazy-yaml.js";

const INDICATORS = "-?:\\,[]{}#&*!|>'\"%@`";
const NULLS = new Set(["null", "Null", "NULL", "~", ""]);
const BOOLS = new Set(["true", "True", "TRUE", "false", "False", "FALSE", "y", "Y", "yes", "Yes", "YES", "n", "N",
  "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]);

/** True when LLVM would take the text for a number (YAML 1.2 core schema, roughly). */
function isNumeric(s: string): boolean {
  return /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s) || /^0x[0-9a-fA-F]+$/.test(s)
    || /^0o[0-7]+$/.test(s) || /^[-+]?\.(inf|Inf|INF)$/.test(s) || /^\.(nan|NaN|NAN)$/.test(s);
}

/** "none", "single" or "double": how LLVM quotes a string scalar. */
export function llvmQuoting(s: string): "none" | "single" | "double" {
  let q: "none" | "single" = "none";
  if (NULLS.has(s) || BOOLS.has(s) || isNumeric(s)) q = "single";
  if (/^\s|\s$/.test(s)) q = "single";
  if (s.length > 0 && INDICATORS.includes(s[0])) q = "single";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) continue;
    if ("_-^., \t".includes(s[i])) continue;
    if (c === 0x7f || c < 0x20 && c !== 0x0a && c !== 0x0d || c >= 0x80) return "double";
    q = "single";
  }
  return q;
}

/** A string scalar quoted the way LLVM quotes it (double quotes rendered by the yaml package). */
export function scalar(s: string): string {
  const q = llvmQuoting(s);
  if (q === "none") return s;
  if (q === "single") return `'${s.replace(/'/g, "''")}'`;
  const { Document, Scalar: ScalarClass } = yaml();
  const doc = new Document(s);
  (doc.contents as Scalar).type = ScalarClass.QUOTE_DOUBLE;
  return doc.toString({ lineWidth: 0 }).trimEnd();
}

/** A one-line flow rendering of `value` (maps, lists, strings, numbers, booleans) with LLVM's quoting. */
export function flow(value: unknown): string {
  if (typeof value === "string") return scalar(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `[ ${value.map(flow).join(", ")} ]`;
  if (value !== null && typeof value === "object") {
    const parts = Object.entries(value).map(([k, v]) => `${scalar(k)}: ${flow(v)}`);
    return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
  }
  return "null";
}
