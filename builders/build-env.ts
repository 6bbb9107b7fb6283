// The builder's environment, exactly as Nix 2.8 sets it up (spec §8.2: initEnv, initTmpDir,
// writeStructuredAttrs): the fixed variables, the derivation's env (or structured attrs files),
// passAsFile files, the build-dir variables, fixed-output impurities, and the final input rewrites
// (hash placeholders → output paths). Pure: it returns the env and the files to write; run.ts writes them.
import type { Derivation } from "../store/drv.js";
import { hashOf } from "../store/hash.js";
import { encodeBase32 } from "../store/base32.js";
import { hashPlaceholder } from "../store/path.js";
import { rewriteStrings } from "./rewrite.js";

/** Everything the environment depends on besides the derivation. */
export interface BuildEnvInput {
  drv: Derivation;
  /** Logical store dir (NIX_STORE). */
  storeDir: string;
  /** The build dir as the builder sees it (e.g. /build in the sandbox). */
  buildDirInBuilder: string;
  /** NIX_BUILD_CORES. */
  cores: number;
  /** Whether this is a fixed-output derivation (impureEnvVars, NIX_OUTPUT_CHECKED). */
  fixedOutput: boolean;
  /** Output name → the path the builder must write (scratch or final). */
  outputPaths: Map<string, string>;
  /** Extra rewrites applied with the output ones (e.g. none for a resolved drv). */
  rewrites?: Map<string, string>;
  /** The caller's environment, read only for a fixed-output's impureEnvVars. */
  callerEnv?: NodeJS.ProcessEnv;
}

/** A file to create in the build dir before the builder starts (name relative to the build dir). */
export interface BuildFile { name: string; contents: string }

/** The prepared process: builder, rewritten args, env and files. */
export interface BuildEnv { builder: string; args: string[]; env: Record<string, string>; files: BuildFile[] }

/** The file name Nix uses for a passAsFile attribute: `.attr-<b32(sha256(name))>`. */
export function passAsFileName(name: string): string {
  return ".attr-" + encodeBase32(hashOf("sha256", name).bytes);
}

/** hashPlaceholder(o) → output path for every output, plus the extra rewrites. */
export function inputRewrites(outputPaths: Map<string, string>, extra?: Map<string, string>): Map<string, string> {
  const r = new Map<string, string>(extra ?? []);
  for (const [o, p] of outputPaths) r.set(hashPlaceholder(o), p);
  return r;
}

/** Compute the builder environment of spec §8.2. */
export function makeBuildEnv(input: BuildEnvInput): BuildEnv {
  const { drv } = input;
  const rw = inputRewrites(input.outputPaths, input.rewrites);
  const env: Record<string, string> = {};
  const files: BuildFile[] = [];
  env.PATH = "/path-not-set";
  env.HOME = "/homeless-shelter";
  env.NIX_STORE = input.storeDir;
  env.NIX_BUILD_CORES = String(input.cores);
  const structured = drv.env.get("__json");
  if (structured === undefined) {
    const passAsFile = new Set((drv.env.get("passAsFile") ?? "").split(/\s+/).filter((s) => s !== ""));
    for (const [name, value] of drv.env) {
      if (passAsFile.has(name)) {
        const fn = passAsFileName(name);
        files.push({ name: fn, contents: rewriteStrings(value, rw) });
        env[name + "Path"] = input.buildDirInBuilder + "/" + fn;
      } else {
        env[name] = value;
      }
    }
  }
  for (const v of ["NIX_BUILD_TOP", "TMPDIR", "TEMPDIR", "TMP", "TEMP", "PWD"]) env[v] = input.buildDirInBuilder;
  if (input.fixedOutput) {
    env.NIX_OUTPUT_CHECKED = "1";
    const impure = (drv.env.get("impureEnvVars") ?? "").split(/\s+/).filter((s) => s !== "");
    const caller = input.callerEnv ?? {};
    for (const name of impure) {
      const v = caller[name];
      if (v !== undefined) env[name] = v;
    }
  }
  env.NIX_LOG_FD = "2";
  env.TERM = "xterm-256color";
  if (structured !== undefined) {
    files.push(...structuredAttrsFiles(structured, drv, rw));
    env.NIX_ATTRS_SH_FILE = input.buildDirInBuilder + "/.attrs.sh";
    env.NIX_ATTRS_JSON_FILE = input.buildDirInBuilder + "/.attrs.json";
  }
  const finalEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    // Nix rewrites the whole "NAME=value" string; names never contain placeholders in practice,
    // so rewriting name and value separately gives the same result.
    finalEnv[rewriteStrings(k, rw)] = rewriteStrings(v, rw);
  }
  return { builder: drv.builder, args: drv.args.map((a) => rewriteStrings(a, rw)), env: finalEnv, files };
}

/** .attrs.json and .attrs.sh of a structured-attrs derivation (outputs mapped to their paths). */
function structuredAttrsFiles(json: string, drv: Derivation, rw: Map<string, string>): BuildFile[] {
  const attrs = JSON.parse(json) as Record<string, unknown>;
  const outputs: Record<string, string> = {};
  for (const o of [...drv.outputs.keys()].sort()) outputs[o] = rewriteStrings(hashPlaceholder(o), rw);
  attrs.outputs = outputs;
  const sorted = sortKeys(attrs) as Record<string, unknown>;
  return [
    { name: ".attrs.sh", contents: rewriteStrings(structuredAttrsShell(sorted), rw) },
    { name: ".attrs.json", contents: rewriteStrings(JSON.stringify(sorted), rw) },
  ];
}

/** Recursively sort object keys (nlohmann::json objects are std::maps). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

const shVarName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Single-quote a string for the shell the way Nix's shellEscape does. */
function shellEscape(s: string): string {
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

function simpleShell(v: unknown): string | undefined {
  if (typeof v === "string") return shellEscape(v);
  if (typeof v === "number" && Number.isInteger(v)) return String(v);
  if (v === null) return "''";
  if (typeof v === "boolean") return v ? "1" : "";
  return undefined;
}

/** Nix's writeStructuredAttrsShell: declare scalars, arrays and string maps of valid shell names. */
export function structuredAttrsShell(attrs: Record<string, unknown>): string {
  let out = "";
  for (const [key, value] of Object.entries(attrs)) {
    if (!shVarName.test(key)) continue;
    const s = simpleShell(value);
    if (s !== undefined) {
      out += `declare ${key}=${s}\n`;
    } else if (Array.isArray(value)) {
      const parts = value.map(simpleShell);
      if (parts.every((p) => p !== undefined)) out += `declare -a ${key}=(${parts.map((p) => p + " ").join("")})\n`;
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, simpleShell(v)] as const);
      if (entries.every(([, p]) => p !== undefined)) {
        out += `declare -A ${key}=(${entries.map(([k, p]) => `[${shellEscape(k)}]=${p} `).join("")})\n`;
      }
    }
  }
  return out;
}
