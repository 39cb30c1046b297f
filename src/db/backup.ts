/**
 * Consistent copies of a canary database, taken before steps that destroy
 * data (every rollback; migrations that drop or rebuild a table).
 *
 * Method: a second connection takes the write lock (`BEGIN IMMEDIATE`), so no
 * process can commit while the copy is made, and SQLite's online backup API
 * (`node:sqlite`'s `backup`) copies every page in one step from a consistent
 * read snapshot, WAL content included. `VACUUM INTO` would be simpler but
 * `node:sqlite` under Deno refuses it without full permissions, and copying
 * the files by hand would have to get the WAL right. The backup API cannot run
 * on a connection that itself holds a write transaction (SQLite answers
 * SQLITE_LOCKED), hence the separate lock connection.
 *
 * The copy is written under a temporary name, switched to a rollback journal
 * so it is one self-contained file, checked with `PRAGMA quick_check`, synced,
 * and only then linked to its final name, which is never overwritten.
 *
 * @module
 */
import { backup, DatabaseSync } from "node:sqlite";
import { basename, dirname, join } from "../path.ts";
import { assertPagesIntact } from "./page_check.ts";
import { CanaryError, errorMessage } from "../errors.ts";
import { BACKUP_INFIX, refuseSqliteFile, SIDE_SUFFIXES } from "./sqlite_files.ts";
import { beginImmediate, BUSY_TIMEOUT_MS } from "./busy.ts";
import { sqlStatementsOnly } from "./migration.ts";
import { isDiskFull } from "./write_failure.ts";
import { readVersion } from "./migrator.ts";
import { readDataVersion } from "./transaction.ts";

/** Where and what a backup wrote. */
export interface BackupResult {
  /** Path of the finished copy. */
  path: string;
  /** Schema version of the copy (the database's version when it was taken). */
  version: number;
  /** Size of the copy in bytes. */
  bytes: number;
  /**
   * `PRAGMA data_version` of the source connection as of the copy: it differs
   * later once another connection has committed (see {@link changedSince}).
   */
  dataVersion: number;
}

/**
 * True when another connection committed to the database since `backup` was
 * read through `db` (the same connection that took it).
 */
export function changedSince(db: DatabaseSync, backup: BackupResult): boolean {
  return readDataVersion(db) !== backup.dataVersion;
}

/**
 * Refuses, as a usage error, a backup destination SQLite owns: the database
 * itself, or a `-wal`, `-shm` or `-journal` name beside it or beside another
 * database file (SQLite deletes or rewrites those at will).
 */
export function assertBackupTarget(dbPath: string, target: string): void {
  refuseSqliteFile("--backup", dbPath, target);
}

/** Name of a copy being written: `.<target name>.partial-<pid>-<8 hex>`. */
const PARTIAL_NAME = /^\..+\.partial-\d+-[0-9a-f]{8}$/;

/**
 * Removes from `dir` the partial copies of backups that were killed mid-way:
 * the name says canary wrote them, and a backup holds an exclusive lock on its
 * partial copy for as long as it runs, so one whose lock can be taken has no
 * live writer. SQLite's side files of such a copy go with it.
 */
export function removeAbandonedPartials(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].filter((e) => e.isFile).map((e) => e.name);
  } catch {
    return removed;
  }
  for (const name of names.filter((n) => PARTIAL_NAME.test(n))) {
    let file: Deno.FsFile;
    try {
      file = Deno.openSync(join(dir, name), { read: true });
    } catch {
      continue;
    }
    try {
      if (!file.tryLockSync(true)) continue;
      for (const suffix of ["", ...SIDE_SUFFIXES]) {
        if (names.includes(name + suffix)) {
          removeQuietly(join(dir, name + suffix));
          removed.push(name + suffix);
        }
      }
    } finally {
      file.close();
    }
  }
  return removed;
}

/** A partial copy's path, and the open file whose lock says a backup is writing it. */
export interface ClaimedPartial {
  path: string;
  file: Deno.FsFile;
}

/**
 * Creates a partial copy's file in `dir`, named after `stem`, and takes the lock that tells
 * {@link removeAbandonedPartials} a backup is writing it. Between the creation and the lock,
 * another backup's clean-up may find the file unlocked and remove it, leaving the lock on a file
 * no name leads to: the name must still lead to the locked file, or a fresh one is tried.
 * `lock` is the locking step (tests interleave a removal before it).
 */
export function claimPartial(
  dir: string,
  stem: string,
  lock: (file: Deno.FsFile, path: string) => void = (file) => file.lockSync(true),
): ClaimedPartial {
  for (let attempt = 1;; attempt++) {
    const path = join(dir, `.${stem}.partial-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`);
    let file: Deno.FsFile | undefined;
    try {
      file = Deno.openSync(path, { read: true, write: true, createNew: true });
      lock(file, path);
      if (namesFile(path, file)) return { path, file };
    } catch (error) {
      file?.close();
      throw failure(`cannot create ${path}`, error);
    }
    file.close();
    if (attempt === CLAIM_ATTEMPTS) {
      throw failure(`cannot create a partial copy in ${dir}: removed as created, ${attempt} times`);
    }
  }
}

/** How many names {@link claimPartial} tries before it gives up. */
const CLAIM_ATTEMPTS = 5;

/** Whether `path` leads to the open `file` (always, where the system has no inode numbers). */
function namesFile(path: string, file: Deno.FsFile): boolean {
  const inode = file.statSync().ino;
  try {
    return inode === null || Deno.statSync(path).ino === inode;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** Formats `now` as a compact UTC timestamp for file names, e.g. `20251016T120301Z`. */
export function backupTimestamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

/**
 * The default backup path, `<db>.backup-<version>-<UTC timestamp>`; a numeric
 * suffix is added when that name is taken (two backups within one second).
 */
export function defaultBackupPath(
  dbPath: string,
  version: number,
  now: Date,
  exists: (path: string) => boolean = pathExists,
): string {
  const base = `${dbPath}${BACKUP_INFIX}${version}-${backupTimestamp(now)}`;
  if (!exists(base)) return base;
  for (let n = 2;; n++) {
    const candidate = `${base}-${n}`;
    if (!exists(candidate)) return candidate;
  }
}

function pathExists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (error) {
    // A parent that is a file: the path cannot exist (creating it fails later, clearly).
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return false;
    }
    throw failure(`cannot check backup path ${path}`, error);
  }
}

const DESTRUCTIVE_SQL: readonly RegExp[] = [
  /\bDROP\s+TABLE\b/i,
  /\bDROP\s+COLUMN\b/i,
  /\bALTER\s+TABLE\s+[^;]*?\bRENAME\b/i,
  // The "rebuild" pattern: copy into a new table, drop the old one.
  /\bCREATE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\b[^;]*?\bAS\s+SELECT\b/i,
];

/**
 * True when migration SQL drops or rebuilds a table (DROP TABLE, DROP COLUMN,
 * ALTER TABLE … RENAME, CREATE TABLE … AS SELECT): the steps that lose data
 * and so deserve a backup first.
 */
export function dropsOrRebuildsTable(sql: string): boolean {
  const statements = sqlStatementsOnly(sql);
  return DESTRUCTIVE_SQL.some((pattern) => pattern.test(statements));
}

function removeQuietly(path: string): void {
  try {
    Deno.removeSync(path);
  } catch {
    // Not there: nothing to clean up.
  }
}

function failure(message: string, cause?: unknown): CanaryError {
  const detail = cause === undefined
    ? ""
    : isDiskFull(cause)
    ? ": the disk is full; nothing was changed"
    : `: ${errorMessage(cause)}`;
  return new CanaryError(`${message}${detail}`, { code: "backup_failed", cause });
}

/**
 * Checks the copy of `dbPath`, makes it a single self-contained file, and
 * returns its schema version. The copy holds the database's own pages, so a
 * copy that fails the check is a damaged database.
 */
function finishCopy(path: string, dbPath: string): number {
  const copy = new DatabaseSync(path);
  try {
    // The copied header says WAL when the source uses it; a backup should not
    // need -wal/-shm files beside it.
    copy.exec("PRAGMA journal_mode = DELETE");
    assertPagesIntact(copy, dbPath);
    return readVersion(copy).version;
  } finally {
    copy.close();
  }
}

function backupExists(target: string): CanaryError {
  return new CanaryError(`backup target ${target} already exists; not overwriting it`, {
    code: "backup_exists",
  });
}

/**
 * Refuses a taken destination, makes its folder and claims a partial copy there. A default
 * backup's name is picked once it is copied (see {@link publishDefault}): its partial is named
 * after `<db>.backup`.
 */
function prepareTarget(dbPath: string, destination: string | undefined): ClaimedPartial {
  if (destination !== undefined && pathExists(destination)) throw backupExists(destination);
  const stem = destination ?? `${dbPath}.backup`;
  try {
    Deno.mkdirSync(dirname(stem), { recursive: true });
  } catch (error) {
    throw failure(`cannot create the folder for backup ${stem}`, error);
  }
  removeAbandonedPartials(dirname(stem));
  return claimPartial(dirname(stem), basename(stem));
}

/**
 * Copies every page from one read snapshot of `source` to `partial`, holding
 * the write lock through a second connection so nothing commits meanwhile;
 * returns the source's data version as copied, or null, copying nothing, when `needed` (asked
 * under that lock) says no copy is needed any more.
 */
async function copyUnderLock(
  source: DatabaseSync,
  dbPath: string,
  partial: string,
  needed: () => boolean,
): Promise<number | null> {
  let lock: DatabaseSync;
  try {
    lock = new DatabaseSync(dbPath, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw failure(`cannot open ${dbPath} to lock it for the backup`, error);
  }
  try {
    beginImmediate(lock);
    if (!needed()) return null;
    await backup(source, partial, { rate: -1 }); // rate -1: all pages in one step
    // Read under the lock: it describes exactly the state copied.
    return readDataVersion(source);
  } catch (error) {
    throw error instanceof CanaryError ? error : failure(`cannot back up ${dbPath}`, error);
  } finally {
    if (lock.isTransaction) lock.exec("ROLLBACK");
    lock.close();
  }
}

/** Checks and syncs the partial copy of `dbPath`; returns its schema version. */
function checkCopy(partial: string, dbPath: string): number {
  try {
    const version = finishCopy(partial, dbPath);
    const file = Deno.openSync(partial, { read: true, write: true });
    try {
      file.syncSync();
    } finally {
      file.close();
    }
    return version;
  } catch (error) {
    throw error instanceof CanaryError
      ? error
      : failure(`cannot check the backup of ${dbPath}`, error);
  }
}

/** Gives the finished copy its name, never replacing a file that took the name meanwhile. */
function publishCopy(partial: string, target: string): void {
  try {
    // A hard link creates the final name only if it is free (no overwrite race).
    Deno.linkSync(partial, target);
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) throw backupExists(target);
    // File systems without hard links: rename, having checked the name is free.
    if (pathExists(target)) throw backupExists(target);
    try {
      Deno.renameSync(partial, target);
    } catch (fallbackError) {
      throw failure(`cannot write backup ${target}`, fallbackError);
    }
  }
}

/**
 * Gives the finished copy of a database at `version` the first free {@link defaultBackupPath},
 * the next one when another backup takes it meanwhile; returns it.
 */
function publishDefault(partial: string, dbPath: string, version: number, now: Date): string {
  for (;;) {
    const target = defaultBackupPath(dbPath, version, now);
    try {
      publishCopy(partial, target);
      return target;
    } catch (error) {
      if (!(error instanceof CanaryError && error.code === "backup_exists")) throw error;
    }
  }
}

/**
 * Copies the database at `dbPath`, read through the open connection `source`
 * (which must not be inside a transaction), to `destination` — or to
 * {@link defaultBackupPath}, named after the version copied, when `destination` is undefined.
 * Waits for other writers like any write would. Refuses to overwrite an existing file. On any
 * failure nothing is left at the destination and a `backup_failed`
 * {@link CanaryError} is thrown.
 */
export async function backupDatabase(
  source: DatabaseSync,
  dbPath: string,
  destination?: string,
  now: Date = new Date(),
): Promise<BackupResult> {
  return (await backupIfNeeded(source, dbPath, () => true, { destination, now }))!;
}

/**
 * {@link backupDatabase}, when `needed` says so: asked under the write lock the copy is taken
 * under, so another process's change while this one waited for it counts (nothing left to
 * revert: no copy). Null when no copy was needed.
 */
export async function backupIfNeeded(
  source: DatabaseSync,
  dbPath: string,
  needed: () => boolean,
  { destination, now = new Date() }: { destination?: string; now?: Date } = {},
): Promise<BackupResult | null> {
  if (destination !== undefined) assertBackupTarget(dbPath, destination);
  const { path: partial, file: claim } = prepareTarget(dbPath, destination);
  try {
    const dataVersion = await copyUnderLock(source, dbPath, partial, needed);
    if (dataVersion === null) return null;
    const version = checkCopy(partial, dbPath);
    let target = destination;
    if (target === undefined) target = publishDefault(partial, dbPath, version, now);
    else publishCopy(partial, target);
    return { path: target, version, bytes: Deno.statSync(target).size, dataVersion };
  } finally {
    for (const suffix of ["", ...SIDE_SUFFIXES]) removeQuietly(partial + suffix);
    claim.close();
  }
}
