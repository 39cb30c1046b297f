/**
 * SQLite's write failures that have a known cause, as one-line canary errors.
 *
 * @module
 */
import { CanaryError, errorMessage } from "../errors.ts";

/** True for SQLite's "the disk is full" (SQLITE_FULL). */
export function isDiskFull(error: unknown): boolean {
  return /database or disk is full|SQLITE_FULL/i.test(errorMessage(error));
}

/**
 * For an error that ended a write transaction (already rolled back): a
 * `disk_full` {@link CanaryError} naming `step` when the disk is full, else the
 * error unchanged.
 */
export function knownWriteFailure(error: unknown, step: string): unknown {
  if (!isDiskFull(error)) return error;
  return new CanaryError(`${step} failed: the disk is full; nothing was changed`, {
    code: "disk_full",
    cause: error,
  });
}
