/**
 * Kill -9 during `migrate all` (the real migrator, with a deliberately slow
 * extra migration from tests/fixtures/slow_migrate.ts): afterwards the
 * recorded version matches the schema actually present, and the next
 * `migrate all` completes.
 */
import { assert, assertEquals, waitUntil } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { buildMigrationSet } from "../src/db/migration.ts";
import { applyMigrations, readVersion } from "../src/db/migrator.ts";
import { SLOW_MIGRATION_FILES, SLOW_VERSION } from "./fixtures/slow_migrate.ts";
import { exitOf, outputOf, tempDir } from "./helpers.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/slow_migrate.ts", import.meta.url));
const MIGRATIONS = await buildMigrationSet(SLOW_MIGRATION_FILES);

function schemaOf(db: DatabaseSync): string {
  return JSON.stringify(
    db.prepare(
      "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' " +
        "ORDER BY type, name",
    ).all(),
  );
}

/** The schema each version has when reached by the migrator from nothing. */
function referenceSchemas(): Map<number, string> {
  const schemas = new Map<number, string>();
  const db = new DatabaseSync(":memory:");
  db.function("signal_started", () => 1);
  schemas.set(0, schemaOf(db));
  for (const migration of MIGRATIONS) {
    applyMigrations(db, MIGRATIONS, 1);
    schemas.set(migration.version, schemaOf(db));
  }
  db.close();
  return schemas;
}

function spawnMigrate(db: string, signal: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--allow-all", FIXTURE, db, signal],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

function versionOf(path: string): number {
  const db = new DatabaseSync(path);
  try {
    return readVersion(db).version;
  } finally {
    db.close();
  }
}

/** Opens the database after a kill and checks the version against the schema present. */
function assertVersionMatchesSchema(path: string, schemas: Map<number, string>, where: string) {
  const db = new DatabaseSync(path);
  try {
    assertEquals(
      { ...db.prepare("PRAGMA integrity_check").get() },
      { integrity_check: "ok" },
      where,
    );
    const state = readVersion(db);
    assertEquals(state.dirty, false, `${where}: dirty`);
    assert(schemas.has(state.version), `${where}: unknown version ${state.version}`);
    assertEquals(
      schemaOf(db),
      schemas.get(state.version),
      `${where}: schema ≠ version ${state.version}`,
    );
    return state.version;
  } finally {
    db.close();
  }
}

Deno.test("kill -9 during migrate all: version matches the schema, the next migrate all completes", async () => {
  using dir = tempDir("canary-kill-migrate-");
  const schemas = referenceSchemas();
  const db = `${dir.path}/m.db`;

  // How long a whole run takes, to spread timed kills over it.
  const started = performance.now();
  const full = await outputOf(
    spawnMigrate(`${dir.path}/measure.db`, `${dir.path}/measure.signal`),
    "the measured migration",
  );
  const runMs = performance.now() - started;
  assertEquals(full.code, 0, new TextDecoder().decode(full.stderr));

  const seen = new Set<number>();
  const kills = 10;
  for (let i = 0; i < kills; i++) {
    // Timed kills start from nothing, so early moments (before the first commit) are hit too;
    // signalled kills continue from whatever the previous kill left, unless that run got past
    // the slow step (a timed kill can land after a run finished), which leaves nothing to signal.
    if (i % 3 !== 0 || (exists(db) && versionOf(db) >= SLOW_VERSION)) {
      for (const suffix of ["", "-wal", "-shm"]) {
        if (exists(db + suffix)) Deno.removeSync(db + suffix);
      }
    }
    const signal = `${dir.path}/signal-${i}`;
    const child = spawnMigrate(db, signal);
    const where = `kill ${i + 1} of ${kills}`;
    if (i % 3 === 0) {
      // Certainly inside the slow migration's transaction: it said so. A run that ends first
      // is a failure, not a wait forever.
      let ended = false;
      child.status.then(() => ended = true);
      await waitUntil(() => exists(signal) || ended, `${where}: the signal file or the run's end`);
      assert(exists(signal), `${where}: the run ended before the slow step`);
    } else {
      await new Promise((resolve) => setTimeout(resolve, Math.round(runMs * i / kills)));
    }
    try {
      child.kill("SIGKILL");
    } catch {
      // Already finished.
    }
    await exitOf(child, `${where}: the killed run`);
    await child.stderr.cancel();
    const version = assertVersionMatchesSchema(db, schemas, where);
    seen.add(version);
    if (i % 3 === 0) {
      assert(version < SLOW_VERSION, `${where}: the slow step must not have committed`);
    }
  }
  console.log(`  versions found after kills: ${[...seen].sort((a, b) => a - b).join(", ")}`);

  const last = await outputOf(spawnMigrate(db, `${dir.path}/signal-final`), "the final migration");
  assertEquals(last.code, 0, new TextDecoder().decode(last.stderr));
  assertEquals(assertVersionMatchesSchema(db, schemas, "after the final run"), SLOW_VERSION);
});
