/**
 * Loading a module only when a run needs it.
 *
 * @module
 */

/**
 * Imports the module at `specifier`, relative to `base` (the caller's `import.meta.url`), when
 * called. A literal `import("…")` would do the same, except that Deno reads and analyses every
 * module such an import names, and all those name in turn, as the program starts, whether the
 * run needs them or not: for canary's commands, about 5 ms of a 25 ms `canary --version`. A
 * module loaded so is outside the module graph `deno compile` follows, so the binary must
 * include it explicitly (`scripts/compile.ts`).
 */
export function deferredImport<Module>(specifier: string, base: string): Promise<Module> {
  return import(new URL(specifier, base).href);
}
