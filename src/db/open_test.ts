import { assert, assertEquals, assertThrows } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { LATEST_SCHEMA_VERSION } from "./embedded_migrations.ts";
import { assertDatabaseFile, openDatabase } from "./open.ts";
import { CanaryError } from "../errors.ts";

function withTemp(fn: (dir: string) => void): void {
  const dir = Deno.makeTempDirSync({ prefix: "canary-open-" });
  try {
    fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

function assertRefusedUnchanged(path: string, code: string): void {
  const before = Deno.readFileSync(path);
  const error = assertThrows(() => openDatabase(path), CanaryError);
  assertEquals(error.code, code, error.message);
  assert(!error.message.includes("\n"), "error is one line");
  assertEquals(Deno.readFileSync(path), before, "file changed");
}

Deno.test("openDatabase creates the parent folder and migrates a new file", () => {
  withTemp((dir) => {
    const { db, migration } = openDatabase(`${dir}/nested/deeper/canary.db`);
    try {
      assertEquals(migration.from, 0);
      assertEquals(migration.to, LATEST_SCHEMA_VERSION);
      assertEquals(
        { ...db.prepare("PRAGMA journal_mode").get() },
        { journal_mode: "wal" },
      );
      assertEquals({ ...db.prepare("PRAGMA foreign_keys").get() }, { foreign_keys: 1 });
    } finally {
      db.close();
    }
    const again = openDatabase(`${dir}/nested/deeper/canary.db`);
    assertEquals(again.migration.steps, []);
    again.db.close();
  });
});

Deno.test("a text file is refused and left byte-identical", () => {
  withTemp((dir) => {
    Deno.writeTextFileSync(`${dir}/notes.db`, "these are my notes, not a database\n".repeat(20));
    assertRefusedUnchanged(`${dir}/notes.db`, "not_a_database");
  });
});

Deno.test("random bytes are refused and left byte-identical", () => {
  withTemp((dir) => {
    const bytes = new Uint8Array(8192);
    let seed = 7;
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      bytes[i] = seed >>> 24;
    }
    Deno.writeFileSync(`${dir}/random.db`, bytes);
    assertRefusedUnchanged(`${dir}/random.db`, "not_a_database");
  });
});

Deno.test("a truncated database is refused and left byte-identical", () => {
  withTemp((dir) => {
    const path = `${dir}/whole.db`;
    const db = new DatabaseSync(path);
    db.exec(
      "CREATE TABLE t (x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) INSERT INTO t SELECT randomblob(1000) FROM n;",
    );
    db.close();
    const whole = Deno.readFileSync(path);
    Deno.writeFileSync(`${dir}/cut.db`, whole.subarray(0, Math.floor(whole.length / 2)));
    assertRefusedUnchanged(`${dir}/cut.db`, "corrupt_database");
  });
});

Deno.test("a directory given as the database is refused", () => {
  withTemp((dir) => {
    const error = assertThrows(() => openDatabase(dir), CanaryError);
    assertEquals(error.code, "not_a_database");
  });
});

Deno.test("a database from a newer canary is refused and left byte-identical", () => {
  withTemp((dir) => {
    const path = `${dir}/newer.db`;
    openDatabase(path).db.close();
    const raw = new DatabaseSync(path);
    raw.exec(`PRAGMA journal_mode = DELETE; UPDATE schema_migrations SET version = 99`);
    raw.close();
    assertRefusedUnchanged(path, "database_newer");
  });
});

Deno.test("a header ahead of the file size is truncation only when no WAL or journal is pending", () => {
  withTemp((dir) => {
    const path = `${dir}/busy.db`;
    const db = new DatabaseSync(path);
    db.exec(
      "CREATE TABLE t (x);" +
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) " +
        "INSERT INTO t SELECT randomblob(1000) FROM n;",
    );
    db.close();
    const whole = Deno.readFileSync(path);
    // A main file mid-checkpoint: its header already counts pages not yet written.
    const copy = `${dir}/copy.db`;
    Deno.writeFileSync(copy, whole.subarray(0, whole.length - 4096));
    assertThrows(() => assertDatabaseFile(copy), CanaryError, "truncated");
    for (const pending of ["-wal", "-journal"]) {
      Deno.writeFileSync(copy + pending, new Uint8Array(32).fill(1));
      assertDatabaseFile(copy); // accepted: SQLite itself resolves the pending write
      Deno.removeSync(copy + pending);
    }
  });
});
