// A derivation's build log: lines are streamed to a callback, the last 25 kept for error messages,
// and everything written gzip-compressed to <stateDir>/log/<drv basename>. Most builds log little and
// finish fast, so the log is kept in memory and compressed and written in one go when it closes (the
// write off the event loop) instead of through a gzip stream per build; once it passes 1 MiB, or
// output still comes after 1 s, it is streamed through gzip to its file instead. readBuildLog reads
// it back.
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

/** When a log stops being buffered and is streamed to its file. */
export interface BuildLogLimits { streamAboveBytes: number; streamAfterMs: number }

const DEFAULT_LIMITS: BuildLogLimits = { streamAboveBytes: 1 << 20, streamAfterMs: 1000 };

/** Log dirs known to exist (one mkdir per dir and process, not one per build). */
const madeDirs = new Set<string>();

function ensureDir(dir: string): void {
  if (madeDirs.has(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  madeDirs.add(dir);
}

/** Up to this size a finished log is compressed and written synchronously (larger: on the thread pool). */
const SMALL_LOG = 64 * 1024;

/** gzip a small finished log with a deflate window sized to it (zlib's default allocates ~256 KiB of
 *  state per call, which dominated the cost of trivial builds' logs). Any window size gives a
 *  standard gzip file. */
function gzipSmall(data: Buffer): Buffer {
  const windowBits = Math.max(9, Math.min(15, Math.ceil(Math.log2(data.length + 1))));
  return zlib.gzipSync(data, { windowBits, memLevel: Math.max(1, Math.min(8, windowBits - 7)) });
}

/** Collects builder output: splits lines, keeps a tail, compresses to the log file. */
export class BuildLog {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private stream?: { gzip: zlib.Gzip; done: Promise<void> };
  private readonly opened = Date.now();
  private partial = "";
  private readonly tail: string[] = [];
  private closed = false;

  constructor(readonly file: string, private readonly onLine: (line: string) => void,
              private readonly limits: BuildLogLimits = DEFAULT_LIMITS) {}

  /** Feed raw output bytes. */
  write(chunk: Buffer | string): void {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (this.stream) this.stream.gzip.write(bytes);
    else {
      this.buffered.push(bytes);
      this.bufferedBytes += bytes.length;
      if (this.bufferedBytes > this.limits.streamAboveBytes || Date.now() - this.opened > this.limits.streamAfterMs) this.startStreaming();
    }
    const text = this.partial + bytes.toString();
    const lines = text.split("\n");
    this.partial = lines.pop()!;
    for (const l of lines) this.line(l);
  }

  /** True once the log goes to its file as it comes (no longer buffered). */
  get streaming(): boolean {
    return this.stream !== undefined;
  }

  private startStreaming(): void {
    ensureDir(path.dirname(this.file));
    const gzip = zlib.createGzip();
    const out = fs.createWriteStream(this.file);
    gzip.pipe(out);
    const done = new Promise<void>((resolve, reject) => {
      out.on("close", () => resolve());
      out.on("error", reject);
    });
    for (const b of this.buffered) gzip.write(b);
    this.buffered = [];
    this.stream = { gzip, done };
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

  /** Flush the last partial line (at once: lastLines() is complete when this returns) and finish the
   *  compressed file (the promise; idempotent). */
  async close(): Promise<void> {
    if (this.partial !== "") { this.line(this.partial); this.partial = ""; }
    if (this.closed) return;
    this.closed = true;
    if (this.stream) {
      this.stream.gzip.end();
      await this.stream.done;
      return;
    }
    const data = Buffer.concat(this.buffered, this.bufferedBytes);
    this.buffered = [];
    if (data.length > SMALL_LOG) {
      ensureDir(path.dirname(this.file));
      const gz = await new Promise<Buffer>((resolve, reject) => zlib.gzip(data, (e, r) => (e ? reject(e) : resolve(r))));
      await fs.promises.writeFile(this.file, gz);
      return;
    }
    // Small: compressed and written synchronously (a third of the CPU of fs.promises.writeFile's
    // three thread-pool hops), but only after the current callbacks ran, so that when a build ends
    // the next one is started first and this happens while its builder runs.
    await new Promise<void>((resolve, reject) => setImmediate(() => {
      try {
        ensureDir(path.dirname(this.file));
        fs.writeFileSync(this.file, gzipSmall(data));
        resolve();
      } catch (e) {
        reject(e);
      }
    }));
  }
}
