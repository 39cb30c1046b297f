/**
 * Large token databases for tests of output at scale, built with one SQL
 * statement straight into SQLite (scanning a tree of a million tokens would
 * take minutes).
 *
 * @module
 */
import { openDatabase } from "../src/db/open.ts";

/**
 * Creates a migrated database at `path` holding `count` tokens: `CBIN-<n>`,
 * feature `Feature<n>`, statuses cycling, 1,000 tokens per file.
 */
export function buildTokenDatabase(path: string, count: number): void {
  const { db } = openDatabase(path);
  try {
    db.exec("PRAGMA synchronous = OFF");
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
       INSERT INTO tokens (req_id, feature, aspect, status, declared_status, file_path,
         line_number, owner, priority, updated_at, raw_token)
       SELECT 'CBIN-' || i, 'Feature' || i, 'API',
         CASE i % 6 WHEN 0 THEN 'MISSING' WHEN 1 THEN 'STUB' WHEN 2 THEN 'IMPL'
           WHEN 3 THEN 'TESTED' WHEN 4 THEN 'BENCHED' ELSE 'REMOVED' END,
         'IMPL', 'src/f' || (i / 1000) || '.ts', 1 + i % 1000, 'owner', 1 + i % 10,
         '2025-01-01', '// CANARY: REQ=CBIN-' || i
       FROM n`,
    ).run(count);
  } finally {
    db.close();
  }
}
