/**
 * Which database a command uses when `--db` is not given, found the way git
 * finds `.git`: `CANARY_DB` when set, else `.canary/canary.db` in the current
 * folder or the nearest parent that has one, else `.canary/canary.db` here.
 * The folder holding that `.canary/` is the project folder, the default tree
 * of `index` and `scan`.
 *
 * @module
 */
import { dirname, join, relative } from "../path.ts";

/** Where a database lives when `--db` is not given. */
export const DEFAULT_DB_PATH = ".canary/canary.db";

/** How a command's database was chosen. */
export type DatabaseSource = "option" | "env" | "found" | "default";

/** The database a command uses and the project folder it belongs to. */
export interface ProjectLocation {
  /** The database path, relative to the current folder when it was found. */
  db: string;
  /** Where {@link ProjectLocation.db} came from. */
  source: DatabaseSource;
  /** The folder holding the found `.canary/`, relative to the current folder; else `.`. */
  root: string;
}

/** The nearest folder from `cwd` upwards holding `.canary/canary.db`, or null. */
export function findProjectFolder(cwd: string): string | null {
  for (let dir = cwd;; dir = dirname(dir)) {
    try {
      if (Deno.statSync(join(dir, DEFAULT_DB_PATH)).isFile) return dir;
    } catch {
      // Missing or unreadable here: look further up.
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Resolves the database and project folder for a command run in `cwd` (an
 * absolute path): `named` is `--db` when given, `fromEnv` is `CANARY_DB`.
 */
export function locateProject(
  cwd: string,
  named: string | undefined,
  fromEnv: string | undefined,
): ProjectLocation {
  const folder = findProjectFolder(cwd);
  const root = folder === null ? "." : relative(cwd, folder) || ".";
  if (named !== undefined) return { db: named, source: "option", root };
  if (fromEnv !== undefined && fromEnv !== "") return { db: fromEnv, source: "env", root };
  if (folder === null) return { db: DEFAULT_DB_PATH, source: "default", root };
  return { db: join(root, DEFAULT_DB_PATH), source: "found", root };
}

/** True when nothing exists at `path` (a dangling link counts as something). */
export function isMissing(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return false;
  } catch (error) {
    return error instanceof Deno.errors.NotFound;
  }
}
