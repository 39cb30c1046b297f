/**
 * The typed error thrown by the tree scanner.
 *
 * @module
 */

import { CanaryError } from "../errors.ts";

/** Machine-readable reasons a scan operation can fail. */
export type ScanErrorCode =
  | "root_not_found"
  | "root_not_directory"
  | "unreadable"
  | "vanished"
  | "not_regular";

/**
 * Thrown by {@linkcode walkTree} and {@linkcode scanTree} only when the root itself is missing or
 * not a directory, and by {@linkcode readSource} when one file cannot be read. Everything below the
 * root is reported as a diagnostic or a skipped entry instead.
 */
export class ScanError extends CanaryError {
  /** Why the operation failed. */
  declare readonly code: ScanErrorCode;
  /** The path the failure is about, as the caller gave it. */
  readonly path: string;

  /** Creates a scan error for `path` with a one-line human message. */
  constructor(
    code: ScanErrorCode,
    path: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { code, cause: options.cause });
    this.name = "ScanError";
    this.path = path;
  }
}
