// LLVM's YAML quoting rule (llvm/Support/YAMLTraits.h `needsQuotes`), so that tk's IFS text puts
// quotes exactly where llvm-ifs does; applied to `yaml` package nodes before stringifying.
import { Document, Scalar, isScalar, visit } from "yaml";

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

/** A one-line flow rendering of `value` with LLVM's quoting of string scalars. */
export function flow(value: unknown): string {
  const doc = new Document();
  doc.contents = doc.createNode(value, { flow: true });
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === "string") {
        const q = llvmQuoting(node.value);
        node.type = q === "none" ? Scalar.PLAIN : q === "single" ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true }).trimEnd();
}
