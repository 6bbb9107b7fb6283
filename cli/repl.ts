// `tk repl [FILES…]`: an interactive read-eval-print loop like Nix 2.8's `nix repl` (what it does
// with each input is in repl-session.ts). On a terminal: Node's readline with line editing, tab
// completion and history (~/.local/share/tk/repl-history). Off a terminal it reads lines from
// stdin and writes a transcript as nix repl does (prompt and echoed input on stdout). Messages
// (banner, "Added N variables.", errors) go to stderr, values to stdout. It evaluates against a
// dry store, like `tk eval`: derivation paths are computed, nothing is written. It runs in the
// deep-stack worker thread (main.ts run(), deep-stack.ts).
import { appendFileSync, createReadStream, mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { isatty, ReadStream } from "node:tty";
import type { Command } from "commander";
import { storeConfigFromEnv } from "../store/config.js";
import { action, type Verb } from "./verb.js";
import { DryEvalStore } from "./eval-stores.js";
import { ReplSession } from "./repl-session.js";
import { tkVersion } from "./main.js";

/** The prompt, and the continuation prompt of the same width. */
export const PROMPT = "tk-repl> ";
const CONTINUE = " ".repeat(PROMPT.length);

/** `tk repl [FILES…] [--show-trace]`. */
export const command: Verb = {
  name: "repl",
  summary: "evaluate expressions interactively (like nix repl)",
  register(program: Command) {
    program
      .command("repl")
      .description("an interactive read-eval-print loop; FILES are loaded into scope first (like nix repl)")
      .argument("[files...]", "files whose attribute sets are added to the scope")
      .option("--show-trace", "print every 'while evaluating' frame of an error")
      .action(action((files: string[], flags: { showTrace?: boolean }) => runRepl(files, flags.showTrace ?? false)));
  },
};

/** Where the history of a terminal session is kept. */
export function historyFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "tk", "repl-history");
}

async function runRepl(files: string[], showTrace: boolean): Promise<number> {
  const tty = isatty(0) && process.stdout.isTTY === true;
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const repl = new ReplSession(new DryEvalStore(storeConfigFromEnv()), { color, showTrace });
  process.stderr.write(`Welcome to tk ${tkVersion()}. Type :? for help.\n\n`);
  for (const f of files) {
    process.stderr.write(`Loading '${f}'...\n`);
    const r = repl.process(`:l ${f}`);
    process.stderr.write(r.err);
  }
  if (files.length) process.stderr.write("\n");
  const input = tty ? new ReadStream(0) : createReadStream("", { fd: 0 });
  const rl = createInterface({
    input,
    output: tty ? process.stdout : undefined,
    terminal: tty,
    completer: tty ? (line: string) => repl.complete(line) : undefined,
    history: tty ? loadHistory() : undefined,
    historySize: 1000,
  });
  let buffer = "";
  let done = false;
  const prompt = (): void => {
    const p = buffer === "" ? PROMPT : CONTINUE;
    if (tty) {
      rl.setPrompt(p);
      rl.prompt();
    } else process.stdout.write(p);
  };
  return new Promise<number>((resolve) => {
    const finish = (): void => {
      done = true;
      rl.close();
      input.destroy();
      resolve(0);
    };
    rl.on("line", (line) => {
      if (done) return; // lines read ahead after :q
      if (!tty) process.stdout.write(line + "\n");
      else saveHistory(line);
      buffer = buffer === "" ? line : `${buffer}\n${line}`;
      const r = repl.process(buffer);
      if (r.incomplete) return prompt();
      buffer = "";
      if (r.quit) return finish();
      process.stdout.write(r.out);
      process.stderr.write(r.err);
      process.stdout.write("\n");
      prompt();
    });
    rl.on("SIGINT", () => {
      buffer = "";
      process.stdout.write("\n");
      prompt();
    });
    rl.on("close", () => {
      if (tty && !done) process.stdout.write("\n");
      resolve(0);
    });
    prompt();
  });
}

function loadHistory(): string[] {
  try {
    return readFileSync(historyFile(), "utf8").split("\n").filter(Boolean).reverse().slice(0, 1000);
  } catch {
    return [];
  }
}

function saveHistory(line: string): void {
  if (line.trim() === "") return;
  try {
    mkdirSync(dirname(historyFile()), { recursive: true });
    appendFileSync(historyFile(), line.replace(/\n/g, " ") + "\n");
  } catch {
    /* history is best-effort */
  }
}

