// Language errors: LangError (a TkError) carrying file:line:col, the source line and a caret, plus
// "while evaluating …" trace frames. Also the registry of source texts used to show those lines.
import { readFileSync } from "node:fs";
import { TkError } from "../store/errors.js";
import { posCol, posLine, type Pos } from "./ast.js";

const sources = new Map<string, string>();
let showTrace = false;
let traceHint = true;

/** Whether error messages include the "while evaluating" frames (nix --show-trace). */
export function setShowTrace(on: boolean): void {
  showTrace = on;
}

/** Whether errors end with Nix's --show-trace hint (nix-instantiate prints it; nix repl does not). */
export function setTraceHint(on: boolean): void {
  traceHint = on;
}

/** Remember the text of a source so errors can quote its lines ("«string»" for -E expressions). */
export function registerSource(file: string, text: string): void {
  sources.set(file, text);
}

const splitCache = new Map<string, { text: string; lines: string[] }>();
const unquoted = new Set<string>();

/** Errors in `file` show no source lines (Nix's built-in //builtin/derivation.nix). */
export function unquotedSource(file: string): void {
  unquoted.add(file);
}

function sourceLines(file: string): string[] | undefined {
  if (unquoted.has(file)) return undefined;
  let text = sources.get(file);
  if (text === undefined) {
    try {
      text = readFileSync(file, "utf8");
      sources.set(file, text);
    } catch {
      return undefined;
    }
  }
  const hit = splitCache.get(file);
  if (hit && hit.text === text) return hit.lines;
  const lines = text.split("\n");
  splitCache.set(file, { text, lines });
  return lines;
}

/** Whether a thrown value is V8's stack overflow (a RangeError, or a SyntaxError from a regexp compiled too deep). */
export function isStackOverflow(e: unknown): boolean {
  return (e instanceof RangeError || e instanceof SyntaxError) && e.message.includes("call stack");
}

/** A source location. */
export interface Loc {
  file: string;
  pos: Pos;
}

/** A position inside a message, as Nix 2.8 prints a Pos there: "(string)" for -E and stdin sources. */
export function showPos(file: string, pos: Pos): string {
  const f = file === "«string»" || file === "«stdin»" ? "(string)" : file;
  return `${f}:${posLine(pos)}:${posCol(pos)}`;
}

/** Format "at file:line:col:" with the source line and a caret under the column, as Nix does. */
export function formatLoc(loc: Loc): string {
  const line = posLine(loc.pos);
  const col = posCol(loc.pos);
  let out = `\n\n       at ${loc.file}:${line}:${col}:`;
  const lines = sourceLines(loc.file);
  const src = lines?.[line - 1];
  if (lines && src !== undefined) {
    const show = (n: number): string => {
      const num = String(n);
      const text = lines[n - 1].replace(/\t/g, " ");
      // an empty line shows as "N|" with no space after the bar (as Nix prints it)
      return `\n${" ".repeat(Math.max(1, 13 - num.length))}${num}|${text === "" ? "" : " " + text}`;
    };
    out += "\n";
    if (line > 1) out += show(line - 1);
    out += show(line);
    out += `\n${" ".repeat(13)}| ${" ".repeat(Math.max(0, col - 1))}^`;
    if (line < lines.length && !(line === lines.length - 1 && lines[line] === "")) out += show(line + 1);
  }
  return out;
}

/** The line Nix 2.8 prints after an error that has trace frames when --show-trace is not given. */
export const SHOW_TRACE_HINT = "(use '--show-trace' to show detailed location information)";

/** Kinds of language error; tryEval catches only "throw" and "assert". */
export type LangErrorKind = "parse" | "throw" | "assert" | "abort" | "type" | "eval" | "recursion" | "io";

/** A user-caused error in parsing or evaluating the language. */
export class LangError extends TkError {
  /** What kind of failure this is (decides what builtins.tryEval catches). */
  readonly kind: LangErrorKind;
  /** The bare message without location or trace. */
  readonly bare: string;
  /** Where the error was raised, if known. */
  loc?: Loc;
  /**
   * "while evaluating …" frames, innermost first. `always`: Nix 2.8 adds the frame whether or not
   * --show-trace is given (an attribute selection, deepSeq, addErrorContext…); its function-call frames
   * exist only with --show-trace. Nix prints its "use '--show-trace'" hint when an error has an `always` frame.
   */
  readonly frames: Array<{ what: string; loc?: Loc; always: boolean }> = [];

  constructor(kind: LangErrorKind, bare: string, loc?: Loc) {
    super(kind === "parse" ? "parse-error" : `eval-${kind}`, bare, loc ? `${loc.file}:${posLine(loc.pos)}:${posCol(loc.pos)}` : undefined);
    this.kind = kind;
    this.bare = bare;
    this.loc = loc;
    this.refresh();
  }

  /** Attach a location if none is known yet. */
  at(loc: Loc | undefined): this {
    if (!this.loc && loc) {
      this.loc = loc;
      this.refresh();
    }
    return this;
  }

  /** Add a "while evaluating" frame (`always`: see frames). */
  addFrame(what: string, loc?: Loc, always = true): this {
    if (this.frames.length < 200) {
      this.frames.push({ what, loc, always });
      this.refresh();
    }
    return this;
  }

  private cached: string | undefined;

  /** The full message is built on first read (errors pass through many frames before anyone prints them). */
  private refresh(): void {
    this.cached = undefined;
    if (!Object.prototype.hasOwnProperty.call(this, "message") || Object.getOwnPropertyDescriptor(this, "message")?.get === undefined) {
      Object.defineProperty(this, "message", {
        configurable: true,
        enumerable: false,
        get: () => (this.cached ??= this.render()),
        set: (_v: string) => undefined,
      });
    }
  }

  private render(): string {
    let m = `error: ${this.bare}`;
    // Nix 2.8's throw and abort carry no position (their location still stops the call sites from adding one)
    if (this.loc && this.kind !== "throw" && this.kind !== "abort") m += formatLoc(this.loc);
    for (const f of showTrace ? this.frames : []) {
      m += `\n\n       … ${f.what}`;
      if (f.loc) m += formatLoc(f.loc);
    }
    // Nix's handleExceptions: an error with trace frames, printed without them, ends with this hint
    if (traceHint && !showTrace && this.frames.some((f) => f.always)) m += `\n${SHOW_TRACE_HINT}`;
    return m;
  }
}
