/**
 * Databases for the refusal and damage tests: one indexed by canary from a small tree, and a
 * statement run on a database file directly.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { assertEquals } from "../src/test_assert.ts";
import { runCanary, writeTree } from "./helpers.ts";

/** The token these trees hold: CBIN-1, feature Alpha, IMPL. */
export const ALPHA_TOKEN =
  `// CANARY: REQ=CBIN-1; FEATURE="Alpha"; ASPECT=API; STATUS=IMPL; UPDATED=2025-10-16\n`;

/** Runs `sql` on the database at `path` and closes it. */
export function editDatabase(path: string, sql: string): void {
  const db = new DatabaseSync(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

/**
 * A real database at `dir/name`, indexed from a tree of 41 files (pages enough to damage one) and
 * closed: in WAL mode, or with `rollbackJournal` switched to a rollback journal (one file).
 */
export async function indexedDatabase(
  dir: string,
  name: string,
  { rollbackJournal = false } = {},
): Promise<string> {
  writeTree(dir, { "tree/a.ts": ALPHA_TOKEN });
  for (let i = 0; i < 40; i++) writeTree(dir, { [`tree/f${i}.ts`]: ALPHA_TOKEN.repeat(20) });
  const r = await runCanary(["index", "--root", "tree", "--db", name], { cwd: dir });
  assertEquals(r.code, 0, r.stderr);
  const path = `${dir}/${name}`;
  if (rollbackJournal) editDatabase(path, "PRAGMA journal_mode = DELETE");
  return path;
}
