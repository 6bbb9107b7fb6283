// Parsing Nix source: nearley over the moo lexer, exactly one parse required, errors as
// "file:line:col" + source line + caret + what was expected. The raw tree (cons lists, operator
// chains, unstripped indented strings) is finished into ast.ts form here, and cached on disk by
// content hash (TK_CACHE_DIR or ~/.cache/tk) so warm runs skip nearley entirely.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import nearley from "nearley";
import grammar from "./grammar.generated.js";
import { LexError, NixLexer, type Token } from "./lexer.js";
import { mkPos, type Expr } from "./ast.js";
import { LangError, registerSource } from "./errors.js";
import { bisonName, expectedTokens } from "./parse-expected.js";
import { finishSource, finishTree } from "./parse-finish.js";

const compiled = nearley.Grammar.fromCompiled(grammar);
/** Bump when the AST format changes, so stale cache entries are ignored. */
const AST_VERSION = "tk-ast-2";

function syntaxError(file: string, what: string, line: number, col: number, expected: string[]): LangError {
  let msg = `syntax error, unexpected ${what}`;
  if (expected.length) msg += `, expecting ${expected.join(" or ")}`;
  return new LangError("parse", msg, { file, pos: mkPos(line, col) });
}

/** bison's expected tokens at nearley's current column (see parse-expected.ts). */
function expectedAt(parser: nearley.Parser, unexpected: string | undefined): string[] {
  const p = parser as unknown as { table: Array<{ states: never[] }>; current: number };
  const col = p.table[p.current];
  return col ? expectedTokens(compiled.rules as never, col.states, p.current, unexpected) : [];
}

/** Parse source text with nearley (no cache); `file` is used in error positions. */
export function parseUncached(src: string, file: string): Expr {
  registerSource(file, src);
  const lexer = new NixLexer();
  const parser = new nearley.Parser(compiled, { lexer: lexer as unknown as nearley.Lexer });
  try {
    parser.feed(src);
  } catch (e) {
    if (lexer.lastError) {
      const le = lexer.lastError;
      throw new LangError("parse", le.message, { file, pos: mkPos(le.line, le.col) });
    }
    const t = (e as { token?: Token }).token;
    if (!t) throw e;
    throw syntaxError(file, bisonName(t.type), t.line, t.col, expectedAt(parser, t.type));
  }
  const results = parser.results as unknown[];
  if (results.length === 0) {
    // bison's location at the end of input: where the last lexeme (token, blank run or comment) began
    throw syntaxError(file, "end of file", lexer.lastLine, lexer.lastCol, expectedAt(parser, undefined));
  }
  if (results.length !== 1) {
    throw new LangError("parse", `internal error: ambiguous grammar (${results.length} parses)`, { file, pos: mkPos(1, 1) });
  }
  return finishTree(results[0], file);
}

/** Number of parses nearley finds for a source (tests assert it is exactly 1). */
export function countParses(src: string): number {
  const parser = new nearley.Parser(compiled, { lexer: new NixLexer() as unknown as nearley.Lexer });
  parser.feed(src);
  return (parser.results as unknown[]).length;
}

const memo = new Map<string, Expr>();

function cacheDir(): string {
  return process.env.TK_CACHE_DIR || join(homedir(), ".cache", "tk");
}

let fingerprint: string | undefined;
/** A hash of the grammar, its postprocessors and the tree finisher: cached trees of another version are ignored. */
function grammarFingerprint(): string {
  if (fingerprint === undefined) {
    const h = createHash("sha256").update(AST_VERSION);
    for (const r of grammar.ParserRules) {
      h.update(r.name).update(JSON.stringify(r.symbols)).update(String(r.postprocess ?? ""));
    }
    h.update(finishSource()).update(String(LexError));
    fingerprint = h.digest("hex");
  }
  return fingerprint;
}

/** Parse with the in-memory and on-disk caches (keyed by the content hash of the source). */
export function parse(src: string, file: string): Expr {
  const key = createHash("sha256").update(grammarFingerprint()).update("\0").update(src).digest("hex");
  const hit = memo.get(key);
  registerSource(file, src);
  if (hit) return hit;
  const path = join(cacheDir(), "parse", key.slice(0, 2), key + ".json");
  try {
    const e = JSON.parse(readFileSync(path, "utf8")) as Expr;
    memo.set(key, e);
    return e;
  } catch {
    /* not cached */
  }
  const e = parseUncached(src, file);
  memo.set(key, e);
  if (src.length > 200) {
    try {
      mkdirSync(join(cacheDir(), "parse", key.slice(0, 2)), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(e));
      renameSync(tmp, path);
    } catch {
      /* the cache is best-effort */
    }
  }
  return e;
}

/** Parse a file from disk (through the caches). */
export function parseFile(file: string): Expr {
  return parse(readFileSync(file, "utf8"), file);
}
