// The builder spawner: a small helper node process that starts builder processes for tk. Forking
// costs time in proportion to the forking process's memory: from tk (~90 MB of anonymous memory during
// a realise) one spawn blocked tk for ~3.7 ms, from a bare node ~1 ms. The helper forks the builders,
// streams their output back over IPC, kills each builder's process group when it exits, and kills
// every running builder when tk goes away (its IPC channel closes, even if tk was SIGKILLed).
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";

/** One process to start: as child_process.spawn with stdio ignore/pipe/pipe (plus `fd3File` on fd 3). */
export interface LaunchSpec {
  cmd: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** A file opened read-only as the process's fd 3 (bwrap's `--args 3`). */
  fd3File?: string;
  /** Append stdout and stderr to this file instead of piping them to onData (no pipes to set up and
   *  drain: a cheaper start and end, for when nobody follows the output live). */
  outFile?: string;
}

/** How a process ended: exit code or signal, or why it could not be started. */
export interface LaunchResult { exitCode: number | null; signal: NodeJS.Signals | null; error?: string }

type Request = { type: "spawn"; id: number; spec: LaunchSpec } | { type: "kill"; id: number };
type Reply = { type: "ready" } | { type: "out"; id: number; data: Uint8Array }
  | { type: "exit"; id: number; code: number | null; signal: NodeJS.Signals | null; error?: string };

/**
 * The helper's program. It runs in its own node process, started with this function's source, so it
 * must not use anything from the enclosing module: only node built-ins, loaded with the `load` it is
 * given (the helper's own `require`; a free `require` here would be rewritten by the bundler).
 */
function helperMain(load: NodeJS.Require): void {
  const cp = load("node:child_process") as typeof import("node:child_process");
  const fs = load("node:fs") as typeof import("node:fs");
  const kids = new Map<number, number>(); // request id → pid (= process group id)
  // tk may already be gone (or have closed the channel before this helper was ready): drop the reply.
  const send = (m: Reply): void => { if (process.connected) process.send?.(m, () => undefined); };
  const killGroup = (pid: number | undefined): void => {
    if (pid === undefined) return;
    try { process.kill(-pid, "SIGKILL"); } catch { /* gone */ }
  };
  process.on("message", (m: Request) => {
    if (m.type === "kill") { killGroup(kids.get(m.id)); return; }
    const s = m.spec;
    const stdio: Array<"ignore" | "pipe" | number> = ["ignore", "pipe", "pipe"];
    let error: string | undefined;
    const opened: number[] = [];
    try {
      if (s.outFile !== undefined) { const fd = fs.openSync(s.outFile, "a"); opened.push(fd); stdio[1] = stdio[2] = fd; }
      if (s.fd3File !== undefined) { const fd = fs.openSync(s.fd3File, "r"); opened.push(fd); stdio.push(fd); }
    } catch (e) {
      error = (e as Error).message;
    }
    if (error !== undefined) {
      for (const fd of opened) fs.closeSync(fd);
      send({ type: "exit", id: m.id, code: null, signal: null, error });
      return;
    }
    const c = cp.spawn(s.cmd, s.args, { cwd: s.cwd, env: s.env, stdio, detached: true });
    for (const fd of opened) fs.closeSync(fd);
    if (c.pid !== undefined) kids.set(m.id, c.pid);
    c.stdout?.on("data", (data: Buffer) => send({ type: "out", id: m.id, data }));
    c.stderr?.on("data", (data: Buffer) => send({ type: "out", id: m.id, data }));
    c.on("error", (e) => { error = e.message; });
    // Whatever the builder left behind in its process group would keep its pipes open: kill it.
    c.on("exit", () => killGroup(c.pid));
    c.on("close", (code, signal) => {
      kids.delete(m.id);
      send({ type: "exit", id: m.id, code, signal, error });
    });
  });
  process.on("disconnect", () => {
    for (const pid of kids.values()) killGroup(pid);
    process.exit(0);
  });
  send({ type: "ready" });
}

interface Job { onData: (d: Buffer) => void; done: (r: LaunchResult) => void }

/** Starts processes through the helper once it is ready; `launch` works before that too (directly). */
export class Spawner {
  private child?: ChildProcess;
  private ready = false;
  private nextId = 1;
  private readonly jobs = new Map<number, Job>();
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];

  /** Start the helper process (idempotent); launches go directly until it reports that it is ready. */
  start(): void {
    if (this.child !== undefined) return;
    const child = spawn(process.execPath, ["-e", `(${helperMain.toString()})(require)`], {
      stdio: ["ignore", "ignore", "inherit", "ipc"], serialization: "advanced",
    });
    this.child = child;
    child.on("message", (m: Reply) => this.onReply(m));
    child.on("error", () => this.lost("could not start the builder helper process"));
    child.on("exit", () => this.lost("the builder helper process exited"));
    this.refIfBusy();
  }

  /** Start the helper and wait until it takes launches; rejects if it cannot be started. */
  async startAndWait(): Promise<void> {
    this.start();
    if (this.ready) return;
    await new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.refIfBusy();
    });
  }

  /** True once the helper runs and takes launches. */
  get usingHelper(): boolean {
    return this.ready;
  }

  /** Run one process to completion, feeding its stdout and stderr to `onData`; `signal` kills it. */
  launch(spec: LaunchSpec, onData: (d: Buffer) => void, signal?: AbortSignal): Promise<LaunchResult> {
    if (!this.ready || this.child === undefined || !this.child.connected) return launchDirect(spec, onData, signal);
    const child = this.child;
    const id = this.nextId++;
    return new Promise((resolve) => {
      const kill = (): void => { child.send({ type: "kill", id } satisfies Request); };
      signal?.addEventListener("abort", kill, { once: true });
      this.jobs.set(id, {
        onData,
        done: (r) => {
          signal?.removeEventListener("abort", kill);
          this.jobs.delete(id);
          this.refIfBusy();
          resolve(r);
        },
      });
      this.refIfBusy();
      child.send({ type: "spawn", id, spec } satisfies Request);
      if (signal?.aborted) kill();
    });
  }

  /** Stop the helper (running processes are killed by it). */
  close(): void {
    const child = this.child;
    if (child === undefined) return;
    this.ready = false;
    if (child.connected) child.disconnect();
  }

  private onReply(m: Reply): void {
    if (m.type === "ready") {
      this.ready = true;
      for (const w of this.waiters.splice(0)) w.resolve();
      this.refIfBusy();
      return;
    }
    const job = this.jobs.get(m.id);
    if (job === undefined) return;
    if (m.type === "out") job.onData(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
    else job.done({ exitCode: m.code, signal: m.signal, error: m.error });
  }

  /** The helper is gone: its running builds fail, later launches go directly. */
  private lost(why: string): void {
    this.ready = false;
    for (const job of [...this.jobs.values()]) job.done({ exitCode: null, signal: null, error: why });
    for (const w of this.waiters.splice(0)) w.reject(new Error(why));
  }

  /** The helper keeps tk alive only while something waits for it. */
  private refIfBusy(): void {
    const c = this.child;
    if (c === undefined) return;
    if (this.jobs.size > 0 || this.waiters.length > 0) { c.ref(); c.channel?.ref(); } else { c.unref(); c.channel?.unref(); }
  }
}

/** Run one process directly from this process (the same contract as Spawner.launch). */
export function launchDirect(spec: LaunchSpec, onData: (d: Buffer) => void, signal?: AbortSignal): Promise<LaunchResult> {
  const stdio: Array<"ignore" | "pipe" | number> = ["ignore", "pipe", "pipe"];
  const opened: number[] = [];
  return new Promise((resolve) => {
    try {
      if (spec.outFile !== undefined) { const fd = fs.openSync(spec.outFile, "a"); opened.push(fd); stdio[1] = stdio[2] = fd; }
      if (spec.fd3File !== undefined) { const fd = fs.openSync(spec.fd3File, "r"); opened.push(fd); stdio.push(fd); }
    } catch (e) {
      for (const fd of opened) fs.closeSync(fd);
      resolve({ exitCode: null, signal: null, error: (e as Error).message });
      return;
    }
    const child = spawn(spec.cmd, spec.args, { cwd: spec.cwd, env: spec.env, stdio, detached: true });
    for (const fd of opened) fs.closeSync(fd);
    const kill = (): void => { if (child.pid !== undefined) { try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ } } };
    signal?.addEventListener("abort", kill, { once: true });
    if (signal?.aborted) kill();
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    let error: string | undefined;
    child.on("error", (e) => { error = e.message; });
    // Whatever the builder left behind in its process group would keep its pipes open: kill it.
    child.on("exit", kill);
    child.on("close", (code, sig) => {
      signal?.removeEventListener("abort", kill);
      resolve({ exitCode: code, signal: sig, error });
    });
  });
}
