/**
 * The permissions canary runs with, both as a compiled binary and through
 * `deno task canary`: least privilege for what it does.
 *
 * @module
 */

/**
 * Deno flags granting canary its permissions: read and write files (the scanned
 * tree and the database), read the few environment variables that steer output
 * and tests, and run `git`. No network, FFI or system information, and never a
 * prompt: anything else fails at once.
 */
export const BINARY_PERMISSION_FLAGS: readonly string[] = Object.freeze([
  "--allow-read",
  "--allow-write",
  "--allow-env=NO_COLOR,FORCE_COLOR,CANARY_TEST_TIMESTAMP,TERM,CI",
  "--allow-run=git",
  "--no-prompt",
]);
