import { assert, assertEquals, assertMatch, assertThrows } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { buildMigrationSet, type Migration } from "./migration.ts";
import { EMBEDDED_MIGRATIONS, LATEST_SCHEMA_VERSION } from "./embedded_migrations.ts";
import {
  applyMigrations,
  assertUsable,
  forceVersion,
  migrateTo,
  MigrationFailedError,
  migrationStatus,
  planMigrations,
  planTo,
  readVersion,
  rollbackMigrations,
  stepState,
  unchangedSince,
} from "./migrator.ts";
import { CanaryError } from "../errors.ts";
import { inReadSnapshot } from "./busy.ts";

function memory(): DatabaseSync {
  return new DatabaseSync(":memory:");
}

/** Every schema object except the migrator's own bookkeeping, as comparable text. */
function schemaOf(db: DatabaseSync): string[] {
  return (db.prepare(
    "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name",
  ).all() as { type: string; name: string; tbl_name: string; sql: string | null }[])
    .map((row) => `${row.type} ${row.name} ${row.tbl_name} ${row.sql ?? ""}`);
}

function tableNames(db: DatabaseSync): string[] {
  return (db.prepare(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  ).all() as { name: string }[]).map((row) => row.name);
}

const BOOKKEEPING = ["canary_migration_history", "schema_migrations"];

Deno.test("a fresh database migrates to the newest version and records each step", () => {
  const db = memory();
  const run = applyMigrations(db, EMBEDDED_MIGRATIONS, "all");
  assertEquals(run.from, 0);
  assertEquals(run.to, LATEST_SCHEMA_VERSION);
  assertEquals(run.steps.map((s) => s.version), EMBEDDED_MIGRATIONS.map((m) => m.version));
  for (const table of ["tokens", "checkpoints", "search_history", "schema_migrations"]) {
    assert(tableNames(db).includes(table), `missing table ${table}`);
  }
  const rows = db.prepare("SELECT version, dirty FROM schema_migrations").all();
  assertEquals(rows.length, 1);
  assertEquals(Number(rows[0].version), LATEST_SCHEMA_VERSION);
  assertEquals(Number(rows[0].dirty), 0);
  const status = migrationStatus(db, EMBEDDED_MIGRATIONS);
  assertEquals(status.pending, 0);
  assert(status.migrations.every((m) => m.applied && m.checksumMatches === true && m.appliedAt));
});

Deno.test("schema_migrations has golang-migrate's exact layout", () => {
  const db = memory();
  applyMigrations(db, EMBEDDED_MIGRATIONS, 1);
  const table = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'schema_migrations'")
    .get() as { sql: string };
  assertEquals(table.sql, "CREATE TABLE schema_migrations (version uint64,dirty bool)");
  const index = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'version_unique'")
    .get() as { sql: string };
  assertEquals(index.sql, "CREATE UNIQUE INDEX version_unique ON schema_migrations (version)");
});

Deno.test("N steps apply exactly N migrations, and rollback N reverts N", () => {
  const db = memory();
  assertEquals(applyMigrations(db, EMBEDDED_MIGRATIONS, 2).to, 2);
  assertEquals(readVersion(db).version, 2);
  assertEquals(applyMigrations(db, EMBEDDED_MIGRATIONS, 1).to, 3);
  const back = rollbackMigrations(db, EMBEDDED_MIGRATIONS, 2);
  assertEquals(back.steps.map((s) => s.version), [3, 2]);
  assertEquals(readVersion(db).version, 1);
});

Deno.test("rollback all leaves no canary tables and an empty version record", () => {
  const db = memory();
  applyMigrations(db, EMBEDDED_MIGRATIONS, "all");
  const run = rollbackMigrations(db, EMBEDDED_MIGRATIONS, "all");
  assertEquals(run.to, 0);
  assertEquals(tableNames(db), BOOKKEEPING);
  assertEquals({ ...db.prepare("SELECT count(*) AS n FROM schema_migrations").get() }, { n: 0 });
  assertEquals({ ...db.prepare("SELECT count(*) AS n FROM canary_migration_history").get() }, {
    n: 0,
  });
});

for (const migration of EMBEDDED_MIGRATIONS) {
  Deno.test(`migration ${migration.version} (${migration.name}): down restores the schema before up`, () => {
    const db = memory();
    if (migration.version > 1) {
      applyMigrations(
        db,
        EMBEDDED_MIGRATIONS,
        EMBEDDED_MIGRATIONS.filter((m) => m.version < migration.version).length,
      );
    } else {
      // Create the bookkeeping so that it is part of "before" too.
      applyMigrations(db, EMBEDDED_MIGRATIONS, 1);
      rollbackMigrations(db, EMBEDDED_MIGRATIONS, 1);
    }
    const before = schemaOf(db);
    applyMigrations(db, EMBEDDED_MIGRATIONS, 1);
    assertEquals(readVersion(db).version, migration.version);
    assert(schemaOf(db).join("\n") !== before.join("\n"), "up changed nothing");
    rollbackMigrations(db, EMBEDDED_MIGRATIONS, 1);
    assertEquals(schemaOf(db), before);
  });
}

function brokenSet(): Promise<Migration[]> {
  return buildMigrationSet({
    "000001_first.up.sql": "CREATE TABLE first (id INTEGER);",
    "000001_first.down.sql": "DROP TABLE first;",
    "000002_second.up.sql": "CREATE TABLE half (id INTEGER); INSERT INTO nowhere VALUES (1);",
    "000002_second.down.sql": "DROP TABLE half;",
  });
}

Deno.test("a failing migration leaves no trace and names its file and SQLite's message", async () => {
  const db = memory();
  const set = await brokenSet();
  const error = assertThrows(() => applyMigrations(db, set, "all"), MigrationFailedError);
  assertMatch(error.message, /000002_second\.up\.sql/);
  assertMatch(error.message, /no such table: nowhere/);
  assertMatch(error.message, /step 2 of 2/);
  assertEquals(error.completed.map((s) => s.version), [1]);
  assertEquals(error.failed.version, 2);
  // Step 1 committed and stays; step 2 left nothing behind.
  assertEquals(readVersion(db), { version: 1, dirty: false });
  assert(tableNames(db).includes("first"));
  assert(!tableNames(db).includes("half"), "half-applied migration left a table");
  assertEquals(db.isTransaction, false);
});

Deno.test("a failing migration's error is one line: SQLite's reason, none of the file's SQL", async () => {
  const db = memory();
  const set = await buildMigrationSet({
    "000001_first.up.sql": "-- A table.\nCREATE TABLE first (id INTEGER);\n\n-- Again.\n" +
      "CREATE TABLE first (id INTEGER);\nCREATE INDEX first_id ON first (id);\n",
    "000001_first.down.sql": "DROP TABLE first;",
  });
  const error = assertThrows(() => applyMigrations(db, set, "all"), MigrationFailedError);
  assertEquals(
    error.message,
    "migration 000001_first.up.sql failed: table first already exists " +
      "(nothing changed; database is at version 0)",
  );
});

Deno.test("a database newer than the embedded migrations is refused without change", () => {
  const db = memory();
  applyMigrations(db, EMBEDDED_MIGRATIONS, "all");
  db.exec(`UPDATE schema_migrations SET version = ${LATEST_SCHEMA_VERSION + 3}`);
  const before = schemaOf(db);
  const error = assertThrows(() => applyMigrations(db, EMBEDDED_MIGRATIONS, "all"), CanaryError);
  assertEquals(
    error.message,
    `database is at version ${
      LATEST_SCHEMA_VERSION + 3
    }; this canary knows up to ${LATEST_SCHEMA_VERSION}: upgrade canary`,
  );
  assertThrows(() => rollbackMigrations(db, EMBEDDED_MIGRATIONS, 1), CanaryError);
  assertEquals(schemaOf(db), before);
});

Deno.test("a dirty database is refused and `force` is the way out", () => {
  const db = memory();
  applyMigrations(db, EMBEDDED_MIGRATIONS, 2);
  db.exec("UPDATE schema_migrations SET dirty = 1");
  const error = assertThrows(() => applyMigrations(db, EMBEDDED_MIGRATIONS, "all"), CanaryError);
  assertEquals(error.code, "database_dirty");
  assertMatch(error.message, /canary migrate force/);
  assertEquals(readVersion(db), { version: 2, dirty: true });
  assertEquals(forceVersion(db, EMBEDDED_MIGRATIONS, 2), {
    before: { version: 2, dirty: true },
    after: { version: 2, dirty: false },
  });
  assertEquals(applyMigrations(db, EMBEDDED_MIGRATIONS, "all").to, LATEST_SCHEMA_VERSION);
});

Deno.test("force refuses a version no migration has", () => {
  const db = memory();
  assertThrows(() => forceVersion(db, EMBEDDED_MIGRATIONS, 999), CanaryError, "cannot force");
});

Deno.test("checksum drift in an applied migration is refused", () => {
  const db = memory();
  applyMigrations(db, EMBEDDED_MIGRATIONS, 2);
  db.exec("UPDATE canary_migration_history SET checksum = 'abc' WHERE version = 1");
  const error = assertThrows(() => applyMigrations(db, EMBEDDED_MIGRATIONS, "all"), CanaryError);
  assertEquals(error.code, "checksum_drift");
  assertMatch(error.message, /000001_initial_schema\.up\.sql/);
  assertEquals(readVersion(db).version, 2);
  assertEquals(migrationStatus(db, EMBEDDED_MIGRATIONS).migrations[0].checksumMatches, false);
});

Deno.test("a database migrated by another tool (no history rows) is accepted", () => {
  const db = memory();
  applyMigrations(db, EMBEDDED_MIGRATIONS, 1);
  db.exec("DROP TABLE canary_migration_history");
  assertEquals(applyMigrations(db, EMBEDDED_MIGRATIONS, "all").to, LATEST_SCHEMA_VERSION);
  assertEquals(migrationStatus(db, EMBEDDED_MIGRATIONS).migrations[0].checksumMatches, null);
});

Deno.test("asking for more steps than exist changes nothing", () => {
  const db = memory();
  applyMigrations(db, EMBEDDED_MIGRATIONS, 1);
  const before = schemaOf(db);
  assertThrows(
    () => applyMigrations(db, EMBEDDED_MIGRATIONS, LATEST_SCHEMA_VERSION),
    CanaryError,
    "only",
  );
  assertThrows(() => rollbackMigrations(db, EMBEDDED_MIGRATIONS, 2), CanaryError, "only 1");
  assertEquals(schemaOf(db), before);
  assertEquals(readVersion(db).version, 1);
});

Deno.test("a plan lists the SQL a call would run and changes nothing", () => {
  const db = memory();
  const plan = planMigrations(db, EMBEDDED_MIGRATIONS, "up", 2);
  assertEquals(plan.map((s) => s.file), [
    EMBEDDED_MIGRATIONS[0].upFile,
    EMBEDDED_MIGRATIONS[1].upFile,
  ]);
  assertEquals(plan[0].sql, EMBEDDED_MIGRATIONS[0].up);
  assertEquals(tableNames(db), []);
});

Deno.test("a version recorded by another tool over a different schema is refused", () => {
  const db = memory();
  applyMigrations(db, EMBEDDED_MIGRATIONS, 3);
  // Another edition's version 3: the version record, but not canary's tables.
  db.exec("DROP TABLE canary_migration_history; DROP TABLE file_fingerprints;");
  const before = schemaOf(db);
  const error = assertThrows(() => applyMigrations(db, EMBEDDED_MIGRATIONS, "all"), CanaryError);
  assertEquals(error.code, "foreign_schema");
  assertMatch(error.message, /version 3, recorded by another tool.*table file_fingerprints/);
  assertEquals(schemaOf(db), before);
});

Deno.test("reads inside inReadSnapshot see one committed state while another connection migrates", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = `${dir}/snap.db`;
    const a = new DatabaseSync(path);
    a.exec("PRAGMA journal_mode = WAL");
    applyMigrations(a, EMBEDDED_MIGRATIONS, 2);
    const b = new DatabaseSync(path);
    const seen = inReadSnapshot(a, () => {
      const before = readVersion(a).version;
      applyMigrations(b, EMBEDDED_MIGRATIONS, 1);
      return [before, readVersion(a).version, migrationStatus(a, EMBEDDED_MIGRATIONS).version];
    });
    assertEquals(seen, [2, 2, 2]);
    assertEquals(readVersion(a).version, 3);
    a.close();
    b.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("migrateTo goes up and down to a version, does nothing when there, refuses unknown ones", () => {
  const db = memory();
  let run = migrateTo(db, EMBEDDED_MIGRATIONS, 3);
  assertEquals([run.from, run.to, run.steps.map((s) => s.version)], [0, 3, [1, 2, 3]]);
  run = migrateTo(db, EMBEDDED_MIGRATIONS, 3);
  assertEquals([run.from, run.to, run.steps.length], [3, 3, 0]);
  run = migrateTo(db, EMBEDDED_MIGRATIONS, 1);
  assertEquals(run.steps.map((s) => [s.version, s.direction]), [[3, "down"], [2, "down"]]);
  assertEquals(
    planTo(db, EMBEDDED_MIGRATIONS, LATEST_SCHEMA_VERSION).length,
    LATEST_SCHEMA_VERSION - 1,
  );
  assertThrows(
    () => migrateTo(db, EMBEDDED_MIGRATIONS, 99),
    CanaryError,
    "known versions are 0 and 1",
  );
  assertEquals(readVersion(db).version, 1);
});

Deno.test("damaged version records are refused, never read as a number", () => {
  for (
    const [version, dirty] of [["'abc'", 0], ["NULL", 0], [-1, 0], [1, 2], [1, "'maybe'"], [
      1.5,
      0,
    ]]
  ) {
    const db = memory();
    applyMigrations(db, EMBEDDED_MIGRATIONS, 1);
    db.exec(`UPDATE schema_migrations SET version = ${version}, dirty = ${dirty}`);
    const error = assertThrows(() => assertUsable(db, EMBEDDED_MIGRATIONS), CanaryError);
    assertEquals(error.code, "bad_version_record", `${version}/${dirty}: ${error.message}`);
  }
  const db = memory();
  applyMigrations(db, EMBEDDED_MIGRATIONS, 1);
  db.exec("UPDATE schema_migrations SET version = 9223372036854775807");
  const error = assertThrows(() => assertUsable(db, EMBEDDED_MIGRATIONS), CanaryError);
  assertEquals(error.code, "database_newer");
  assertMatch(error.message, /version 9223372036854775807;/);
});

Deno.test("version 0 over tables: another application's, or canary's with the record lost", () => {
  const foreign = memory();
  foreign.exec("CREATE TABLE customers (id); CREATE VIRTUAL TABLE notes USING fts5(body)");
  let error = assertThrows(() => assertUsable(foreign, EMBEDDED_MIGRATIONS), CanaryError);
  assertEquals(error.code, "foreign_database");
  assertMatch(error.message, /\(customers, notes\)/);
  const lost = memory();
  applyMigrations(lost, EMBEDDED_MIGRATIONS, "all");
  lost.exec("DELETE FROM schema_migrations");
  error = assertThrows(() => assertUsable(lost, EMBEDDED_MIGRATIONS), CanaryError);
  assertEquals(error.code, "bad_version_record");
  // After `rollback all` only the bookkeeping tables remain: a usable version 0.
  const rolledBack = memory();
  applyMigrations(rolledBack, EMBEDDED_MIGRATIONS, "all");
  rollbackMigrations(rolledBack, EMBEDDED_MIGRATIONS, "all");
  assertEquals(assertUsable(rolledBack, EMBEDDED_MIGRATIONS).version, 0);
});

Deno.test("a hand-dropped object of a canary-recorded version is named, with migrate repair", () => {
  const db = memory();
  applyMigrations(db, EMBEDDED_MIGRATIONS, "all");
  db.exec("DROP TABLE tokens_fts");
  const error = assertThrows(() => assertUsable(db, EMBEDDED_MIGRATIONS), CanaryError);
  assertEquals(error.code, "damaged_schema");
  assertMatch(error.message, /lacks table tokens_fts.*`canary migrate repair`/);
});

Deno.test("a step skips the full check only when nothing changed since the last step", () => {
  const dir = Deno.makeTempDirSync({ prefix: "canary-steps-" });
  const path = `${dir}/steps.db`;
  const db = new DatabaseSync(path);
  const other = new DatabaseSync(path);
  try {
    applyMigrations(db, EMBEDDED_MIGRATIONS, 2);
    const left = stepState(db, 2);
    assert(unchangedSince(db, left));
    assert(!unchangedSince(db, undefined), "a first step always runs the full check");
    assert(!unchangedSince(db, { ...left, version: 1 }), "another version");
    other.exec("UPDATE schema_migrations SET dirty = 1");
    assert(!unchangedSince(db, left), "left dirty by another tool");
    other.exec("UPDATE schema_migrations SET dirty = 0");
    assert(unchangedSince(db, left), "data changes alone leave the schema as it was");
    other.exec("DROP TABLE search_history");
    assert(!unchangedSince(db, left), "an object dropped by another connection");
    assertThrows(() => applyMigrations(db, EMBEDDED_MIGRATIONS, "all"), CanaryError, "lacks");
  } finally {
    db.close();
    other.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
