/**
 * The files SQLite owns for a database: the database itself and the `-wal`, `-shm` and
 * `-journal` files beside it, which SQLite deletes or rewrites at will. No file canary writes
 * (a backup, a report) may take one of their names: it would destroy the database or be lost.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "../path.ts";
import { UsageError } from "../errors.ts";

/** The suffixes of the files SQLite keeps beside a database. */
export const SIDE_SUFFIXES: readonly string[] = ["-journal", "-wal", "-shm"];

const SIDE_NAME = /-(?:wal|shm|journal)$/;

/** `path` absolute with its links resolved: the whole path when it exists, else its folder. */
function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return Deno.realPathSync(absolute);
  } catch {
    // Not there (yet): only its folder can be resolved.
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

/**
 * What `target` names among the files SQLite owns for the database at `dbPath`, in words for a
 * message, or null: `the database itself` (also through a symbolic link, `..` or a hard link),
 * or `a file SQLite keeps beside …` (a `-wal`, `-shm` or `-journal` name beside the database or
 * beside any other existing file, which may be a database too).
 */
export function sqliteFileNamed(dbPath: string, target: string): string | null {
  const database = canonical(dbPath);
  const wanted = canonical(target);
  const same = identity(wanted);
  if (wanted === database || (same !== null && same === identity(database))) {
    return "the database itself";
  }
  const owner = wanted.replace(SIDE_NAME, "");
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
