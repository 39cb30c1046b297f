/**
 * Loading a module only when a run needs it, and finding canary's modules in either of the two
 * shapes canary runs in: its sources (`deno run main.ts`, the tests) or the bundle the binaries
 * are compiled from (`scripts/bundle.ts`), where every module is JavaScript.
 *
 * @module
 */

/**
 * Whether this code runs from the bundle. The bundle puts this module's code into `main.js` or
 * a shared chunk beside it, both in the bundle's top folder, where the entry points keep their
 * paths from the project root with `.js` for `.ts`.
 */
const BUNDLED = import.meta.url.endsWith(".js");

/** Where the bundle puts an entry point: the same path from its top folder, as JavaScript. */
export function bundledPath(module: string): string {
  return module.replace(/\.ts$/, ".js");
}

/**
 * The URL of canary's module at `path` from the project root (`src/scan/read_worker.ts`), in
 * the shape this run has. In the bundle only entry points keep their names, so `path` must be
 * one (`scripts/bundle.ts` lists them).
 */
export function canaryModule(path: string): URL {
  return BUNDLED
    ? new URL(`./${bundledPath(path)}`, import.meta.url)
    : new URL(`../${path}`, import.meta.url);
}

/**
 * Imports canary's module at `path` from the project root (see {@linkcode canaryModule}) when
 * called. A literal `import("…")` would do the same, except that Deno reads and analyses every
 * module such an import names, and all those name in turn, as the program starts, whether the
 * run needs them or not: for canary's commands, about 5 ms of a 25 ms `canary --version`. A
 * module loaded so is outside the module graph `deno compile` and `deno bundle` follow, so it
 * must be an entry point of the bundle.
 */
export function deferredImport<Module>(path: string): Promise<Module> {
  return import(canaryModule(path).href);
}
