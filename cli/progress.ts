// The one progress reporter for long commands. On a terminal: a live status line
// ("[3/10] building hello, running: a, b"). Not on a terminal: plain one-line events.
// With --json: one JSON object per event per line, for tools. All of it goes to stderr;
// stdout is kept for the data a command prints.
import type { BuildEvent } from "../builders/realise.js";

/** How progress is shown. */
export type ProgressMode = "tty" | "lines" | "json" | "quiet";

/** Chooses the mode: --json wins, then whether stderr is a terminal. */
export function progressMode(opts: { json?: boolean; quiet?: boolean }, stream = process.stderr): ProgressMode {
  if (opts.json) return "json";
  if (opts.quiet) return "quiet";
  return stream.isTTY ? "tty" : "lines";
}

/** Receives build events and renders them; `finish()` clears the status line. */
export class ProgressReporter {
  private total = 0;
  private finished = 0;
  private readonly running = new Map<string, string>();
  private statusShown = false;

  constructor(
    private readonly mode: ProgressMode,
    private readonly out: { write(s: string): unknown } = process.stderr,
    private readonly printLogs = false,
  ) {}

  /** Handles one event. */
  readonly onEvent = (e: BuildEvent): void => {
    if (this.mode === "json") {
      this.out.write(JSON.stringify(e) + "\n");
      return;
    }
    switch (e.type) {
      case "plan":
        this.total = e.toBuild.length + e.toSubstitute.length;
        if (this.total > 0) this.line(planLine(e.toBuild.length, e.toSubstitute.length));
        break;
      case "start":
        this.running.set(e.drvPath, e.name);
        if (this.mode === "lines") this.line(`building ${e.role === "build" ? "" : e.role + " "}'${e.drvPath}'`);
        break;
      case "done":
        this.running.delete(e.drvPath);
        this.finished++;
        break;
      case "fail":
        this.running.delete(e.drvPath);
        this.finished++;
        // The message and log tail of a real failure are printed once, by the final error.
        this.line(e.cancelled ? `build of '${e.drvPath}' cancelled: another build failed` : `build of '${e.drvPath}' failed`);
        break;
      case "log":
        if (this.printLogs) this.line(`${this.running.get(e.drvPath) ?? "?"}> ${e.line}`);
        break;
    }
    this.status();
  };

  /** Clears the status line (call once at the end). */
  finish(): void {
    if (this.mode === "tty" && this.statusShown) this.out.write("\r\x1b[K");
    this.statusShown = false;
  }

  private line(text: string): void {
    if (this.mode === "quiet") return;
    if (this.mode === "tty" && this.statusShown) this.out.write("\r\x1b[K");
    this.statusShown = false;
    this.out.write(text + "\n");
  }

  private status(): void {
    if (this.mode !== "tty" || this.total === 0) return;
    const names = [...this.running.values()];
    const running = names.length ? `, running: ${names.join(", ")}` : "";
    const text = `[${this.finished}/${this.total}] building${running}`;
    const columns = (this.out as { columns?: number }).columns ?? 0;
    const width = columns >= 20 ? columns - 1 : 100; // unknown or tiny terminals: don't cut to nothing
    this.out.write("\r\x1b[K" + (text.length > width ? text.slice(0, width - 1) + "…" : text));
    this.statusShown = true;
  }
}

function planLine(build: number, subst: number): string {
  const parts: string[] = [];
  if (build) parts.push(`${build} derivation${build === 1 ? "" : "s"} will be built`);
  if (subst) parts.push(`${subst} path${subst === 1 ? "" : "s"} will be fetched`);
  return parts.join(", ");
}
