import { assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { goEditionDatabase } from "../../tests/go_edition_fixture.ts";
import { EMBEDDED_MIGRATIONS, LATEST_SCHEMA_VERSION } from "./embedded_migrations.ts";
import { adoptGoEdition, detectGoEdition, goEditionShape } from "./go_edition.ts";
import { applyMigrations, assertUsable } from "./migrator.ts";

function withDatabase(fn: (path: string) => void): void {
  const dir = Deno.makeTempDirSync();
  try {
    fn(`${dir}/go.db`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("each Go version is recognised by its shape, not by its number", () => {
  for (const version of [1, 2, 3, 4, 5, 6, 7, 8]) {
    withDatabase((path) => {
      goEditionDatabase(path, version);
      const db = new DatabaseSync(path);
      assertEquals(detectGoEdition(db, EMBEDDED_MIGRATIONS), { version, dirty: false });
      // The same shape recorded one version higher lacks what that version adds.
      if (version >= 2 && version < 8) {
        db.exec(`UPDATE schema_migrations SET version = ${version + 1}`);
        assertEquals(detectGoEdition(db, EMBEDDED_MIGRATIONS), null, `as ${version + 1}`);
      }
      db.close();
    });
  }
});

Deno.test("a Go record ahead of its tables is told apart by the newest version the tables match", () => {
  withDatabase((path) => {
    goEditionDatabase(path, 5);
    const db = new DatabaseSync(path);
    assertEquals(goEditionShape(db, EMBEDDED_MIGRATIONS)?.tablesMatch, 5);
    db.exec("UPDATE schema_migrations SET version = 8");
    assertEquals(goEditionShape(db, EMBEDDED_MIGRATIONS), {
      state: { version: 8, dirty: false },
      tablesMatch: 5,
    });
    db.exec("DROP TABLE search_history");
    assertEquals(goEditionShape(db, EMBEDDED_MIGRATIONS), null, "its first schema is not whole");
    db.close();
  });
});

Deno.test("canary's own database is never taken for the Go edition's, even without history", () => {
  const db = new DatabaseSync(":memory:");
  applyMigrations(db, EMBEDDED_MIGRATIONS, 2);
  db.exec("DELETE FROM canary_migration_history");
  assertEquals(detectGoEdition(db, EMBEDDED_MIGRATIONS), null);
  db.close();
});

Deno.test("adoption is one transaction to canary's newest version, and happens once", () => {
  withDatabase((path) => {
    goEditionDatabase(path, 4);
    const db = new DatabaseSync(path);
    const adoption = adoptGoEdition(db, EMBEDDED_MIGRATIONS);
    assertEquals(adoption, {
      goVersion: 4,
      to: LATEST_SCHEMA_VERSION,
      checkpoints: 2,
      searches: 2,
      priorityOverrides: 2,
      foreignTokens: 4,
    });
    assertEquals(assertUsable(db, EMBEDDED_MIGRATIONS).version, LATEST_SCHEMA_VERSION);
    assertEquals(adoptGoEdition(db, EMBEDDED_MIGRATIONS), null);
    db.close();
  });
});

Deno.test("adoption changes nothing when another connection committed since it looked", () => {
  withDatabase((path) => {
    goEditionDatabase(path, 2);
    const db = new DatabaseSync(path);
    const seen = Number(
      (db.prepare("PRAGMA data_version").get() as { data_version: number })
        .data_version,
    );
    const other = new DatabaseSync(path);
    other.exec("INSERT INTO search_history (query, searched_at) VALUES ('late', 'now')");
    other.close();
    assertEquals(adoptGoEdition(db, EMBEDDED_MIGRATIONS, seen), "changed");
    assertEquals(detectGoEdition(db, EMBEDDED_MIGRATIONS), { version: 2, dirty: false });
    db.close();
  });
});
