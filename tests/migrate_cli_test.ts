import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { EMBEDDED_MIGRATIONS, LATEST_SCHEMA_VERSION } from "../src/db/embedded_migrations.ts";
import { readVersion } from "../src/db/migrator.ts";

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
  assertMatch(r.stderr, /cannot roll back 3 steps: only 2 migrations are applied/);
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

Deno.test("schema commands that change nothing create no database and no .canary/", async () => {
  using dir = tempDir();
  const cases: [string[], number][] = [
    [["migrate", "all", "--dry-run", "--db", "n.db"], 0],
    [["migrate", "to", "5", "--dry-run"], 0],
    [["rollback", "1", "--dry-run"], 1],
    [["migrate", "999", "--db", "m.db"], 1],
    [["rollback", "1", "--db", "r.db"], 1],
    [["rollback", "all", "--db", "r.db"], 0],
    // Nothing to repair there, nor a version record to set: refused.
    [["migrate", "repair", "--db", "r.db"], 1],
    [["migrate", "force", "3", "--db", "r.db"], 1],
  ];
  for (const [args, code] of cases) {
    const r = await runCanary(args, { cwd: dir.path });
    assertEquals(r.code, code, `${args.join(" ")}: ${r.stderr}`);
    assertEquals([...Deno.readDirSync(dir.path)].map((e) => e.name), [], args.join(" "));
  }
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
    const applied = [...JSON.parse(a.stdout).applied, ...JSON.parse(b.stdout).applied].sort((
      x,
      y,
    ) => x - y);
    assertEquals(applied, EMBEDDED_MIGRATIONS.map((m) => m.version));
    const check = new DatabaseSync(db, { readOnly: true });
    const history = check.prepare("SELECT version FROM canary_migration_history ORDER BY version")
      .all().map((row) => Number(row.version));
    check.close();
    assertEquals(history, EMBEDDED_MIGRATIONS.map((m) => m.version));
  }
});

/** Every row of the main schema, to show a command changed no schema. */
function schemaSql(path: string): string {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return JSON.stringify(
      db.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name").all(),
    );
  } finally {
    db.close();
  }
}

Deno.test("migrate status shows a refusal (text and JSON) and exits 1 where other commands refuse", async () => {
  using dir = tempDir();
  const db = `${dir.path}/foreign.db`;
  const raw = new DatabaseSync(db);
  raw.exec(`CREATE TABLE schema_migrations (version uint64, dirty bool);
    INSERT INTO schema_migrations VALUES (3, 0); CREATE TABLE tokens (id INTEGER);`);
  raw.close();
  const list = await runCanary(["list", "--db", db]);
  assertEquals(list.code, 1);
  const json = await runCanary(["migrate", "status", "--db", db, "--json"]);
  assertEquals(json.code, 1, json.stderr);
  const status = JSON.parse(json.stdout);
  assertEquals([status.state, status.version], ["refused", 3]);
  assertMatch(status.reason, /recorded by another tool/);
  assertEquals(json.stderr.trim().split("\n").at(-1), list.stderr.trim());
  const text = await runCanary(["migrate", "status", "--db", db]);
  assertEquals(text.code, 1);
  assertMatch(text.stdout, /^VERSION\s+NAME\s+STATE/);
  assertMatch(text.stderr, /: refused, version 3.*recorded by another tool/);
});

Deno.test("migrate status --exit-code: 3 while migrations are pending, 0 when up to date", async () => {
  using dir = tempDir();
  const db = `${dir.path}/x.db`;
  await runCanary(["migrate", "2", "--db", db]);
  let r = await runCanary(["migrate", "status", "--exit-code", "--db", db, "--json"]);
  assertEquals(r.code, 3, r.stderr);
  assertEquals(JSON.parse(r.stdout).state, "pending");
  r = await runCanary(["migrate", "status", "--db", db]);
  assertEquals(r.code, 0, "without --exit-code pending is not a failure");
  await runCanary(["migrate", "all", "--db", db]);
  r = await runCanary(["migrate", "status", "--exit-code", "--db", db, "--json"]);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).state, "ok");
});

Deno.test("migrate to V goes up, goes down with a backup, and does nothing when there", async () => {
  using dir = tempDir();
  const db = `${dir.path}/x.db`;
  let r = await runCanary(["migrate", "to", "3", "--db", db, "--json"]);
  assertEquals(r.code, 0, r.stderr);
  let run = JSON.parse(r.stdout);
  assertEquals([run.from, run.to, run.applied, run.reverted, run.backup], [
    0,
    3,
    [1, 2, 3],
    [],
    null,
  ]);
  r = await runCanary(["migrate", "to", "3", "--db", db, "--json"]);
  run = JSON.parse(r.stdout);
  assertEquals([r.code, run.from, run.to, run.steps.length], [0, 3, 3, 0]);
  r = await runCanary(["migrate", "to", "1", "--db", db, "--json"]);
  assertEquals(r.code, 0, r.stderr);
  run = JSON.parse(r.stdout);
  assertEquals([run.from, run.to, run.reverted], [3, 1, [3, 2]]);
  assertEquals(run.steps.map((s: { direction: string }) => s.direction), ["down", "down"]);
  const backup = new DatabaseSync(run.backup, { readOnly: true });
  assertEquals(
    Number(
      (backup.prepare("SELECT version FROM schema_migrations").get() as {
        version: number;
      }).version,
    ),
    3,
  );
  backup.close();
  r = await runCanary(["migrate", "to", "99", "--db", db]);
  assertEquals(r.code, 1);
  assertMatch(r.stderr, /cannot migrate to 99: known versions are 0 and 1, 2/);
  r = await runCanary(["migrate", "to", "x", "--db", db]);
  assertEquals(r.code, 2);
});

Deno.test("concurrent `migrate to 5` all end at 5; `migrate all --json` reports from as found under the lock", async () => {
  for (let round = 0; round < 2; round++) {
    using dir = tempDir();
    const db = `${dir.path}/race.db`;
    const target = String(LATEST_SCHEMA_VERSION);
    const runs = await Promise.all([
      runCanary(["migrate", "to", target, "--db", db, "--json"]),
      runCanary(["migrate", "to", target, "--db", db, "--json"]),
      runCanary(["migrate", "all", "--db", db, "--json"]),
      runCanary(["migrate", "all", "--db", db, "--json"]),
    ]);
    const results = runs.map((r) => {
      assertEquals(r.code, 0, r.stderr);
      return JSON.parse(r.stdout);
    });
    for (const run of results) {
      assertEquals(run.to, LATEST_SCHEMA_VERSION);
      if (run.applied.length === 0) assertEquals(run.from, LATEST_SCHEMA_VERSION);
      else assertEquals(run.from, run.applied[0] - 1);
    }
    const applied = results.flatMap((run) => run.applied).sort((a, b) => a - b);
    assertEquals(applied, EMBEDDED_MIGRATIONS.map((m) => m.version));
  }
});

Deno.test("concurrent `migrate to 5` down from the newest all end at 5, with one backup named for what it holds", async () => {
  for (let round = 0; round < 2; round++) {
    using dir = tempDir();
    const db = `${dir.path}/race.db`;
    const r = await runCanary(["migrate", "all", "--db", db]);
    assertEquals(r.code, 0, r.stderr);
    const runs = await Promise.all(
      [1, 2, 3].map(() => runCanary(["migrate", "to", "5", "--db", db, "--json"])),
    );
    const results = runs.map((run) => {
      assertEquals(run.code, 0, run.stderr);
      return JSON.parse(run.stdout);
    });
    for (const run of results) assertEquals(run.to, 5);
    const backups = [...Deno.readDirSync(dir.path)].map((entry) => entry.name)
      .filter((name) => name.startsWith("race.db.backup-"));
    assertEquals(backups.length, 1, `backups: ${backups}`);
    assertEquals(results.map((run) => run.backup).filter(Boolean), [`${dir.path}/${backups[0]}`]);
    const copy = new DatabaseSync(`${dir.path}/${backups[0]}`, { readOnly: true });
    try {
      assertEquals(backups[0].split("-")[1], String(readVersion(copy).version));
    } finally {
      copy.close();
    }
  }
});

Deno.test("rollback all racing data commands reaches 0 or fails; reverted versions never repeat", async () => {
  for (let round = 0; round < 4; round++) {
    using dir = tempDir();
    const db = `${dir.path}/race.db`;
    Deno.writeTextFileSync(
      `${dir.path}/a.ts`,
      "// CANARY: REQ=CBIN-1; FEATURE=A; ASPECT=API; STATUS=IMPL\n",
    );
    await runCanary(["index", "--root", dir.path, "--db", db]);
    const [rollback, ...others] = await Promise.all([
      runCanary(["rollback", "all", "--no-backup", "--db", db, "--json"]),
      runCanary(["index", "--root", dir.path, "--db", db]),
      runCanary(["prioritize", "CBIN-1", "A", "3", "--db", db]),
      runCanary(["list", "--db", db, "--json"]),
    ]);
    if (rollback.code === 0) {
      const run = JSON.parse(rollback.stdout);
      assertEquals(run.to, 0, rollback.stderr);
      assertEquals(new Set(run.reverted).size, run.reverted.length);
    } else {
      assertMatch(rollback.stderr, /another process moved the database/);
    }
    for (const r of others) {
      const moves = [...r.stderr.matchAll(/from version (\d+) to (\d+)/g)];
      for (const [, from, to] of moves) assert(Number(to) > Number(from), r.stderr);
      assert(!/unexpected|no such table|no such column/.test(r.stderr), r.stderr);
    }
  }
});

Deno.test("migrate repair shows checksum drift, re-records it after a backup, and changes no schema", async () => {
  using dir = tempDir();
  const db = `${dir.path}/x.db`;
  await runCanary(["migrate", "all", "--db", db]);
  const raw = new DatabaseSync(db);
  raw.exec("UPDATE canary_migration_history SET checksum = 'feed' WHERE version = 2");
  raw.close();
  let r = await runCanary(["list", "--db", db]);
  assertEquals(r.code, 1);
  assertMatch(r.stderr, /applied with different SQL/);
  const schema = schemaSql(db);
  const before = Deno.readFileSync(db);
  r = await runCanary(["migrate", "repair", "--dry-run", "--json", "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  const dry = JSON.parse(r.stdout);
  assertEquals(dry.drifted, [{
    version: 2,
    name: EMBEDDED_MIGRATIONS[1].name,
    file: EMBEDDED_MIGRATIONS[1].upFile,
    recorded_checksum: "feed",
    embedded_checksum: EMBEDDED_MIGRATIONS[1].checksum,
  }]);
  assertEquals([dry.repaired, dry.backup], [[], null]);
  assertEquals(Deno.readFileSync(db), before);
  r = await runCanary(["migrate", "repair", "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  assertMatch(r.stdout, /^VERSION\s+FILE\s+RECORDED\s+EMBEDDED/);
  assertMatch(r.stdout, /feed/);
  assertMatch(r.stderr, /backup of .* written to/);
  assertEquals(schemaSql(db), schema);
  r = await runCanary(["list", "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  r = await runCanary(["migrate", "repair", "--json", "--db", db]);
  assertEquals(JSON.parse(r.stdout).drifted, []);
});

Deno.test("migrate repair recreates objects dropped by hand, after which every command works", async () => {
  using dir = tempDir();
  const root = `${dir.path}/tree`;
  writeTree(root, {
    "a.ts": '// CANARY: REQ=CBIN-1; FEATURE="Migrations"; ASPECT=Storage; STATUS=IMPL\n',
  });
  const db = `${dir.path}/r.db`;
  assertEquals((await runCanary(["index", "--root", root, "--db", db])).code, 0);
  const damaged = new DatabaseSync(db);
  damaged.exec("DROP TABLE tokens_fts; DROP INDEX idx_tokens_status");
  damaged.close();
  let r = await runCanary(["search", "migrations", "--db", db]);
  assertEquals(r.code, 1);
  assertMatch(r.stderr, /lacks .*tokens_fts.*canary migrate repair/);
  r = await runCanary(["migrate", "repair", "--dry-run", "--json", "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  const dry = JSON.parse(r.stdout);
  assertEquals(dry.missing.sort(), ["index idx_tokens_status", "table tokens_fts"]);
  assertEquals(dry.restored, []);
  r = await runCanary(["migrate", "repair", "--json", "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  const repaired = JSON.parse(r.stdout);
  assertEquals(repaired.restored.sort(), ["index idx_tokens_status", "table tokens_fts"]);
  assert(repaired.backup !== null, "a backup is taken first");
  r = await runCanary(["search", "migrations", "--json", "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).map((t: { req_id: string }) => t.req_id), ["CBIN-1"]);
  r = await runCanary(["migrate", "repair", "--db", db]);
  assertMatch(r.stderr, /nothing to repair/);
});
