/**
 * Data writes check, under their own write lock, that the schema is the one
 * this canary built: another process may have rolled it back (or be half-way
 * through migrating it) since the command opened the database.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { CanaryError } from "../errors.ts";
import { beginImmediate, inReadSnapshot } from "./busy.ts";
import { LATEST_SCHEMA_VERSION } from "./embedded_migrations.ts";
import { readVersion } from "./migrator.ts";
import { inWriteTransaction, type WriteTransactionOptions } from "./transaction.ts";

function schemaChanged(version: number): CanaryError {
  return new CanaryError(
    `another process moved the database to schema version ${version} while this command ran ` +
      `(it needs ${LATEST_SCHEMA_VERSION}); nothing was written: run it again`,
    { code: "schema_changed" },
  );
}

/**
 * Starts a write transaction (waiting for other writers) and refuses, having
 * written nothing, when the database is no longer at the newest version.
 */
export function beginDataWrite(db: DatabaseSync): void {
  beginImmediate(db);
  let version: number;
  try {
    version = readVersion(db).version;
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
  if (version === LATEST_SCHEMA_VERSION) return;
  db.exec("ROLLBACK");
  throw schemaChanged(version);
}

/**
 * Runs `read` in one read snapshot of a database at the newest version: a
 * rollback by another process after this one opened (and migrated) the file
 * is refused in one line instead of surfacing as a missing table.
 */
export function readNewestSchema<T>(db: DatabaseSync, read: () => T): T {
  return inReadSnapshot(db, () => {
    const { version } = readVersion(db);
    if (version !== LATEST_SCHEMA_VERSION) throw schemaChanged(version);
    return read();
  });
}

/** Runs `fn` as one data write: {@link inWriteTransaction} begun with {@link beginDataWrite}. */
export function inDataWriteTransaction<T>(
  db: DatabaseSync,
  fn: () => T,
  options: Omit<WriteTransactionOptions<T>, "begin"> = {},
): T {
  return inWriteTransaction(db, fn, { ...options, begin: beginDataWrite });
}
