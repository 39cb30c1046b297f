import { assert, assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { applyMigrations } from "./migrator.ts";
import { EMBEDDED_MIGRATIONS } from "./embedded_migrations.ts";
import { prefersRebuild, writeWithFullTextRebuild } from "./full_text_rebuild.ts";

function database(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  applyMigrations(db, EMBEDDED_MIGRATIONS, "all");
  return db;
}

function fill(db: DatabaseSync, from: number, to: number): void {
  const insert = db.prepare(
    "INSERT INTO tokens (req_id, feature, aspect, status, file_path, line_number, keywords, " +
      "owner, updated_at) VALUES (?, ?, 'API', 'IMPL', ?, 1, ?, 'ann', '2025-01-01')",
  );
  for (let i = from; i < to; i++) {
    insert.run(`CBIN-${i}`, i % 3 ? `Migration${i}` : `Parser${i}`, `src/f${i % 7}.ts`, `k${i}`);
  }
}

function search(db: DatabaseSync, word: string): unknown[] {
  return db.prepare(
    "SELECT rowid, bm25(tokens_fts) AS score FROM tokens_fts WHERE tokens_fts MATCH ? " +
      "ORDER BY score, rowid",
  ).all(word).map((row) => ({ ...row }));
}

const schema = (db: DatabaseSync) =>
  db.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY name").all().map((r) => ({
    ...r,
  }));

Deno.test("a bulk write with one rebuild finds what per-row upkeep finds, triggers restored", () => {
  const byTrigger = database();
  const byRebuild = database();
  fill(byTrigger, 0, 50);
  fill(byRebuild, 0, 50);
  byRebuild.exec("BEGIN");
  writeWithFullTextRebuild(byRebuild, () => {
    fill(byRebuild, 50, 400);
    byRebuild.exec("DELETE FROM tokens WHERE id % 5 = 0");
  });
  byRebuild.exec("COMMIT");
  fill(byTrigger, 50, 400);
  byTrigger.exec("DELETE FROM tokens WHERE id % 5 = 0");
  for (const word of ['"migration"', '"parser"', '"ann"', '"f3.ts"']) {
    const expected = search(byTrigger, word);
    assert(expected.length > 0, word);
    assertEquals(search(byRebuild, word), expected, word);
  }
  assertEquals(schema(byRebuild), schema(byTrigger));
  // The restored triggers keep working for later single-row writes.
  fill(byRebuild, 400, 401);
  assertEquals(search(byRebuild, '"CBIN-400"').length, 1);
});

Deno.test("a failed bulk write rolls the triggers back with it", () => {
  const db = database();
  const before = schema(db);
  db.exec("BEGIN");
  try {
    writeWithFullTextRebuild(db, () => {
      throw new Error("disk full");
    });
  } catch {
    db.exec("ROLLBACK");
  }
  assertEquals(schema(db), before);
});

Deno.test("a rebuild is chosen only for writes large against what is stored", () => {
  assertEquals([prefersRebuild(10, 0), prefersRebuild(1555, 0), prefersRebuild(100, 100_000)], [
    false,
    true,
    false,
  ]);
});
