/**
 * The permissions canary runs with, both as a compiled binary and through
 * `deno task canary`: least privilege for what it does.
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
