/**
 * Write transactions, written once: begin, run, commit, and roll back on any failure, so no
 * caller can leave a transaction open or commit half of a change.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { beginImmediate } from "./busy.ts";

/** How {@link inWriteTransaction} starts and ends. */
export interface WriteTransactionOptions<T> {
  /** Starts the transaction; {@link beginImmediate} (waiting for other writers) by default. */
  begin?: (db: DatabaseSync) => void;
  /** Whether to commit what `fn` returned; false rolls it back (a no-op outcome). Default true. */
  commitIf?: (result: T) => boolean;
  /** Turns an error thrown by `fn` or the commit into the one to throw, after rolling back. */
  failure?: (error: unknown) => unknown;
}

/**
 * Runs `fn` inside one write transaction and commits, or rolls back when `fn` or the commit
 * throws. An error starting the transaction is thrown as it is, with nothing to undo.
 */
export function inWriteTransaction<T>(
  db: DatabaseSync,
  fn: () => T,
  options: WriteTransactionOptions<T> = {},
): T {
  (options.begin ?? beginImmediate)(db);
  try {
    const result = fn();
    if (options.commitIf?.(result) ?? true) db.exec("COMMIT");
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw options.failure === undefined ? error : options.failure(error);
  } finally {
    if (db.isTransaction) db.exec("ROLLBACK");
  }
}

/**
 * SQLite's counter of commits by other connections (`PRAGMA data_version`): it stays as it was
 * within one read snapshot, and differs in a later one once another connection has committed.
 */
export function readDataVersion(db: DatabaseSync): number {
  return Number((db.prepare("PRAGMA data_version").get() as { data_version: number }).data_version);
}
