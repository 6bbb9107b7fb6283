// What `node:module` and `import.meta.url` are inside the start-up snapshot (bin/build-snapshot.mjs
// bundles the CLI as one CommonJS script and redirects both here). The snapshot is built by running
// that script once and saving its heap; only node built-ins can be required then, and every value
// computed then is frozen into the blob. So nothing here may know the package's location at build
// time: `createRequire` returns a require that resolves packages (better-sqlite3, ssri, yaml) from
// the location the running process was started from, on first use, and `import.meta.url` reads it too.
import * as nodeModule from "node:module";

let packageRoot: string | undefined;
const provided = new Map<string, unknown>();

/**
 * Makes `require(id)` of the snapshot bundle return `exports`: a pure-JS package bundled into the
 * snapshot (ssri, yaml) is then not loaded again from node_modules at run time.
 */
export function provideModule(id: string, exports: unknown): void {
  provided.set(id, exports);
}

/** Sets the package root (a directory path) the running snapshot was started from; called once at start. */
export function setPackageRoot(root: string): void {
  packageRoot = root.endsWith("/") ? root : `${root}/`;
}

/** What `import.meta.url` is while the snapshot is built (store/lazy-deps.ts passes it to createRequire, which ignores it). */
export const BUILD_TIME_URL = "file:///tk-snapshot-build-time/dist/tk/main.js";

/**
 * The URL the bundled code sees as `import.meta.url`: the ESM bundle's entry, dist/tk/main.js under
 * the run-time package root (BUILD_TIME_URL before that is known).
 */
export function bundleEntryUrl(): string {
  return packageRoot === undefined ? BUILD_TIME_URL : new URL(`file://${packageRoot}dist/tk/main.js`).href;
}

/** `import.meta.url` in the snapshot bundle (esbuild defines `import.meta.url` as `__tkMetaUrl.url`). */
export const __tkMetaUrl = {
  get url(): string {
    return bundleEntryUrl();
  },
};

/**
 * `module.createRequire` for the snapshot bundle: the real one, made on the first call from the
 * run-time package root (the URL passed in is where the module was at build time, which is ignored).
 * Modules given to provideModule are returned as they are. The returned function and its `resolve`
 * are what tk uses of a require.
 */
export function createRequire(_url: string | URL): NodeJS.Require {
  let real: NodeJS.Require | undefined;
  const get = (): NodeJS.Require => (real ??= nodeModule.createRequire(bundleEntryUrl()));
  const lazy = ((id: string) => (provided.has(id) ? provided.get(id) : get()(id))) as NodeJS.Require;
  lazy.resolve = ((id: string, options?: { paths?: string[] }) => get().resolve(id, options)) as NodeJS.RequireResolve;
  return lazy;
}
