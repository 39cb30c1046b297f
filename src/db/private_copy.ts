/**
 * Reading a database through a private copy, for a user who may not leave
 * files beside it (see `openForReading` in `open.ts`).
 *
 * The copy (main file and any `-wal` or `-journal`) goes to a fresh temporary
 * folder, is folded into one self-contained file there (a log replayed, a hot
 * journal rolled back), opened read-only, and the folder
 * is removed at once: the open connection keeps its file, nothing remains
 * once it closes. A file that changed while it was copied is copied again.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { join } from "../path.ts";
import { CanaryError } from "../errors.ts";
import { BUSY_TIMEOUT_MS, pollUntil } from "./busy.ts";

/** Identifies a file's content cheaply: inode, size and modification time, or "absent". */
function fingerprint(path: string): string {
  try {
    const info = Deno.statSync(path);
    return `${info.ino}:${info.size}:${info.mtime?.getTime()}`;
  } catch {
    return "absent";
  }
}

function filesPrint(path: string): string {
  return [path, `${path}-wal`, `${path}-journal`].map(fingerprint).join("|");
}

/** Copies `path` (and its `-wal` or `-journal`) to `copy`; false when the source changed meanwhile. */
function copyDatabase(path: string, copy: string): boolean {
  const before = filesPrint(path);
  // The copies keep the source's mode; they must be writable to fold the log.
  Deno.copyFileSync(path, copy);
  Deno.chmodSync(copy, 0o600);
  for (const suffix of ["-wal", "-journal"]) {
    if (fingerprint(path + suffix) === "absent") continue;
    try {
      Deno.copyFileSync(path + suffix, copy + suffix);
    } catch (error) {
      // The writer's last connection removes its log on closing: the files changed.
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    }
    Deno.chmodSync(copy + suffix, 0o600);
  }
  return filesPrint(path) === before;
}

/** A read-only connection to a copy of `path` consistent as of one moment, or null when it changed. */
function copyOnce(path: string): DatabaseSync | null {
  const dir = Deno.makeTempDirSync({ prefix: "canary-read-" });
  try {
    const copy = join(dir, "db");
    if (!copyDatabase(path, copy)) return null;
    // Fold the log into the copy (or roll its journal back): the read-only
    // connection then needs no side files.
    const folding = new DatabaseSync(copy);
    try {
      folding.exec("PRAGMA journal_mode = DELETE");
    } finally {
      folding.close();
    }
    const db = new DatabaseSync(copy, { readOnly: true });
    try {
      db.prepare("SELECT count(*) FROM sqlite_schema").get();
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

/**
 * Opens a read-only connection to a private copy of the database at `path`,
 * consistent as of one moment. A file that changed while it was copied is copied again after a
 * short pause, for as long as a writer's lock is waited for. SQLite errors (a damaged file) are
 * thrown as they come; a file that keeps changing is refused with a `busy_database`
 * {@link CanaryError}.
 */
export function openPrivateCopy(path: string): DatabaseSync {
  let db: DatabaseSync | null = null;
  if (pollUntil(() => (db = copyOnce(path)) !== null, BUSY_TIMEOUT_MS)) return db!;
  throw new CanaryError(`database ${path} kept changing while it was read; try again`, {
    code: "busy_database",
  });
}
