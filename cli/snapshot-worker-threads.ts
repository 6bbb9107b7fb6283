// What `node:worker_threads` is inside the start-up snapshot bundle (bin/build-snapshot.mjs redirects
// the imports here). Node sets up the shared state its workers need (the cwd counter, a
// SharedArrayBuffer) when the module is first loaded, and SharedArrayBuffer does not exist while a
// snapshot is built: a worker_threads loaded then gives workers that fail on their first
// `process.cwd()`. So the real module is loaded here only when a worker or channel is made, at run
// time. Only what tk uses is offered; a new import of something else fails the snapshot build (and
// tk then runs the ESM bundle) rather than break workers.
type WorkerThreads = typeof import("node:worker_threads");

const real = (): WorkerThreads => process.getBuiltinModule("node:worker_threads");

/** `new Worker(...)`: a real worker_threads.Worker. */
export const Worker = function Worker(...args: ConstructorParameters<WorkerThreads["Worker"]>) {
  return new (real().Worker)(...args);
} as unknown as WorkerThreads["Worker"];

/** `new MessageChannel()`: a real worker_threads.MessageChannel. */
export const MessageChannel = function MessageChannel() {
  return new (real().MessageChannel)();
} as unknown as WorkerThreads["MessageChannel"];

/** worker_threads.receiveMessageOnPort. */
export function receiveMessageOnPort(port: Parameters<WorkerThreads["receiveMessageOnPort"]>[0]): ReturnType<WorkerThreads["receiveMessageOnPort"]> {
  return real().receiveMessageOnPort(port);
}
