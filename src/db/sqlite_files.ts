/**
 * The files SQLite owns for a database: the database itself and the `-wal`, `-shm` and
 * `-journal` files beside it, which SQLite deletes or rewrites at will. No file canary writes
 * (a backup, a report) may take one of their names: it would destroy the database or be lost.
 * And while a process holds the database open, nothing else in it may open one of those files, or
 * canary's backups beside them: closing any descriptor of a file releases the POSIX locks the
 * process holds on it, SQLite's included, and another process could then write at the same time.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "../path.ts";
import { UsageError } from "../errors.ts";

/** The suffixes of the files SQLite keeps beside a database. */
export const SIDE_SUFFIXES: readonly string[] = ["-journal", "-wal", "-shm"];

/** What follows a database's name in its default backups' names: `<db>.backup-<version>-<time>`. */
export const BACKUP_INFIX = ".backup-";

/** How many links in a row are followed, as the system's own limit. */
const MAX_LINKS = 40;

/**
 * `path` absolute with its links resolved: the whole path when it exists, else where a link
 * leads (a file written through it appears there), else its folder.
 */
function canonical(path: string, links = 0): string {
  const absolute = resolve(path);
  try {
    return Deno.realPathSync(absolute);
  } catch {
    // Not there (yet): only a link, or the folder, can be resolved.
  }
  try {
    const target = Deno.readLinkSync(absolute);
    if (links < MAX_LINKS) return canonical(resolve(dirname(absolute), target), links + 1);
  } catch {
    // Not a link.
  }
  try {
    return join(Deno.realPathSync(dirname(absolute)), basename(absolute));
  } catch {
    return absolute;
  }
}

/** `dev:ino` of an existing file, or null: the same for every hard link of one file. */
function identity(path: string): string | null {
  try {
    const info = Deno.statSync(path);
    return info.ino === null ? null : `${info.dev}:${info.ino}`;
  } catch {
    return null;
  }
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The files of one database that only SQLite may open, all in one folder (see the module). */
export interface DatabaseFiles {
  /** The folder they lie in, links resolved. */
  folder: string;
  /** Whether the file named `name` in {@linkcode folder} is one of them. */
  has(name: string): boolean;
}

/**
 * The files of the database at `dbPath` (links resolved): the database, its `-wal`, `-shm` and
 * `-journal`, its backups at their default names (`<name>.backup-…`, with their own side files)
 * and the partial copies a backup writes first (`.<backup name>.partial-…`).
 */
export function databaseFiles(dbPath: string): DatabaseFiles {
  const database = canonical(dbPath);
  const name = basename(database);
  const sides = new Set(SIDE_SUFFIXES.map((suffix) => name + suffix));
  return {
    folder: dirname(database),
    has: (file) =>
      file === name || sides.has(file) || file.startsWith(name + BACKUP_INFIX) ||
      file.startsWith(`.${name}${BACKUP_INFIX}`),
  };
}

/**
 * Whether two paths name one file: one path once links and `..` are resolved (also for a file
 * not there yet), or two hard links of one existing file.
 */
export function namesOneFile(a: string, b: string): boolean {
  const [x, y] = [canonical(a), canonical(b)];
  const same = identity(x);
  return x === y || (same !== null && same === identity(y));
}

/**
 * What `target` names among the files SQLite owns for the database at `dbPath`, in words for a
 * message, or null: `the database itself` (also through a symbolic link, `..` or a hard link),
 * or `a file SQLite keeps beside …` (a `-wal`, `-shm` or `-journal` name beside the database or
 * beside any other existing file, which may be a database too).
 */
export function sqliteFileNamed(dbPath: string, target: string): string | null {
  const database = canonical(dbPath);
  const wanted = canonical(target);
  if (namesOneFile(wanted, database)) return "the database itself";
  const same = identity(wanted);
  const suffix = SIDE_SUFFIXES.find((side) => wanted.endsWith(side));
  const owner = suffix === undefined ? wanted : wanted.slice(0, -suffix.length);
  const besideDatabase = same !== null &&
    SIDE_SUFFIXES.some((suffix) => identity(database + suffix) === same);
  if (besideDatabase || (owner !== wanted && (owner === database || isFile(owner)))) {
    return `a file SQLite keeps beside ${owner === wanted ? database : owner}`;
  }
  return null;
}

/**
 * Refuses, as a usage error, `option` naming a file SQLite owns for the database at `dbPath`
 * (see {@linkcode sqliteFileNamed}). Call it before anything is opened or written.
 */
export function refuseSqliteFile(option: string, dbPath: string, target: string): void {
  const named = sqliteFileNamed(dbPath, target);
  if (named !== null) {
    throw new UsageError(`${option} ${target} names ${named}; choose another path`);
  }
}
