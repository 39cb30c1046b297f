import { assert, assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { EMBEDDED_MIGRATIONS } from "./embedded_migrations.ts";
import { applyMigrations } from "./migrator.ts";
import { buildMigrationSet } from "./migration.ts";
import {
  createdObjects,
  expectedObjects,
  presentObjects,
  splitStatements,
} from "./schema_objects.ts";

Deno.test("expected objects follow creations and drops in order, ignoring comments", async () => {
  const set = await buildMigrationSet({
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

Deno.test("statements split at semicolons outside strings, comments and trigger bodies", () => {
  const sql = `-- a comment; with a semicolon
    CREATE TABLE a (x TEXT DEFAULT 'p;q'); /* b; c */
    CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO a VALUES (';'); SELECT 1; END;
    INSERT INTO a VALUES ('it''s; fine')`;
  assertEquals(splitStatements(sql), [
    "CREATE TABLE a (x TEXT DEFAULT 'p;q')",
    "CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO a VALUES (';'); SELECT 1; END",
    "INSERT INTO a VALUES ('it''s; fine')",
  ]);
  assertEquals(createdObjects(splitStatements(sql)[1]), ["trigger t"]);
  assertEquals(createdObjects("ALTER TABLE a ADD COLUMN b"), ["column a.b"]);
  assertEquals(createdObjects(splitStatements(sql)[2]), []);
});

Deno.test("every embedded migration splits into statements that run one by one", () => {
  const db = new DatabaseSync(":memory:");
  for (const migration of EMBEDDED_MIGRATIONS) {
    for (const statement of splitStatements(migration.up)) db.exec(statement);
  }
  const present = presentObjects(db);
  for (const object of expectedObjects(EMBEDDED_MIGRATIONS)) assert(present.has(object), object);
});

Deno.test("presentObjects lists a virtual table without connecting it", () => {
  // A virtual table whose module this SQLite lacks fails as soon as anything connects it, as the
  // full-text index's constructor fails while another process changes the schema.
  const db = new DatabaseSync(":memory:", { defensive: false } as Record<string, unknown>);
  db.exec("CREATE VIRTUAL TABLE v USING fts5(a); CREATE TABLE t (x)");
  db.exec("PRAGMA writable_schema = ON");
  db.exec(
    "UPDATE sqlite_schema SET sql = 'CREATE VIRTUAL TABLE v USING no_such_module(a)' " +
      "WHERE name = 'v'",
  );
  db.exec("PRAGMA writable_schema = RESET");
  let connected = "";
  try {
    db.prepare("SELECT * FROM pragma_table_info('v')").all();
  } catch (error) {
    connected = (error as Error).message;
  }
  assertEquals(connected, "no such module: no_such_module");
  const present = presentObjects(db);
  assert(present.has("table v") && present.has("column t.x"), [...present].join(", "));
  db.close();
});
