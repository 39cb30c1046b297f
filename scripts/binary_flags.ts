/**
 * The flags canary runs with, both as a compiled binary and through `deno task canary`: least
 * privilege for what it does, and the V8 settings its memory use was measured with.
 *
 * @module
 */

/**
 * Deno flags granting canary its permissions: read and write files (the scanned
 * tree and the database), read exactly the environment variables it reads
 * (`src/environment.ts`), and run `git`. No network, FFI or system information, and never a
 * prompt: anything else fails at once.
 */
export const BINARY_PERMISSION_FLAGS: readonly string[] = Object.freeze([
  "--allow-read",
  "--allow-write",
  "--allow-env=NO_COLOR,FORCE_COLOR,CLICOLOR_FORCE,CLICOLOR,TERM,CANARY_DB,CANARY_TEST_TIMESTAMP",
  "--allow-run=git",
  "--no-prompt",
]);

/**
 * V8 settings.
 * - `--max-semi-space-size=4`: an index runs three isolates (this thread and two workers), and each
 *   grew its young generation to V8's default 16 MiB semi-spaces; 4 MiB took about 20 MiB off a
 *   50,000-file index's peak with no measurable cost to it or to `list --json` of 100,000 tokens
 *   (2 MiB cost 4% there).
 * - `--no-lazy`: V8 compiles every function of a module with the module, so the code cache Deno
 *   keeps holds them all. Lazily, each function a run calls was compiled again at every start: a
 *   first index of a 10-file tree took 6 ms more, `list` 3 ms and `migrate all` 1.4 ms, while the
 *   50,000-file index, its peak memory, and a run without a code cache were unchanged.
 */
export const BINARY_V8_FLAGS: readonly string[] = Object.freeze([
  "--v8-flags=--max-semi-space-size=4,--no-lazy",
]);

/** Every flag canary runs with: {@link BINARY_PERMISSION_FLAGS} and {@link BINARY_V8_FLAGS}. */
export const BINARY_RUN_FLAGS: readonly string[] = Object.freeze([
  ...BINARY_PERMISSION_FLAGS,
  ...BINARY_V8_FLAGS,
]);
