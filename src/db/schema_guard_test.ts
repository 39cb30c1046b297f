import { assertEquals, assertThrows } from "../test_assert.ts";
import { CanaryError } from "../errors.ts";
import { openDatabase } from "./open.ts";
import { EMBEDDED_MIGRATIONS } from "./embedded_migrations.ts";
import { rollbackMigrations } from "./migrator.ts";
import { beginDataWrite, readNewestSchema } from "./schema_guard.ts";

Deno.test("a data write at the newest version starts; after a rollback it is refused", () => {
  const { db } = openDatabase(":memory:");
  try {
    beginDataWrite(db);
    assertEquals(db.isTransaction, true);
    db.exec("ROLLBACK");
    rollbackMigrations(db, EMBEDDED_MIGRATIONS, 1);
    assertThrows(() => beginDataWrite(db), CanaryError, "nothing was written");
    assertEquals(db.isTransaction, false);
  } finally {
    db.close();
  }
});

Deno.test("a read at the newest version runs in one snapshot; after a rollback it is refused", () => {
  const { db } = openDatabase(":memory:");
  try {
    assertEquals(readNewestSchema(db, () => db.isTransaction), true);
    assertEquals(db.isTransaction, false);
    rollbackMigrations(db, EMBEDDED_MIGRATIONS, "all");
    const refused = assertThrows(
      () => readNewestSchema(db, () => "read"),
      CanaryError,
      "run it again",
    );
    assertEquals(refused.code, "schema_changed");
  } finally {
    db.close();
  }
});
