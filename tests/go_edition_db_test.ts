import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { LATEST_SCHEMA_VERSION } from "../src/db/embedded_migrations.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";

/**
 * A database as the Go edition leaves it at version 1: golang-migrate's version
 * record, no canary history, and stricter columns than canary's own first
 * migration (dates and timestamps NOT NULL without defaults).
 */
function goEditionDatabase(path: string, version: number): void {
  const db = new DatabaseSync(path);
  db.exec(`
    CREATE TABLE tokens (
      id INTEGER PRIMARY KEY AUTOINCREMENT, req_id TEXT NOT NULL, feature TEXT NOT NULL,
      aspect TEXT NOT NULL, status TEXT NOT NULL, file_path TEXT NOT NULL,
      line_number INTEGER NOT NULL, test TEXT, bench TEXT, owner TEXT, priority INTEGER DEFAULT 5,
      phase TEXT, keywords TEXT, spec_status TEXT DEFAULT 'draft', created_at TEXT,
      updated_at TEXT NOT NULL, started_at TEXT, completed_at TEXT, commit_hash TEXT, branch TEXT,
      depends_on TEXT, blocks TEXT, related_to TEXT, raw_token TEXT NOT NULL,
      indexed_at TEXT NOT NULL, UNIQUE (req_id, feature, file_path, line_number));
    CREATE INDEX idx_tokens_req_id ON tokens (req_id);
    CREATE INDEX idx_tokens_status ON tokens (status);
    CREATE INDEX idx_tokens_priority ON tokens (priority);
    CREATE INDEX idx_tokens_aspect ON tokens (aspect);
    CREATE INDEX idx_tokens_spec_status ON tokens (spec_status);
    CREATE INDEX idx_tokens_phase ON tokens (phase);
    CREATE INDEX idx_tokens_keywords ON tokens (keywords);
    CREATE TABLE checkpoints (
      id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, description TEXT,
      commit_hash TEXT, created_at TEXT NOT NULL, total_tokens INTEGER, stub_count INTEGER,
      impl_count INTEGER, tested_count INTEGER, benched_count INTEGER, snapshot_json TEXT NOT NULL);
    CREATE TABLE search_history (
      id INTEGER PRIMARY KEY AUTOINCREMENT, query TEXT NOT NULL, filters TEXT,
      results_count INTEGER, searched_at TEXT NOT NULL);
    CREATE TABLE schema_migrations (version uint64, dirty bool);
    CREATE UNIQUE INDEX version_unique ON schema_migrations (version);
    INSERT INTO tokens (req_id, feature, aspect, status, file_path, line_number, updated_at,
      raw_token, indexed_at, priority)
      VALUES ('CBIN-1', 'Alpha', 'API', 'STUB', 'a.go', 1, '2025-01-01', 'CANARY: …', 'x', 2);
    INSERT INTO schema_migrations VALUES (${version}, 0);
  `);
  db.close();
}

Deno.test("a Go edition database at version 1 is migrated and works with every command", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  goEditionDatabase(db, 1);
  writeTree(dir.path, {
    "src/a.go": "// CANARY: REQ=CBIN-1; FEATURE=Alpha; ASPECT=API; STATUS=IMPL; TEST=TestAlpha\n",
  });
  const index = await runCanary(["index", "--root", `${dir.path}/src`, "--db", db, "--json"]);
  assertEquals(index.code, 0, index.stderr);
  assertMatch(index.stderr, new RegExp(`from version 1 to ${LATEST_SCHEMA_VERSION}`));
  // The Go edition's row (no fingerprint, file gone from the tree) is replaced by the scan.
  const list = await runCanary(["list", "--db", db, "--json"]);
  const tokens = JSON.parse(list.stdout);
  assertEquals(tokens.map((t: { req_id: string; status: string }) => [t.req_id, t.status]), [
    ["CBIN-1", "TESTED"],
  ]);
  const search = await runCanary(["search", "alpha", "--db", db, "--json"]);
  assertEquals(search.code, 0, search.stderr);
  assertEquals(JSON.parse(search.stdout).length, 1);
  const checkpoint = await runCanary(["checkpoint", "first", "--db", db]);
  assertEquals(checkpoint.code, 0, checkpoint.stderr);
  const prioritize = await runCanary(["prioritize", "CBIN-1", "Alpha", "3", "--db", db]);
  assertEquals(prioritize.code, 0, prioritize.stderr);
});

Deno.test("a Go edition database past version 1 is refused, unchanged, with a way out", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  goEditionDatabase(db, 3);
  const before = Deno.readFileSync(db);
  const r = await runCanary(["list", "--db", db]);
  assertEquals(r.code, 1);
  assertMatch(r.stderr, /version 3, recorded by another tool/);
  assertEquals(r.stderr.trim().split("\n").length, 1);
  assert(r.stderr.includes("--db"));
  assertEquals(Deno.readFileSync(db), before);
});
