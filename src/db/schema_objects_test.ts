import { assert, assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { EMBEDDED_MIGRATIONS } from "./embedded_migrations.ts";
import { applyMigrations } from "./migrator.ts";
import { buildMigrationSet } from "./migration.ts";
import { expectedObjects, presentObjects } from "./schema_objects.ts";

Deno.test("expected objects follow creations and drops in order, ignoring comments", () => {
  const set = buildMigrationSet({
    "000001_a.up.sql": `-- CREATE TABLE ghost (x);
      CREATE TABLE IF NOT EXISTS "Alpha" (id INTEGER); CREATE UNIQUE INDEX ix ON alpha (id);
      CREATE TRIGGER tr AFTER INSERT ON alpha BEGIN SELECT 'CREATE TABLE nope (x)'; END;`,
    "000001_a.down.sql": "",
    "000002_b.up.sql":
      "ALTER TABLE alpha ADD COLUMN beta TEXT; DROP INDEX ix; DROP TRIGGER IF EXISTS tr;",
    "000002_b.down.sql": "",
  });
  assertEquals([...expectedObjects(set)].sort(), ["column alpha.beta", "table alpha"]);
});

Deno.test("after applying every embedded migration, everything expected is present", () => {
  const db = new DatabaseSync(":memory:");
  applyMigrations(db, EMBEDDED_MIGRATIONS, "all");
  const present = presentObjects(db);
  const expected = expectedObjects(EMBEDDED_MIGRATIONS);
  assert(expected.size > 20, `only ${expected.size} objects found in the migrations`);
  for (const object of expected) assert(present.has(object), `missing ${object}`);
});
