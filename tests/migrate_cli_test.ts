import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { runCanary, tempDir } from "./helpers.ts";
import { EMBEDDED_MIGRATIONS, LATEST_SCHEMA_VERSION } from "../src/db/embedded_migrations.ts";

function tables(path: string): string[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return (db.prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
      .all() as {
        name: string;
      }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

Deno.test("a new user's sequence: migrate all, rollback 1, migrate all", async () => {
  using dir = tempDir();
  let r = await runCanary(["migrate", "all"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(r.stdout, "", "human messages must not go to stdout");
  assertMatch(r.stderr, /applied 000001_initial_schema\.up\.sql/);
  assertMatch(r.stderr, new RegExp(`version 0 → ${LATEST_SCHEMA_VERSION}`));
  r = await runCanary(["rollback", "1"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  assertMatch(r.stderr, new RegExp(`reverted ${EMBEDDED_MIGRATIONS.at(-1)!.downFile}`));
  r = await runCanary(["migrate", "all"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  const names = tables(`${dir.path}/.canary/canary.db`);
  for (const table of ["tokens", "checkpoints", "search_history", "schema_migrations"]) {
    assert(names.includes(table), `missing ${table} in ${names}`);
  }
});

Deno.test("--json prints a result object with from, to, versions and durations", async () => {
  using dir = tempDir();
  const db = `${dir.path}/custom.db`;
  let r = await runCanary(["migrate", "2", "--db", db, "--json"]);
  assertEquals(r.code, 0, r.stderr);
  const up = JSON.parse(r.stdout);
  assertEquals(up.from, 0);
  assertEquals(up.to, 2);
  assertEquals(up.applied, [1, 2]);
  assertEquals(up.steps.map((s: { file: string }) => s.file), [
    EMBEDDED_MIGRATIONS[0].upFile,
    EMBEDDED_MIGRATIONS[1].upFile,
  ]);
  assert(up.steps.every((s: { duration_ms: number }) => typeof s.duration_ms === "number"));
  r = await runCanary(["rollback", "all", "--db", db, "--json"]);
  assertEquals(r.code, 0, r.stderr);
  const down = JSON.parse(r.stdout);
  assertEquals([down.from, down.to, down.reverted], [2, 0, [2, 1]]);
  assertEquals(tables(db), ["canary_migration_history", "schema_migrations"]);
});

Deno.test("migrate status shows each migration applied or pending", async () => {
  using dir = tempDir();
  const db = `${dir.path}/s.db`;
  await runCanary(["migrate", "1", "--db", db]);
  const r = await runCanary(["migrate", "status", "--db", db, "--json"]);
  assertEquals(r.code, 0, r.stderr);
  const status = JSON.parse(r.stdout);
  assertEquals(status.version, 1);
  assertEquals(status.dirty, false);
  assertEquals(status.latest, LATEST_SCHEMA_VERSION);
  assertEquals(status.pending, LATEST_SCHEMA_VERSION - 1);
  assertEquals(status.migrations[0].state, "applied");
  assertMatch(status.migrations[0].applied_at, /^\d{4}-\d\d-\d\dT/);
  assertEquals(status.migrations[0].checksum_ok, true);
  assertEquals(status.migrations[1].state, "pending");
  const table = await runCanary(["migrate", "status", "--db", db]);
  assertMatch(table.stdout, /^VERSION\s+NAME\s+STATE/);
  assertMatch(table.stdout, /initial_schema\s+applied/);
});

for (const bad of ["0", "-1", "1.5", "abc"]) {
  Deno.test(`migrate ${bad} is a usage error naming the accepted forms`, async () => {
    using dir = tempDir();
    const r = await runCanary(["migrate", bad, "--db", `${dir.path}/x.db`]);
    assertEquals(r.code, 2);
    assertEquals(r.stdout, "");
    assertMatch(r.stderr, /positive integer.*'all'/);
    assertEquals(r.stderr.trim().split("\n").length, 1);
  });
}

Deno.test("rollback without steps is a usage error", async () => {
  using dir = tempDir();
  const r = await runCanary(["rollback", "--db", `${dir.path}/x.db`]);
  assertEquals(r.code, 2);
  assertMatch(r.stderr, /positive integer or 'all'/);
});

Deno.test("rolling back more than is applied fails and changes nothing", async () => {
  using dir = tempDir();
  const db = `${dir.path}/x.db`;
  await runCanary(["migrate", "2", "--db", db]);
  const before = Deno.readFileSync(db);
  const r = await runCanary(["rollback", "3", "--db", db]);
  assertEquals(r.code, 1);
  assertMatch(r.stderr, /only 2 migration\(s\) are applied/);
  assertEquals(Deno.readFileSync(db), before);
  const past = await runCanary(["migrate", String(LATEST_SCHEMA_VERSION), "--db", db]);
  assertEquals(past.code, 1);
  assertMatch(past.stderr, /are pending/);
});

Deno.test("--dry-run prints the SQL and changes nothing", async () => {
  using dir = tempDir();
  const db = `${dir.path}/x.db`;
  await runCanary(["migrate", "1", "--db", db]);
  const before = Deno.readFileSync(db);
  const r = await runCanary(["migrate", "all", "--dry-run", "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  assertMatch(r.stdout, new RegExp(`^-- ${EMBEDDED_MIGRATIONS[1].upFile}`));
  assert(r.stdout.includes(EMBEDDED_MIGRATIONS[1].up.trim()));
  assertMatch(r.stderr, /nothing changed/);
  const down = await runCanary(["rollback", "1", "--dry-run", "--json", "--db", db]);
  assertEquals(JSON.parse(down.stdout).steps[0].sql, EMBEDDED_MIGRATIONS[0].down);
  assertEquals(Deno.readFileSync(db), before);
});

Deno.test("a dirty database is refused until `migrate force`", async () => {
  using dir = tempDir();
  const path = `${dir.path}/x.db`;
  await runCanary(["migrate", "2", "--db", path]);
  const raw = new DatabaseSync(path);
  raw.exec("UPDATE schema_migrations SET dirty = 1");
  raw.close();
  let r = await runCanary(["migrate", "all", "--db", path]);
  assertEquals(r.code, 1);
  assertMatch(r.stderr, /dirty at version 2.*canary migrate force/);
  r = await runCanary(["migrate", "force", "2", "--db", path]);
  assertEquals(r.code, 0, r.stderr);
  r = await runCanary(["migrate", "all", "--db", path]);
  assertEquals(r.code, 0, r.stderr);
});

Deno.test("a file that is not a database is refused, exit 1, byte-identical", async () => {
  using dir = tempDir();
  const path = `${dir.path}/notes.txt`;
  Deno.writeTextFileSync(path, "not a database\n");
  for (const args of [["migrate", "all"], ["rollback", "1"], ["migrate", "status"]]) {
    const r = await runCanary([...args, "--db", path]);
    assertEquals(r.code, 1, args.join(" "));
    assertEquals(r.stderr.trim(), `canary: error: ${path} is not an SQLite database`);
  }
  assertEquals(Deno.readTextFileSync(path), "not a database\n");
});

Deno.test("two processes migrating one file at once: both succeed, each migration once", async () => {
  for (let round = 0; round < 3; round++) {
    using dir = tempDir();
    const db = `${dir.path}/race.db`;
    const [a, b] = await Promise.all([
      runCanary(["migrate", "all", "--db", db, "--json"]),
      runCanary(["migrate", "all", "--db", db, "--json"]),
    ]);
    assertEquals([a.code, b.code], [0, 0], a.stderr + b.stderr);
    const applied = [...JSON.parse(a.stdout).applied, ...JSON.parse(b.stdout).applied].sort();
    assertEquals(applied, EMBEDDED_MIGRATIONS.map((m) => m.version));
    const check = new DatabaseSync(db, { readOnly: true });
    const history = check.prepare("SELECT version FROM canary_migration_history ORDER BY version")
      .all().map((row) => Number(row.version));
    check.close();
    assertEquals(history, EMBEDDED_MIGRATIONS.map((m) => m.version));
  }
});
