/**
 * `migrate status`: the schema version, each migration, and whether the other
 * commands accept the database, read in one snapshot.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { CanaryError } from "../errors.ts";
import { inReadSnapshot } from "./busy.ts";
import { EMBEDDED_MIGRATIONS } from "./embedded_migrations.ts";
import { checkedGoEdition } from "./go_edition_open.ts";
import {
  assertUsable,
  type MigrationStatus,
  migrationStatus,
  type VersionState,
} from "./migrator.ts";
import { describeOpenError, openRawDatabase } from "./open.ts";

/** Whether other commands accept the database, and why not. */
export interface SchemaVerdict {
  /** `ok`, `pending`, `go_edition` (adopted by the next command that may write it) or `refused`. */
  state: "ok" | "pending" | "go_edition" | "refused";
  reason: string | null;
  /** The refusal, for the exit code. */
  error: CanaryError | null;
}

/** A database's migration status and verdict. */
export interface SchemaStatus {
  status: MigrationStatus;
  verdict: SchemaVerdict;
}

function verdictOf(db: DatabaseSync, path: string, status: MigrationStatus): SchemaVerdict {
  let go: VersionState | null;
  try {
    go = checkedGoEdition(db, path, EMBEDDED_MIGRATIONS);
  } catch (error) {
    // Damaged pages are refused as every command refuses them: one line, no status.
    if (!(error instanceof CanaryError) || error.code === "corrupt_database") throw error;
    return { state: "refused", reason: error.message, error };
  }
  if (go !== null) {
    const reason = `built by the Go edition of canary (its version ${go.version}); ` +
      "the next command that may write it adopts it, after a backup";
    return { state: "go_edition", reason, error: null };
  }
  try {
    assertUsable(db, EMBEDDED_MIGRATIONS);
  } catch (error) {
    if (!(error instanceof CanaryError)) throw error;
    return { state: "refused", reason: error.message, error };
  }
  return { state: status.pending > 0 ? "pending" : "ok", reason: null, error: null };
}

/**
 * The status of the database at `path` (`:memory:` reads as version 0),
 * opened read-only when this process cannot write it; nothing is changed.
 */
export function schemaStatus(path: string, shownAs: string = path): SchemaStatus {
  using db = openRawDatabase(path, { readOnlyFallback: true });
  try {
    return inReadSnapshot(db, () => {
      const status = migrationStatus(db, EMBEDDED_MIGRATIONS);
      return { status, verdict: verdictOf(db, shownAs, status) };
    });
  } catch (error) {
    // A damaged page met while reading: the one-line error every other command gives.
    throw error instanceof CanaryError ? error : describeOpenError(shownAs, error);
  }
}
