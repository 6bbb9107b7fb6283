// A derivation's build log: lines are streamed to a callback, the last 25 kept for error messages,
// and everything written gzip-compressed to <stateDir>/log/<drv basename>. readBuildLog reads it back.
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";

/** How many trailing log lines a BuildError shows. */
export const LOG_TAIL_LINES = 25;

/** Path of the (gzip-compressed) log of a derivation. */
export function buildLogPath(stateDir: string, drvPath: string): string {
  return path.join(stateDir, "log", path.basename(drvPath));
}

/** Read a stored build log back as text, or undefined when there is none. */
export function readBuildLog(stateDir: string, drvPath: string): string | undefined {
  const p = buildLogPath(stateDir, drvPath);
  if (!fs.existsSync(p)) return undefined;
  return zlib.gunzipSync(fs.readFileSync(p)).toString("utf8");
}

/** Collects builder output: splits lines, keeps a tail, compresses to the log file. */
export class BuildLog {
  private readonly gzip: zlib.Gzip;
  private readonly done: Promise<void>;
  private partial = "";
  private readonly tail: string[] = [];

  constructor(readonly file: string, private readonly onLine: (line: string) => void) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.gzip = zlib.createGzip();
    const out = fs.createWriteStream(file);
    this.gzip.pipe(out);
    this.done = new Promise((resolve, reject) => {
      out.on("close", () => resolve());
      out.on("error", reject);
    });
  }

  /** Feed raw output bytes. */
  write(chunk: Buffer | string): void {
    this.gzip.write(chunk);
    const text = this.partial + chunk.toString();
    const lines = text.split("\n");
    this.partial = lines.pop()!;
    for (const l of lines) this.line(l);
  }

  private line(l: string): void {
    const clean = l.endsWith("\r") ? l.slice(0, -1) : l;
    this.tail.push(clean);
    if (this.tail.length > LOG_TAIL_LINES) this.tail.shift();
    this.onLine(clean);
  }

  /** The last lines written so far (at most LOG_TAIL_LINES). */
  lastLines(): string[] {
    return [...this.tail];
  }

  /** Flush the last partial line and finish the compressed file. */
  async close(): Promise<void> {
    if (this.partial !== "") { this.line(this.partial); this.partial = ""; }
    this.gzip.end();
    await this.done;
  }
}
