// Differential corpus: every program in test/lang/corpus/ must print, through tk's evaluator, exactly what
// Nix 2.8's `nix-instantiate` printed (recorded by test/lang/record-corpus.sh), and every *.fail.nix must fail
// with a TkError carrying the key phrase of Nix's error. Programs listed in corpus/KNOWN-FAILURES.txt are
// expected to mismatch (test.fails), so a fixed program must leave the list. When nix-instantiate is
// installed, a sample of programs is re-run through it to keep the goldens honest.
import { toBytes } from "../../lang/bytes.js";
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { evaluate, printValue } from "../../lang/api.js";
import { DryEvalStore } from "../../cli/eval-stores.js";
import { storeConfigFromEnv } from "../../store/config.js";
import { TkError } from "../../store/errors.js";
import { SHOW_TRACE_HINT } from "../../lang/errors.js";

const corpus = join(dirname(fileURLToPath(import.meta.url)), "corpus");
const repo = join(corpus, "../../..");

interface Flags { strict: boolean; json: boolean; attrPath?: string; args: Record<string, { expr: string } | { str: string }>; argv: string[] }
interface Program { rel: string; file: string; fails: boolean; flags: Flags; key?: string }

/** Every *.nix program of the corpus (data/ folders hold inputs, not programs), sorted. */
function listPrograms(dir = corpus, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== "data") out.push(...listPrograms(join(dir, e.name), prefix + e.name + "/"));
    else if (e.isFile() && e.name.endsWith(".nix")) out.push(prefix + e.name);
  }
  return out.sort();
}

/** Flags from a first-line `# flags: ...` comment (default `--eval --strict --json`). */
function parseFlags(firstLine: string): Flags {
  const argv = firstLine.startsWith("# flags:") ? firstLine.slice(8).trim().split(/\s+/) : ["--eval", "--strict", "--json"];
  const f: Flags = { strict: false, json: false, args: {}, argv };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--eval") continue;
    else if (a === "--strict") f.strict = true;
    else if (a === "--json") f.json = true;
    else if (a === "-A") f.attrPath = argv[++i];
    else if (a === "--arg") { f.args[argv[i + 1]] = { expr: argv[i + 2] }; i += 2; }
    else if (a === "--argstr") { f.args[argv[i + 1]] = { str: argv[i + 2] }; i += 2; }
    else throw new Error(`corpus: unsupported flag ${a}`);
  }
  return f;
}

/** A program with its flags and optional `# key:` override of the expected error phrase. */
function loadProgram(rel: string): Program {
  const file = join(corpus, rel);
  const lines = readFileSync(file, "utf8").split("\n");
  const key = lines.filter((l) => l.startsWith("# key:")).map((l) => l.slice(6).trim())[0];
  return { rel, file, fails: rel.endsWith(".fail.nix"), flags: parseFlags(lines[0]), key };
}

/** The phrases tk's message must contain: a syntax error's whole line, else Nix's first error line cut at quoted details, locations and hints
 * (fragments shorter than 5 characters are dropped unless nothing else is left; a `# key:` comment overrides). */
function keyPhrases(line: string): string[] {
  const msg = line.replace(/^error: /, "").replace(/\s*\([^()]*\)\s*$/, "");
  // bison's text and the asserted expression as Nix shows it are compared whole
  if (msg.startsWith("syntax error") || msg.startsWith("assertion '")) return [`error: ${msg}\n`];
  const parts = msg.split(/(?:^|(?<=[\s(]))'[^']*(?:'(?=$|[\s:,.;)!])|$)| at [^ ]+:\d+:\d+/)
    .map((p) => p.trim().replace(/^[\s:,;]+|[\s:,;]+$/g, "")).filter((p) => p !== "");
  const long = parts.filter((p) => p.length >= 5);
  return long.length > 0 ? long : parts.slice(0, 1);
}

/** Runs a program through tk the way `nix-instantiate <flags>` would; returns stdout's bytes. */
function runTk(p: Program): Buffer {
  const store = new DryEvalStore(storeConfigFromEnv({ TK_STORE_DIR: "/nix/store" } as NodeJS.ProcessEnv));
  const value = evaluate({ store, file: p.file, attrPath: p.flags.attrPath, args: p.flags.args });
  const text = printValue(value, { strict: p.flags.strict, json: p.flags.json });
  return toBytes(p.flags.json ? text : text + "\n"); // nix-instantiate --json prints no newline
}

/** Asserts tk reproduces the recorded output (or fails with the recorded error's key phrases). */
function check(p: Program): void {
  if (!p.fails) {
    const exp = readFileSync(p.file.replace(/\.nix$/, ".exp"));
    const got = runTk(p);
    expect(got.toString("utf8")).toBe(exp.toString("utf8"));
    expect(got.equals(exp)).toBe(true);
    return;
  }
  const [status, line] = readFileSync(p.file.replace(/\.nix$/, ".exp"), "utf8").split("\n");
  expect(status).toBe("1");
  let err: unknown;
  try { runTk(p); } catch (e) { err = e; }
  expect(err, "tk must fail like Nix").toBeInstanceOf(TkError);
  for (const k of p.key !== undefined ? [p.key] : keyPhrases(line)) expect((err as Error).message).toContain(k);
  // Nix's "(use '--show-trace' …)" hint follows exactly the errors that have trace frames
  const stderr = readFileSync(p.file.replace(/\.nix$/, ".stderr"), "utf8");
  expect((err as Error).message.includes(SHOW_TRACE_HINT), "--show-trace hint as Nix").toBe(stderr.includes(SHOW_TRACE_HINT));
  if (line.startsWith("error: syntax error")) {
    // bison's position too: the first "at FILE:L:C:" of Nix's stderr
    const at = /\n\s+at [^\n]*?(:\d+:\d+:)\n/.exec(readFileSync(p.file.replace(/\.nix$/, ".stderr"), "utf8"));
    expect(at, "recorded position").not.toBeNull();
    expect((err as Error).message).toMatch(new RegExp(`^error: [^\\n]*\\n\\n\\s+at [^\\n]*${at![1]}\\n`));
  }
}

const programs = listPrograms().map(loadProgram);
const known = new Set(readFileSync(join(corpus, "KNOWN-FAILURES.txt"), "utf8").split("\n")
  .map((l) => l.trim()).filter((l) => l && !l.startsWith("#")));

describe("corpus shape", () => {
  test("at least 500 succeeding and 80 failing programs, each with its recorded expectation", () => {
    expect(programs.filter((p) => !p.fails).length).toBeGreaterThanOrEqual(500);
    expect(programs.filter((p) => p.fails).length).toBeGreaterThanOrEqual(80);
    for (const p of programs) {
      expect(existsSync(p.file.replace(/\.nix$/, ".exp")), p.rel).toBe(true);
      if (p.fails) expect(existsSync(p.file.replace(/\.nix$/, ".stderr")), p.rel).toBe(true);
    }
  });
  test("KNOWN-FAILURES.txt names existing programs only", () => {
    for (const k of known) expect(programs.some((p) => p.rel === k), k).toBe(true);
  });
  test("key phrases drop quoted details, locations and short connectives", () => {
    expect(keyPhrases("error: undefined variable 'x'")).toEqual(["undefined variable"]);
    expect(keyPhrases("error: attribute 'a' already defined at f.nix:1:3")).toEqual(["attribute", "already defined"]);
    expect(keyPhrases("error: string 'r' doesn't represent an absolute path")).toEqual(["string", "doesn't represent an absolute path"]);
    expect(keyPhrases("error: syntax error, unexpected ')'")).toEqual(["error: syntax error, unexpected ')'\n"]);
    expect(keyPhrases("error: deep")).toEqual(["deep"]);
  });
});

/** With TK_UPDATE_KNOWN_FAILURES=1 the run rewrites KNOWN-FAILURES.txt to what fails now. */
const updateKnown = process.env.TK_UPDATE_KNOWN_FAILURES === "1";

describe.skipIf(updateKnown)("tk evaluates the corpus like Nix 2.8", () => {
  for (const p of programs) {
    if (known.has(p.rel)) test.fails(`${p.rel} (known failure)`, () => check(p));
    else test(p.rel, () => check(p));
  }
});

describe.runIf(updateKnown)("updating KNOWN-FAILURES.txt", () => {
  test("records the programs tk does not yet evaluate like Nix", () => {
    const failing = programs.filter((p) => {
      try { check(p); return false; } catch { return true; }
    }).map((p) => p.rel);
    const header = readFileSync(join(corpus, "KNOWN-FAILURES.txt"), "utf8").split("\n").filter((l) => l.startsWith("#"));
    writeFileSync(join(corpus, "KNOWN-FAILURES.txt"), [...header, ...failing, ""].join("\n"));
    expect(failing.length).toBeLessThan(programs.length);
  });
});

const hasNix = spawnSync("nix-instantiate", ["--version"]).status === 0;

describe.skipIf(!hasNix)("goldens still match the installed Nix", () => {
  const step = Math.ceil(programs.length / 30);
  const sample = programs.filter((_, i) => i % step === 0);
  test(`re-run ${sample.length} programs through nix-instantiate`, () => {
    const tmp = mkdtempSync(join(tmpdir(), "tk-corpus-"));
    try {
      writeFileSync(join(tmp, "nix.conf"),
        "build-users-group =\nsubstituters =\nexperimental-features = nix-command ca-derivations\n");
      const env = { PATH: process.env.PATH ?? "", HOME: tmp, NIX_CONF_DIR: tmp, NIX_PATH: "", TZ: "UTC" };
      for (const p of sample) {
        const rel = `test/lang/corpus/${p.rel}`;
        const r = spawnSync("nix-instantiate", [...p.flags.argv, "--readonly-mode", "--store", join(tmp, "root"), rel],
          { cwd: repo, env });
        const exp = readFileSync(p.file.replace(/\.nix$/, ".exp"));
        if (!p.fails) { expect(r.status, rel).toBe(0); expect(r.stdout.equals(exp), rel).toBe(true); continue; }
        const first = r.stderr.toString("utf8").split("\n").find((l) => l.startsWith("error:")) ?? "";
        expect(`${r.status}\n${first.split(repo + "/").join("")}\n`, rel).toBe(exp.toString("utf8"));
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
