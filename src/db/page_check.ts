/**
 * SQLite's check of every page of a database, as a one-line refusal.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { CanaryError } from "../errors.ts";

/**
 * Runs `PRAGMA quick_check` on `db` and refuses it, naming `path` and SQLite's
 * first findings, unless every page passes. Reads every page: only for a
 * database about to be copied or converted whole.
 */
export function assertPagesIntact(db: DatabaseSync, path: string): void {
  const check = db.prepare("PRAGMA quick_check").all() as { quick_check: string }[];
  if (check.length === 1 && check[0].quick_check === "ok") return;
  const problems = check.map((r) => r.quick_check).join("; ").replace(/\s+/g, " ");
  throw new CanaryError(
    `${path} is not a usable SQLite database: its pages fail SQLite's check (${
      problems.replace(/^\*\*\* in database main \*\*\* /, "").slice(0, 200)
    }); nothing was changed`,
    { code: "corrupt_database" },
  );
}
