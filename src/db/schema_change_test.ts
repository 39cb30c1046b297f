import { assert, assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { buildMigrationSet } from "./migration.ts";
import { applyMigrations, readVersion } from "./migrator.ts";
import {
  changeSchema,
  forceSchemaVersion,
  planSchemaChange,
  type SchemaChangeEvent,
} from "./schema_change.ts";

/** Three migrations: 2 only adds a table, 3 drops one, so it needs a backup. */
const MIGRATIONS = await buildMigrationSet({
  "000001_a.up.sql": "CREATE TABLE a (x INTEGER);",
  "000001_a.down.sql": "DROP TABLE a;",
  "000002_b.up.sql": "CREATE TABLE b (x INTEGER);",
  "000002_b.down.sql": "DROP TABLE b;",
  "000003_c.up.sql": "DROP TABLE b;",
  "000003_c.down.sql": "CREATE TABLE b (x INTEGER);",
});

function tempDb(): string {
  return join(Deno.makeTempDirSync({ prefix: "canary-schema-change-" }), "c.db");
}

Deno.test("planSchemaChange: from, to and the backup decision for steps, a version, and none", () => {
  const db = new DatabaseSync(":memory:");
  applyMigrations(db, MIGRATIONS, 1);
  const up1 = planSchemaChange(db, MIGRATIONS, { direction: "up", count: 1 });
  assertEquals([up1.from, up1.to, up1.steps.length, up1.backupNeeded], [1, 2, 1, false]);
  const upAll = planSchemaChange(db, MIGRATIONS, { direction: "up", count: "all" });
  assertEquals([upAll.to, upAll.backupNeeded], [3, true]);
  const down = planSchemaChange(db, MIGRATIONS, { direction: "down", count: 1 });
  assertEquals([down.from, down.to, down.backupNeeded], [1, 0, true]);
  const there = planSchemaChange(db, MIGRATIONS, { version: 1 });
  assertEquals([there.from, there.to, there.steps.length, there.backupNeeded], [1, 1, 0, false]);
  db.close();
});

Deno.test("changeSchema: a dry run changes nothing; a destructive run backs up before its steps", async () => {
  const path = tempDb();
  const seed = new DatabaseSync(path);
  applyMigrations(seed, MIGRATIONS, 2);
  seed.close();

  const dry = await changeSchema(path, { version: 3 }, { dryRun: true, migrations: MIGRATIONS });
  assertEquals([dry.run, dry.plan.from, dry.plan.to], [null, 2, 3]);
  const after = new DatabaseSync(path);
  assertEquals(readVersion(after).version, 2);
  after.close();

  const events: SchemaChangeEvent["kind"][] = [];
  const change = await changeSchema(path, { version: 3 }, {
    migrations: MIGRATIONS,
    onEvent: (event) => events.push(event.kind),
  });
  assertEquals(events, ["backed_up"]);
  assertEquals([change.run?.from, change.run?.to], [2, 3]);
  assert(change.backup !== null);
  const copy = new DatabaseSync(change.backup.path, { readOnly: true });
  assertEquals(readVersion(copy).version, 2, "the backup holds the database before the step");
  copy.close();

  const none = await changeSchema(path, { direction: "down", count: 1 }, {
    migrations: MIGRATIONS,
    backup: false,
  });
  assertEquals([none.backup, none.run?.to], [null, 2]);
});

/** Another process: takes the write lock, records version 2, says "locked", commits 1.5 s later. */
const SLOW_ROLLBACK = `
import { DatabaseSync } from "node:sqlite";
const db = new DatabaseSync(Deno.args[0], { timeout: 30000 });
db.exec("BEGIN IMMEDIATE; UPDATE schema_migrations SET version = 2");
console.log("locked");
await new Promise((resolve) => setTimeout(resolve, 1500));
db.exec("COMMIT");
db.close();
`;

Deno.test("forceSchemaVersion: the version it reports replacing is the one under its write lock", async () => {
  const path = tempDb();
  const seed = new DatabaseSync(path);
  seed.exec("PRAGMA journal_mode = WAL"); // as canary leaves it: opening it takes no lock
  applyMigrations(seed, MIGRATIONS, 3);
  seed.close();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--quiet", SLOW_ROLLBACK, path],
    stdout: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  assertEquals((await reader.read()).value?.trim(), "locked");
  // Waits for the other process's commit: what it replaces is version 2, not the 3 seen before.
  const forced = forceSchemaVersion(path, 3, MIGRATIONS);
  assertEquals(forced, {
    before: { version: 2, dirty: false },
    after: { version: 3, dirty: false },
  });
  await reader.cancel();
  assertEquals((await child.status).code, 0);
  Deno.removeSync(join(path, ".."), { recursive: true });
});
