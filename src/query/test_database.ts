/**
 * Test support for the query modules: a migrated in-memory database and a
 * shorthand for inserting token rows the way `canary index` stores them.
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { openDatabase } from "../db/open.ts";

/** Opens a fresh, fully migrated in-memory database. */
export function migratedMemoryDatabase(): DatabaseSync {
  return openDatabase(":memory:").db;
}

/** Column values for a test token; required columns get defaults. */
export type TestTokenRow = Record<string, SQLInputValue>;

let line = 0;

/** Inserts a token row and returns its id. */
export function insertToken(db: DatabaseSync, row: TestTokenRow = {}): number {
  const values: TestTokenRow = {
    req_id: "CBIN-1",
    feature: "Feature",
    aspect: "API",
    status: "IMPL",
    file_path: "src/a.ts",
    line_number: ++line,
    ...row,
  };
  const columns = Object.keys(values);
  const result = db.prepare(
    `INSERT INTO tokens (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
  ).run(...Object.values(values));
  return Number(result.lastInsertRowid);
}

/**
 * A small source tree for end-to-end tests of the query commands: six tokens
 * over three files, covering every filter and order. `canary index` promotes
 * CBIN-129 to TESTED (it names a test) and CBIN-201 to BENCHED.
 */
export const QUERY_FIXTURE_FILES: Readonly<Record<string, string>> = Object.freeze({
  "src/db/migrate.go": [
    "package db",
    '// CANARY: REQ=CBIN-129; FEATURE="DatabaseMigrations"; ASPECT=Storage; STATUS=IMPL; TEST=TestMigrate; OWNER=canary; UPDATED=2025-10-16',
    '// CANARY: REQ=CBIN-130; FEATURE="MigrationRollback"; ASPECT=Storage; STATUS=STUB; OWNER=alice; PRIORITY=3; UPDATED=2025-10-01; KEYWORDS=databasemigrations,rollback',
    "",
  ].join("\n"),
  "src/cli/list.ts": [
    '// CANARY: REQ=CBIN-CLI-001; FEATURE="ListCommand"; ASPECT=CLI; STATUS=IMPL; OWNER=bob; PRIORITY=1; PHASE=P1; UPDATED=2025-10-10',
    '// CANARY: REQ=CBIN-CLI-002; FEATURE="SearchCommand"; ASPECT=CLI; STATUS=STUB; OWNER=bob; PRIORITY=2; PHASE=P2; SPEC_STATUS=approved; UPDATED=2025-10-12',
    "export {};",
    "",
  ].join("\n"),
  "lib/engine.py": [
    '# CANARY: REQ=CBIN-200; FEATURE="ScanEngine"; ASPECT=Engine; STATUS=MISSING; PRIORITY=8',
    '# CANARY: REQ=CBIN-201; FEATURE="Tokenizer"; ASPECT=Engine; STATUS=IMPL; TEST=TestTok; BENCH=BenchTok; UPDATED=2025-09-01',
    "",
  ].join("\n"),
});
