// The entry point of the deep-stack worker thread (see deep-stack.ts): makes stdout/stderr
// synchronous writes to fds 1/2 with the real terminal's properties, runs `tk ARGV` there, and
// ends the thread with the command's exit status.
import { parentPort, workerData } from "node:worker_threads";
import type { DeepThreadData } from "./deep-stack.js";
import { installSyncStdio, setColumns } from "./sync-stdio.js";

const data = workerData as DeepThreadData;
installSyncStdio(data.term, data.skipStderr);
parentPort?.on("message", (m: { columns?: number }) => {
  if (typeof m.columns === "number") setColumns(m.columns);
});
parentPort?.unref();
const { main } = await import("./main.js");
process.exitCode = await main(data.argv);
