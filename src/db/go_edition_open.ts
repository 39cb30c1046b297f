/**
 * Adopting a Go-edition database when canary opens it: a verified backup
 * first, then the one-transaction adoption of `go_edition.ts`.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { CanaryError } from "../errors.ts";
import { backupDatabase, type BackupResult } from "./backup.ts";
import { EMBEDDED_MIGRATIONS } from "./embedded_migrations.ts";
import {
  adoptGoEdition,
  type Adoption,
  type GoEditionShape,
  goEditionShape,
} from "./go_edition.ts";
import { assertPagesIntact } from "./page_check.ts";
import { readDataVersion } from "./transaction.ts";
import type { Migration } from "./migration.ts";
import type { VersionState } from "./migrator.ts";
import { canWriteBeside, inspectDatabase, isReadOnlyFile, openRawDatabase } from "./open.ts";

/** An adoption and the backup taken before it. */
export interface AdoptionResult extends Adoption {
  backup: BackupResult;
}

/** Options for {@link adoptIfGoEdition}. */
export interface AdoptOptions {
  /** Where to write the backup (default: `<db>.backup-<version>-<UTC timestamp>`). */
  backup?: string;
  migrations?: readonly Migration[];
  /**
   * For read commands and dry runs, which create no file and convert nothing:
   * refuse a Go-edition database (naming the way to adopt it) instead.
   */
  readCommand?: boolean;
}

/** The refusal for a Go-edition database left dirty by a failed Go migration. */
function goDirtyError(path: string, version: number): CanaryError {
  return new CanaryError(
    `database ${path} was left dirty at version ${version} by the Go edition of canary ` +
      `(a migration failed half-way); nothing was changed: repair the schema, then run ` +
      `\`canary migrate force ${version}\` (or the version it really is at) and canary adopts it`,
    { code: "database_dirty" },
  );
}

function goAheadError(path: string, shape: GoEditionShape): CanaryError {
  const { state, tablesMatch } = shape;
  return new CanaryError(
    `database ${path} was built by the Go edition of canary, but its version record (${state.version}) ` +
      `is ahead of its tables, which match its version ${tablesMatch} (a Go migration that did ` +
      `not finish); nothing was changed: run \`canary migrate force ${tablesMatch}\` and canary ` +
      "adopts it",
    { code: "go_edition_ahead" },
  );
}

/** The refusal of a Go-edition database canary cannot adopt as it is: dirty, or its record ahead. */
function goEditionRefusal(path: string, shape: GoEditionShape): CanaryError | null {
  if (shape.state.dirty) return goDirtyError(path, shape.state.version);
  return shape.tablesMatch < shape.state.version ? goAheadError(path, shape) : null;
}

/**
 * The checks every command runs on a database the Go edition built before adopting it: its pages
 * (SQLite's check, which adoption's backup runs too) then its record, each a one-line refusal.
 * Returns its version record, or null for a database the Go edition did not build.
 */
export function checkedGoEdition(
  db: DatabaseSync,
  path: string,
  migrations: readonly Migration[],
): VersionState | null {
  const shape = goEditionShape(db, migrations);
  if (shape === null) return null;
  assertPagesIntact(db, path);
  const refusal = goEditionRefusal(path, shape);
  if (refusal !== null) throw refusal;
  return shape.state;
}

/**
 * Refuses a database the Go edition built whose pages fail SQLite's check: for `migrate force`,
 * which may set the record of a dirty or ahead one but must not write into a damaged one.
 */
export function assertIntactIfGoEdition(
  db: DatabaseSync,
  path: string,
  migrations: readonly Migration[],
): void {
  if (goEditionShape(db, migrations) !== null) assertPagesIntact(db, path);
}

function readCommandGoError(path: string, version: number): CanaryError {
  return new CanaryError(
    `database ${path} was built by the Go edition of canary (its version ${version}); this ` +
      "command does not convert it: run `canary migrate all` (or `canary index`) to adopt it, " +
      "after a backup; nothing was changed",
    { code: "go_edition_database" },
  );
}

function readOnlyGoError(path: string, version: number): CanaryError {
  return new CanaryError(
    `database ${path} was built by the Go edition of canary (version ${version}); ` +
      "canary adopts it on the first command that can write it, and this user may not write it " +
      "or its folder: run canary as a user who may, or copy it to a folder you can write and " +
      "pass --db COPY; nothing was changed",
    { code: "read_only_database" },
  );
}

/**
 * The backup, or null when another process took one under the same default
 * name at the same moment (it is adopting too: look again).
 */
async function backupOrRetry(
  db: DatabaseSync,
  path: string,
  destination: string | undefined,
): Promise<BackupResult | null> {
  try {
    return await backupDatabase(db, path, destination);
  } catch (error) {
    if (destination === undefined && (error as CanaryError)?.code === "backup_exists") return null;
    throw error;
  }
}

function hasContent(path: string): boolean {
  try {
    return Deno.statSync(path).size > 0;
  } catch {
    return false; // Missing (or unreadable: the open reports that).
  }
}

/**
 * When `path` holds a clean Go-edition database, backs it up and adopts it;
 * returns null for every other database (and creates nothing). A damaged,
 * dirty or ahead one is refused (see {@link checkedGoEdition}); so is a
 * read-only one, or one opened by a read command, since adopting writes.
 */
export async function adoptIfGoEdition(
  path: string,
  options: AdoptOptions = {},
): Promise<AdoptionResult | null> {
  if (!hasContent(path)) return null;
  const migrations = options.migrations ?? EMBEDDED_MIGRATIONS;
  const state = lookReadOnly(path, migrations);
  if (state === null) return null;
  if (options.readCommand) throw readCommandGoError(path, state.version);
  // Adopting writes a backup and a journal beside the file.
  if (isReadOnlyFile(path) || !canWriteBeside(path)) throw readOnlyGoError(path, state.version);
  using db = openRawDatabase(path);
  return await adoptWithBackup(db, path, migrations, options);
}

/** Looking only reads: a database that is not the Go edition's is left untouched. */
function lookReadOnly(path: string, migrations: readonly Migration[]): VersionState | null {
  return inspectDatabase(path, (db) => checkedGoEdition(db, path, migrations));
}

/**
 * Adopts. When nothing was adopted (a failure, a change since the backup,
 * another process adopting first) the backup is removed: it backs up no
 * change of this command's, and would pile up with every attempt.
 */
function adoptOrDiscard(
  db: DatabaseSync,
  migrations: readonly Migration[],
  seen: number,
  backup: BackupResult,
): ReturnType<typeof adoptGoEdition> {
  let adoption: ReturnType<typeof adoptGoEdition> = null;
  try {
    adoption = adoptGoEdition(db, migrations, seen);
    return adoption;
  } finally {
    if (adoption === null || adoption === "changed") Deno.removeSync(backup.path);
  }
}

/**
 * Backs up, then adopts. A commit by another connection between the two
 * would be missing from the backup: then look, and back up, again.
 */
async function adoptWithBackup(
  db: DatabaseSync,
  path: string,
  migrations: readonly Migration[],
  options: AdoptOptions,
): Promise<AdoptionResult | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const seen = readDataVersion(db);
    const shape = goEditionShape(db, migrations);
    if (shape === null) return null;
    const refusal = goEditionRefusal(path, shape);
    if (refusal !== null) throw refusal;
    const backup = await backupOrRetry(db, path, options.backup);
    if (backup === null) continue;
    const adoption = adoptOrDiscard(db, migrations, seen, backup);
    if (adoption === null) return null;
    if (adoption !== "changed") return { ...adoption, backup };
    if (options.backup !== undefined) break;
  }
  throw new CanaryError(
    `database ${path} kept changing while canary tried to adopt it; nothing was adopted (try again)`,
    { code: "adoption_raced" },
  );
}
