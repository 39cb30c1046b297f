import { assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { EMBEDDED_MIGRATIONS } from "./embedded_migrations.ts";
import { applyMigrations } from "./migrator.ts";
import { missingObjects, restoreMissingObjects } from "./schema_restore.ts";

function indexed(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  applyMigrations(db, EMBEDDED_MIGRATIONS, "all");
  db.exec(
    "INSERT INTO tokens (req_id, feature, aspect, status, file_path, line_number, updated_at) " +
      "VALUES ('CBIN-1', 'Search', 'API', 'IMPL', 'a.ts', 1, '2025-10-16')",
  );
  return db;
}

const ftsRows = (db: DatabaseSync) =>
  (db.prepare("SELECT count(*) AS n FROM tokens_fts WHERE tokens_fts MATCH 'search'").get() as {
    n: number;
  }).n;

Deno.test("a dropped table comes back with its content; nothing else is touched", () => {
  const db = indexed();
  db.exec("DROP TABLE tokens_fts");
  assertEquals(missingObjects(db, EMBEDDED_MIGRATIONS), ["table tokens_fts"]);
  assertEquals(restoreMissingObjects(db, EMBEDDED_MIGRATIONS), ["table tokens_fts"]);
  assertEquals(ftsRows(db), 1, "the index is filled again from tokens");
  assertEquals(missingObjects(db, EMBEDDED_MIGRATIONS), []);
});

Deno.test("a dropped trigger comes back alone: its migration's data statements do not rerun", () => {
  const db = indexed();
  db.exec("DROP TRIGGER tokens_fts_after_insert");
  assertEquals(restoreMissingObjects(db, EMBEDDED_MIGRATIONS), ["trigger tokens_fts_after_insert"]);
  assertEquals(ftsRows(db), 1, "no second copy of the indexed row");
  assertEquals(restoreMissingObjects(db, EMBEDDED_MIGRATIONS), []);
});
