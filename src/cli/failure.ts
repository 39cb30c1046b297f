/**
 * What a failure says on stderr and which exit code it maps to, for the failure that ends a command
 * and for one that does not (a run of `index --watch`).
 *
 * @module
 */
import { CanaryError, errorMessage } from "../errors.ts";
import { isBusyError } from "../db/busy.ts";

/** A failure as reported: its one-line message (without `canary: error:`) and exit code. */
export interface DescribedFailure {
  message: string;
  exitCode: number;
}

/**
 * A `CanaryError` carries its own message and code (2 for usage errors); a busy database and
 * anything else are runtime failures (1).
 */
export function describeFailure(error: unknown): DescribedFailure {
  if (error instanceof CanaryError) return { message: error.message, exitCode: error.exitCode };
  if (isBusyError(error)) {
    // Waits are retried where they happen; one that still escapes is a busy database, not a bug.
    return {
      message: `the database stayed busy (${(error as Error).message}): try again`,
      exitCode: 1,
    };
  }
  return { message: `unexpected failure: ${errorMessage(error)}`, exitCode: 1 };
}
