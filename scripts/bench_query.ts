/**
 * The database of the query rows of `deno task bench`: synthetic tokens written with SQL
 * directly, kept beside the benchmark's trees and rebuilt only when the token count or the
 * schema changes.
 *
 * @module
 */
import { join } from "node:path";
import { openDatabase } from "../src/db/open.ts";
import { LATEST_SCHEMA_VERSION } from "../src/db/embedded_migrations.ts";
import { writeWithFullTextRebuild } from "../src/db/full_text_rebuild.ts";

const WORDS = [
  "Database",
  "Migration",
  "Search",
  "Index",
  "Parser",
  "Cache",
  "Query",
  "Render",
  "Checkpoint",
  "Priority",
  "Scanner",
  "Token",
  "Report",
  "Export",
  "Import",
  "Network",
];
const STATUSES = ["MISSING", "STUB", "IMPL", "TESTED", "BENCHED", "REMOVED"];
const ASPECTS = ["API", "CLI", "Engine", "Storage", "Security", "Docs"];
const OWNERS = ["alice", "bob", "carol", "dave", "erin"];

/**
 * Fills a new database at `path` with `count` synthetic tokens, in one transaction, with the
 * full-text index rebuilt once at the end.
 */
export function buildBenchDatabase(path: string, count: number): void {
  const { db } = openDatabase(path);
  try {
    db.exec("BEGIN");
    const insert = db.prepare(
      "INSERT INTO tokens (req_id, feature, aspect, status, declared_status, file_path, " +
        "line_number, test, owner, priority, phase, keywords, spec_status, updated_at, raw_token) " +
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)",
    );
    writeWithFullTextRebuild(db, () => {
      for (let i = 0; i < count; i++) {
        // Deterministic spread: every field cycles with a different period.
        const a = WORDS[i % WORDS.length];
        const b = WORDS[Math.floor(i / WORDS.length) % WORDS.length];
        const status = STATUSES[i % STATUSES.length];
        const feature = `${a}${b}${i}`;
        const req = `CBIN-${100 + Math.floor(i / 4)}`;
        const day = String(1 + (i % 28)).padStart(2, "0");
        insert.run(
          req,
          feature,
          ASPECTS[i % ASPECTS.length],
          status,
          status,
          `src/pkg${i % 97}/file${i % 1013}.go`,
          1 + (i % 500),
          status === "TESTED" ? `Test${feature}` : null,
          OWNERS[i % OWNERS.length],
          1 + (i % 10),
          `P${i % 4}`,
          `${b.toLowerCase()},${a.toLowerCase()}`,
          `2025-${String(1 + (i % 12)).padStart(2, "0")}-${day}`,
          `// CANARY: REQ=${req}; FEATURE="${feature}"; ASPECT=API; STATUS=${status}`,
        );
      }
    });
    db.exec("COMMIT");
    db.exec("ANALYZE");
  } finally {
    db.close();
  }
}

/**
 * The path of a database of `count` synthetic tokens in `dir`, built on first use and reused
 * while its stamp (count and schema version) matches.
 */
export function cachedBenchDatabase(dir: string, count: number): string {
  const path = join(dir, `bench-query-${count}.db`);
  const stamp = `${path}.done`;
  const expected = `${count} tokens, schema ${LATEST_SCHEMA_VERSION}`;
  try {
    if (Deno.readTextFileSync(stamp) === expected) return path;
  } catch {
    // Not built yet.
  }
  for (const suffix of ["", "-wal", "-shm", "-journal"]) {
    try {
      Deno.removeSync(path + suffix);
    } catch {
      // Absent.
    }
  }
  buildBenchDatabase(path, count);
  Deno.writeTextFileSync(stamp, expected);
  return path;
}
