/**
 * Opening a canary database: refuse files that are not SQLite databases before
 * anything is written to them, set the pragmas every command relies on, and
 * bring the schema to the newest embedded version.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { dirname } from "../path.ts";
import { CanaryError, errorMessage } from "../errors.ts";
import { EMBEDDED_MIGRATIONS } from "./embedded_migrations.ts";
import { type Migration, newestSchemaVersion } from "./migration.ts";
import { applyMigrations, assertUsable, type MigrationRun } from "./migrator.ts";
import { BUSY_TIMEOUT_MS, inReadSnapshot, pollUntil, retryWhileBusy } from "./busy.ts";
import { openPrivateCopy } from "./private_copy.ts";
import { DEFAULT_DB_PATH } from "./locate.ts";
import { SIDE_SUFFIXES } from "./sqlite_files.ts";

const SQLITE_MAGIC = "SQLite format 3\0";

/** Options for {@link openDatabase} and {@link openRawDatabase}. */
export interface OpenOptions {
  /** Open without write access; migrations that are pending make the open fail. */
  readOnly?: boolean;
  /**
   * For read commands: when the file is not writable, open it read-only (as
   * {@link OpenOptions.readOnly}) instead of refusing it as read-only.
   */
  readOnlyFallback?: boolean;
  /** Migrations to bring the database up to (default: the embedded ones). */
  migrations?: readonly Migration[];
  /**
   * Checks run before anything may be written, on a connection that cannot
   * change the files (see {@link inspectBeforeWriting}); a throw refuses the
   * database.
   */
  inspect?: (db: DatabaseSync) => void;
}

/** An open database and what opening it did. */
export interface OpenedDatabase {
  db: DatabaseSync;
  /** The path it was opened from. */
  path: string;
  /** Migrations applied while opening (empty `steps` when it was up to date). */
  migration: MigrationRun;
  /** True when the database was opened without write access. */
  readOnly: boolean;
}

/**
 * True when an existing file cannot be opened for writing by this process.
 * Opening for write (without truncating) changes nothing; SQLite would
 * otherwise open the file read-only silently and fail at the first write.
 */
export function isReadOnlyFile(path: string): boolean {
  try {
    Deno.openSync(path, { write: true }).close();
    return false;
  } catch (error) {
    return error instanceof Deno.errors.PermissionDenied ||
      /read-only file system/i.test(errorMessage(error));
  }
}

/**
 * Why the database at `path` cannot be written, as words to follow its path: its file is
 * read-only, or (a file this process may write) its folder is, where SQLite must create its
 * journal and `-wal`/`-shm`. `folder` tells which.
 */
export function unwritableReason(path: string): { folder: boolean; words: string } {
  if (statOrNull(path) === null || isReadOnlyFile(path)) {
    return { folder: false, words: "is read-only" };
  }
  return {
    folder: true,
    words: `cannot be written: this user may not create files in its folder ${dirname(path)}`,
  };
}

/** The refusal of a database that cannot be written (see {@link unwritableReason}). */
function readOnlyError(path: string, cause?: unknown): CanaryError {
  const { folder, words } = unwritableReason(path);
  if (!folder) {
    return new CanaryError(`database ${path} ${words}`, { code: "read_only_database", cause });
  }
  return new CanaryError(
    `database ${path} ${words}, where SQLite keeps its journal and -wal/-shm files; ` +
      "commands that only read still work",
    { code: "read_only_folder", cause },
  );
}

/** True for the refusal of a writable database in a folder this process may not write. */
function isReadOnlyFolder(error: unknown): boolean {
  return error instanceof CanaryError && error.code === "read_only_folder";
}

/**
 * True when this process may create files beside `path`, as SQLite must to
 * write it: found by creating, and removing, an empty file there. Only for
 * commands about to write there anyway.
 */
export function canWriteBeside(path: string): boolean {
  try {
    Deno.removeSync(Deno.makeTempFileSync({ dir: dirname(path), prefix: ".canary-probe-" }));
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.PermissionDenied) return false;
    return !/read-only file system/i.test(errorMessage(error));
  }
}

function statOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw new CanaryError(`cannot open database ${path}: ${errorMessage(error)}`, {
      code: "unreadable_database",
      cause: error,
    });
  }
}

/**
 * Checks, by reading its header only, that an existing file is a whole SQLite
 * database; a missing or empty file is fine (SQLite starts a new one).
 */
export function assertDatabaseFile(path: string): void {
  const info = statOrNull(path);
  if (info === null) return;
  if (info.isDirectory) {
    throw new CanaryError(`${path} is a directory, not a database file`, {
      code: "not_a_database",
    });
  }
  if (!info.isFile) {
    // Opening a FIFO blocks until someone writes to it; a device is never a database.
    throw new CanaryError(
      `${path} is not a regular file (${fileKind(info)}); a database must be a regular file`,
      { code: "not_a_database" },
    );
  }
  if (info.size === 0) return;
  // A checkpoint finishing between the size and the header being read looks
  // like a cut-short file for an instant: only a lasting shortfall is one.
  let short: { promised: number; size: number } | null = null;
  if (pollUntil(() => (short = shortfall(path)) === null, 1_000)) return;
  const { promised, size } = short!;
  throw new CanaryError(
    `${path} is truncated: its header promises ${promised} bytes, the file has ${size}`,
    { code: "corrupt_database" },
  );
}

/** The first 100 bytes of `path` (fewer for a shorter file). */
function readHeader(path: string): Uint8Array {
  try {
    const file = Deno.openSync(path, { read: true });
    try {
      const header = new Uint8Array(100);
      let filled = 0;
      while (filled < header.length) {
        const n = file.readSync(header.subarray(filled));
        if (n === null) break;
        filled += n;
      }
      return header.subarray(0, filled);
    } finally {
      file.close();
    }
  } catch (error) {
    throw new CanaryError(`cannot read database ${path}: ${errorMessage(error)}`, {
      code: "unreadable_database",
      cause: error,
    });
  }
}

/**
 * Reads the header afresh and returns how much shorter the file is than the
 * header promises, or null when it is whole; throws for a file that is not an
 * SQLite database at all.
 */
function shortfall(path: string): { promised: number; size: number } | null {
  const size = statOrNull(path)?.size ?? 0;
  const header = readHeader(path);
  const magic = new TextDecoder("latin1").decode(header.subarray(0, 16));
  if (header.length < 100 || magic !== SQLITE_MAGIC) {
    throw new CanaryError(`${path} is not an SQLite database`, { code: "not_a_database" });
  }
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const rawPageSize = view.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pageCount = view.getUint32(28);
  // The in-header page count is only trustworthy when it was written by the
  // same transaction as the change counter (SQLite ≥ 3.7.0 always does this),
  // and only while no write is under way: a checkpoint copying pages out of a
  // WAL, or a hot rollback journal, legitimately leaves header and size apart.
  const trusted = view.getUint32(92) === view.getUint32(24) && pageCount > 0;
  if (
    !trusted || pageSize * pageCount <= size || hasContent(`${path}-wal`) ||
    hasContent(`${path}-journal`)
  ) return null;
  return { promised: pageSize * pageCount, size };
}

function fileKind(info: Deno.FileInfo): string {
  if (info.isFifo) return "a FIFO";
  if (info.isCharDevice) return "a character device";
  if (info.isBlockDevice) return "a block device";
  if (info.isSocket) return "a socket";
  return "not a plain file";
}

/** True when the file exists and is not empty. */
function hasContent(path: string): boolean {
  try {
    return Deno.statSync(path).size > 0;
  } catch {
    return false;
  }
}

/** Maps SQLite's refusal to read a file onto a one-line canary error. */
export function describeOpenError(path: string, error: unknown, readOnly = false): CanaryError {
  const message = errorMessage(error);
  // A reader of a WAL database must create `-shm` beside it when absent; SQLite says it cannot
  // write, or (having a `-wal` to read) cannot open the file.
  const noSharedMemory = /unable to open/i.test(message) && needsSharedMemoryFile(path);
  if (/readonly|read-only/i.test(message) || noSharedMemory) {
    return readOnly && isReadOnlyFile(path)
      ? new CanaryError(
        `cannot read database ${path}: it is read-only and SQLite cannot create ${path}-shm beside it`,
        { code: "read_only_database", cause: error },
      )
      : readOnlyError(path, error);
  }
  if (/not a database|malformed|corrupt/i.test(message)) {
    return new CanaryError(`${path} is not a usable SQLite database: ${message}`, {
      code: "corrupt_database",
      cause: error,
    });
  }
  return new CanaryError(`cannot open database ${path}: ${message}`, {
    code: "unreadable_database",
    cause: error,
  });
}

/** True when `path` and its `-wal` exist and the `-shm` a reader of that log needs does not. */
function needsSharedMemoryFile(path: string): boolean {
  return statOrNull(path) !== null && statOrNull(`${path}-wal`) !== null &&
    statOrNull(`${path}-shm`) === null;
}

/**
 * Opens a database file with canary's pragmas but without migrating it: for
 * `migrate` and `rollback`, which manage the schema themselves. The parent
 * directory is created for a new file.
 */
export function openRawDatabase(path: string, options: OpenOptions = {}): DatabaseSync {
  return openChecked(path, options).db;
}

/**
 * Runs `read` on an existing database file through a connection that changes
 * nothing (the one the checks before an open use) and returns its result:
 * for looking at a database before deciding how to open it.
 */
export function inspectDatabase<T>(path: string, read: (db: DatabaseSync) => T): T {
  assertDatabaseFile(path);
  let result: { value: T } | null = null;
  const inspect = (db: DatabaseSync) => {
    result = { value: read(db) };
  };
  if (isReadOnlyFile(path) || !tryInspectBeforeWriting(path, inspect)) {
    const db = openForReading(path);
    try {
      inReadSnapshot(db, () => inspect(db));
    } finally {
      db.close();
    }
  }
  if (result === null) throw new CanaryError(`${path} is empty`, { code: "not_a_database" });
  return (result as { value: T }).value;
}

/** {@link inspectBeforeWriting}, or false when the file's folder is read-only (read it instead). */
function tryInspectBeforeWriting(path: string, inspect: (db: DatabaseSync) => void): boolean {
  try {
    inspectBeforeWriting(path, inspect);
    return true;
  } catch (error) {
    if (isReadOnlyFolder(error)) return false;
    throw error;
  }
}

/** Opens as {@link openRawDatabase} does and says whether it fell back to read-only. */
function openChecked(path: string, options: OpenOptions): { db: DatabaseSync; readOnly: boolean } {
  assertDatabaseFile(path);
  let readOnly = options.readOnly ?? false;
  if (!readOnly && statOrNull(path) !== null && isReadOnlyFile(path)) {
    if (!options.readOnlyFallback) throw readOnlyError(path);
    readOnly = true;
  }
  if (!readOnly) {
    try {
      return { db: openWritable(path, options), readOnly };
    } catch (error) {
      // A reader of a writable file in a folder it may not write reads as from a read-only file.
      if (!options.readOnlyFallback || !isReadOnlyFolder(error)) throw error;
    }
  }
  const db = openForReading(path);
  try {
    inReadSnapshot(db, () => options.inspect?.(db));
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, readOnly: true };
}

/** A read-write connection, opened once the checks before writing passed. */
function openWritable(path: string, options: OpenOptions): DatabaseSync {
  inspectBeforeWriting(path, options.inspect);
  try {
    Deno.mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new CanaryError(`cannot create the folder for ${path}: ${errorMessage(error)}`, {
      code: "unwritable_database",
      cause: error,
    });
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw describeOpenError(path, error);
  }
  try {
    firstRead(db);
    // Per-connection settings only: nothing is written until the caller has
    // checked the schema version (a refused file must stay byte-identical).
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
  } catch (error) {
    db.close();
    throw describeOpenError(path, error);
  }
  return db;
}

/** The first read: fails here, before any write, when the file is damaged. */
function firstRead(db: DatabaseSync): void {
  retryWhileBusy(() => db.prepare("SELECT count(*) FROM sqlite_schema").get());
}

/**
 * Runs the first read and `inspect` on an existing file before a writing
 * connection may touch it. A read-only connection never checkpoints a
 * write-ahead log into the main file nor deletes it, so it is used whenever a
 * log holds content; without one, a read-write connection that only reads
 * writes nothing and removes on close the side files it created. A hot
 * rollback journal would be rolled back by any connection, so that case is
 * checked on a private copy. Side files that appeared during a refused check
 * are removed.
 */
function inspectBeforeWriting(path: string, inspect?: (db: DatabaseSync) => void): void {
  if (!hasContent(path)) return;
  const existed = SIDE_SUFFIXES.filter((suffix) => statOrNull(path + suffix) !== null);
  const pendingLog = hasContent(`${path}-wal`);
  let db: DatabaseSync;
  try {
    db = hasHotJournal(path)
      ? openPrivateCopy(path)
      : new DatabaseSync(path, { readOnly: pendingLog, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw error instanceof CanaryError ? error : describeOpenError(path, error);
  }
  try {
    firstRead(db);
    // In one snapshot, retried if another process changes the schema meanwhile (a migration).
    inReadSnapshot(db, () => {
      if (pendingLog) assertLogCoversMainFile(db, path);
      inspect?.(db);
    });
    db.close();
  } catch (error) {
    db.close();
    for (const suffix of SIDE_SUFFIXES) {
      if (!existed.includes(suffix)) removeQuietly(path + suffix);
    }
    throw error instanceof CanaryError ? error : describeOpenError(path, error, pendingLog);
  }
}

/**
 * When the database is longer than its main file, the missing pages must come
 * from the log; a main file cut short is only found by reading every page, so
 * that case alone pays for `PRAGMA quick_check`.
 */
function assertLogCoversMainFile(db: DatabaseSync, path: string): void {
  const pages = db.prepare("SELECT * FROM pragma_page_count(), pragma_page_size()").get() as {
    page_count: number;
    page_size: number;
  };
  if (pages.page_count * pages.page_size <= (statOrNull(path)?.size ?? 0)) return;
  const check = db.prepare("PRAGMA quick_check(1)").get() as { quick_check: string };
  if (check.quick_check !== "ok") {
    throw new CanaryError(
      `${path} is not a usable SQLite database: its main file is cut short (${
        check.quick_check.replace(/\s+/g, " ")
      })`,
      { code: "corrupt_database" },
    );
  }
}

/**
 * True when a rollback journal with content stays beside the database: one
 * left by a crash. Another process's transaction in progress also has one,
 * gone when it commits, so a journal is watched for two seconds first.
 */
function hasHotJournal(path: string): boolean {
  return !pollUntil(() => !hasContent(`${path}-journal`), 2_000);
}

function removeQuietly(path: string): void {
  try {
    Deno.removeSync(path);
  } catch {
    // Not there.
  }
}

/**
 * A connection for a user who cannot write the database. SQLite's readers of
 * a write-ahead-logged file create `-wal` and `-shm` beside it when they are
 * absent, owned by the reader and unwritable for the owner, whose next write
 * then fails; so such a file is read from a private copy instead, as is one
 * with a hot rollback journal (which only a writer may roll back).
 */
function openForReading(path: string): DatabaseSync {
  try {
    return needsSideFiles(path) || hasHotJournal(path) ? openPrivateCopy(path) : openInPlace(path);
  } catch (error) {
    throw error instanceof CanaryError ? error : describeOpenError(path, error, true);
  }
}

/**
 * A read-only connection to the file itself, its `-wal` and `-shm` found beside it. The owner's
 * last connection removes both on closing, maybe between that look and SQLite's open; SQLite
 * then fails to create `-shm`, and the file is read from a private copy after all.
 */
function openInPlace(path: string): DatabaseSync {
  const db = new DatabaseSync(path, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
  try {
    firstRead(db);
    return db;
  } catch (error) {
    db.close();
    if (/readonly|read-only|unable to open/i.test(errorMessage(error))) {
      return openPrivateCopy(path);
    }
    throw error;
  }
}

/** True for a write-ahead-logged database whose `-wal` or `-shm` is missing. */
function needsSideFiles(path: string): boolean {
  if (statOrNull(`${path}-wal`) !== null && statOrNull(`${path}-shm`) !== null) return false;
  try {
    const file = Deno.openSync(path, { read: true });
    try {
      const header = new Uint8Array(20);
      return file.readSync(header) === 20 && header[18] === 2 && header[19] === 2;
    } finally {
      file.close();
    }
  } catch {
    return false;
  }
}

/**
 * Switches the file to write-ahead logging, once, so readers keep working
 * while `index` writes. Call it only after the file has been accepted: it
 * writes to the header.
 */
export function useWriteAheadLog(db: DatabaseSync, path: string): void {
  try {
    retryWhileBusy(() => {
      const mode = db.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
      if (mode.journal_mode !== "wal") db.exec("PRAGMA journal_mode = WAL");
    });
  } catch (error) {
    throw describeOpenError(path, error);
  }
}

/**
 * Opens the database for a data command: refuses unusable files, sets
 * pragmas, and applies pending migrations (reported in the result, never
 * printed). Close it with `db.close()`.
 */
export function openDatabase(
  path: string = DEFAULT_DB_PATH,
  options: OpenOptions = {},
): OpenedDatabase {
  try {
    return openAndMigrate(path, options);
  } catch (error) {
    // Switching a writable file in a read-only folder to write-ahead logging fails: read it.
    if (!options.readOnlyFallback || options.readOnly || !isReadOnlyFolder(error)) throw error;
    return openAndMigrate(path, { ...options, readOnly: true });
  }
}

function openAndMigrate(path: string, options: OpenOptions): OpenedDatabase {
  const migrations = options.migrations ?? EMBEDDED_MIGRATIONS;
  const inspect = (db: DatabaseSync) => {
    assertUsable(db, migrations);
    options.inspect?.(db);
  };
  const { db, readOnly } = openChecked(path, { ...options, inspect });
  options = { ...options, readOnly };
  try {
    const state = inReadSnapshot(db, () => assertUsable(db, migrations));
    const latest = newestSchemaVersion(migrations);
    let migration: MigrationRun = { from: state.version, to: state.version, steps: [] };
    if (state.version < latest && options.readOnly) {
      throw new CanaryError(
        `database ${path} is at version ${state.version} and needs migrating to ${latest}, but it is read-only`,
        { code: "read_only_database" },
      );
    }
    // Before migrating: in a rollback journal, each migration's commit costs three fsyncs.
    if (!options.readOnly) useWriteAheadLog(db, path);
    if (state.version < latest) migration = applyMigrations(db, migrations, "all");
    return { db, path, migration, readOnly: options.readOnly ?? false };
  } catch (error) {
    db.close();
    throw error;
  }
}
