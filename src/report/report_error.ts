/**
 * The typed error thrown by the report modules when input cannot be read or output cannot be
 * written. Its exit code is 1, a runtime failure; `canary scan` reports such failures with its
 * own code, 3.
 *
 * @module
 */

import { CanaryError, errorMessage } from "../errors.ts";

/**
 * Machine-readable reasons a report operation can fail. `hard_linked` and `owner_not_kept`:
 * a rewrite was refused because it would split hard links or change the file's owner.
 */
export type ReportErrorCode = "unreadable" | "unwritable" | "hard_linked" | "owner_not_kept";

/** An input that cannot be read or an output that cannot be written: exit code 1. */
export class ReportError extends CanaryError {
  /** Why the operation failed. */
  declare readonly code: ReportErrorCode;
  /** The path the failure is about, as the caller gave it. */
  readonly path: string;

  /** Creates a report error for `path` with a one-line human message. */
  constructor(
    code: ReportErrorCode,
    path: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { code, cause: options.cause });
    this.name = "ReportError";
    this.path = path;
  }
}

/** A short reason for a file-system error, e.g. `permission denied` or `is a directory`. */
export function describeFsError(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "no such file or directory";
  if (error instanceof Deno.errors.IsADirectory) return "is a directory";
  if (error instanceof Deno.errors.NotADirectory) return "not a directory";
  const message = errorMessage(error);
  // Deno appends `: stat '/path'` style context; keep the first clause on one line.
  return message.split("\n")[0].replace(/,? ?\(os error \d+\).*$/, "").trim();
}
