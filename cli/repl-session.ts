// What `tk repl` does with one complete input, as Nix 2.8's `nix repl` (processLine): an
// expression is evaluated and shown to depth 1; `NAME = EXPR` binds lazily; `:a`, `:l`, `:r`,
// `:t`, `:p`, `:st`, `:q`, `:?`. Input whose only syntax error is an unexpected end of file is
// incomplete: the caller reads another line and tries again. Also tab completion (variable
// names, `EXPR.attr` names, file names), as nix repl's completePrefix. No terminal I/O here
// (see repl.ts), so it can be tested directly.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { LangError, setShowTrace } from "../lang/errors.js";
import { Session } from "../lang/session.js";
import type { EvalStore } from "../lang/eval-store.js";
import { Attrs, force, type Value } from "../lang/values.js";
import { guard } from "../lang/api.js";
import { formatError } from "./report-error.js";
import { ReplPrintError, replIsVarName, replPrint, replString, replType } from "./repl-print.js";

/** What one input produced: text for stdout, messages and errors for stderr, or a request for more input / to quit. */
export interface ReplResult {
  out: string;
  err: string;
  incomplete?: boolean;
  quit?: boolean;
}

/** The help text of `:?`. */
export const REPL_HELP = `The following commands are available:

  <expr>        Evaluate and print expression
  <x> = <expr>  Bind expression to variable
  :a <expr>     Add attributes from resulting set to scope
  :l <path>     Load Nix expression and add it to scope
  :p <expr>     Evaluate and print expression recursively
  :q            Exit tk repl
  :r            Reload all files
  :t <expr>     Describe result of evaluation
  :st [bool]    Enable, disable or toggle showing traces for errors
`;

/** A repl: the evaluation session, the files loaded, and the options. */
export class ReplSession {
  private readonly session: Session;
  private loaded: string[] = [];
  private showTrace: boolean;

  constructor(
    store: EvalStore,
    private readonly opts: { color: boolean; showTrace?: boolean; cwd?: string },
  ) {
    this.showTrace = opts.showTrace ?? false;
    this.session = new Session(store, this.showTrace);
  }

  private get cwd(): string {
    return this.opts.cwd ?? process.cwd();
  }

  /** Loads a file into scope (what `tk repl FILE` and `:l FILE` do); returns the "Added N variables." line. */
  loadFile(path: string): string {
    this.loaded = this.loaded.filter((p) => p !== path).concat(path);
    return this.addAttrs(this.session.load(path, this.cwd));
  }

  /** Processes one complete input (possibly several lines). */
  process(input: string): ReplResult {
    try {
      const out = this.processLine(input);
      if (out === null) return { out: "", err: "", quit: true };
      // nix repl writes "Added N variables." as a message (stderr), values on stdout
      return out.startsWith("Added ") ? { out: "", err: out } : { out, err: "" };
    } catch (e) {
      if (e instanceof LangError && e.kind === "parse" && e.bare.includes("unexpected end of file")) {
        return { out: "", err: "", incomplete: true };
      }
      if (e instanceof ReplPrintError) return { out: e.partial, err: formatError(e.error) + "\n" };
      return { out: "", err: formatError(e) + "\n" };
    }
  }

  private processLine(line: string): string | null {
    line = line.trim();
    if (line === "") return "";
    let command = "";
    let arg = line;
    if (line.startsWith(":")) {
      const m = /[ \n\r\t]/.exec(line);
      command = m ? line.slice(0, m.index) : line;
      arg = m ? line.slice(m.index).trim() : "";
    }
    const print = (depth: number): string => replPrint(this.session.evaluate(arg, this.cwd), { maxDepth: depth, color: this.opts.color }) + "\n";
    switch (command) {
      case ":?":
      case ":help":
        return REPL_HELP;
      case ":a":
      case ":add":
        return this.addAttrs(this.session.evaluate(arg, this.cwd));
      case ":l":
      case ":load":
        return this.loadFile(arg);
      case ":r":
      case ":reload":
        return this.reload();
      case ":t":
        return replType(this.session.evaluate(arg, this.cwd)) + "\n";
      case ":p":
      case ":print":
        return guard(() => print(Infinity));
      case ":q":
      case ":quit":
        return null;
      case ":st":
        this.showTrace = arg === "" ? !this.showTrace : arg === "true";
        setShowTrace(this.showTrace);
        return `showing error traces is now ${this.showTrace ? "enabled" : "disabled"}\n`;
      case "":
        break;
      default:
        throw new LangError("eval", `unknown command '${command}'`);
    }
    const eq = line.indexOf("=");
    const name = eq > 0 ? line.slice(0, eq).trim() : "";
    if (eq > 0 && line[eq + 1] !== "=" && replIsVarName(name)) {
      this.session.bind(name, this.session.compile(line.slice(eq + 1), this.cwd));
      return "";
    }
    return guard(() => print(1));
  }

  private addAttrs(v: Value): string {
    if (!(v instanceof Attrs)) throw new LangError("type", `value is ${replType(v)} while a set was expected`);
    const n = this.session.bindAll(v);
    return `Added ${n} variables.\n`;
  }

  private reload(): string {
    this.session.reset();
    let out = "";
    for (const f of this.loaded) out += this.loadFile(f);
    return out;
  }

  /** Completions for the word before the cursor: [candidates, the word], as readline's completer wants. */
  complete(line: string): [string[], string] {
    const start = Math.max(...[..." \n\r\t(){}[]"].map((ch) => line.lastIndexOf(ch)));
    const cur = line.slice(start + 1);
    const slash = cur.lastIndexOf("/");
    const dot = cur.lastIndexOf(".");
    try {
      if (slash >= 0) return [completeFile(cur, slash, this.cwd), cur];
      if (dot < 0) return [this.session.variableNames().filter((n) => n.startsWith(cur)), cur];
      const expr = cur.slice(0, dot);
      const prefix = cur.slice(dot + 1);
      const v = force(this.session.evaluate(expr, this.cwd));
      if (!(v instanceof Attrs)) return [[], cur];
      const names = v.keys().filter((k) => k.startsWith(prefix));
      return [names.map((k) => `${expr}.${replIsVarName(k) ? k : replString(k)}`), cur];
    } catch {
      return [[], cur]; // like nix repl: errors while completing are ignored
    }
  }
}

function completeFile(cur: string, slash: number, cwd: string): string[] {
  const dir = cur.slice(0, slash);
  const prefix = cur.slice(slash + 1);
  const base = dir === "" ? "/" : dir.startsWith("/") ? dir : join(cwd, dir);
  return readdirSync(base)
    .filter((n) => !n.startsWith(".") && n.startsWith(prefix))
    .map((n) => `${dir}/${n}`)
    .sort();
}

