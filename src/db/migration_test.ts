import { createHash } from "node:crypto";
import { assertEquals, assertRejects } from "../test_assert.ts";
import { buildMigrationSet, migrationChecksum, newestSchemaVersion } from "./migration.ts";
import { EMBEDDED_MIGRATIONS } from "./embedded_migrations.ts";
import { CanaryError } from "../errors.ts";

const reference = (text: string) => createHash("sha256").update(text).digest("hex");

Deno.test("files pair into migrations ordered by version", async () => {
  const set = await buildMigrationSet({
    "000002_b.down.sql": "d2",
    "000001_a.up.sql": "u1",
    "000002_b.up.sql": "u2",
    "000001_a.down.sql": "d1",
  });
  assertEquals(set.map((m) => [m.version, m.name, m.up, m.down]), [[1, "a", "u1", "d1"], [
    2,
    "b",
    "u2",
    "d2",
  ]]);
  assertEquals(set[0].checksum, await migrationChecksum("u1"));
});

Deno.test("migrationChecksum is the hex SHA-256 of the UTF-8 SQL, as databases record it", async () => {
  assertEquals(
    await migrationChecksum("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assertEquals(
    await migrationChecksum(""),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  // Lengths around each padding boundary, multi-byte text, and a long input.
  for (const length of [1, 55, 56, 64, 65, 1000, 100_000]) {
    const text = "ab\u00e9\u{1f600}-".repeat(length).slice(0, length);
    assertEquals(await migrationChecksum(text), reference(text), `length ${length}`);
  }
  for (const migration of EMBEDDED_MIGRATIONS) {
    assertEquals(migration.checksum, reference(migration.up), migration.upFile);
  }
});

Deno.test("an up without a down is refused", async () => {
  await assertRejects(
    () => buildMigrationSet({ "000001_a.up.sql": "u" }),
    CanaryError,
    "000001_a.up.sql has no down file",
  );
  await assertRejects(
    () => buildMigrationSet({ "000001_a.down.sql": "d" }),
    CanaryError,
    "has no up file",
  );
});

Deno.test("two migrations sharing a version are refused", async () => {
  await assertRejects(
    () =>
      buildMigrationSet({
        "000001_a.up.sql": "u",
        "000001_a.down.sql": "d",
        "000001_b.up.sql": "u",
        "000001_b.down.sql": "d",
      }),
    CanaryError,
    "share version 1",
  );
  await assertRejects(
    () => buildMigrationSet({ "1_a.up.sql": "u", "001_a.up.sql": "u" }),
    CanaryError,
    "two up files",
  );
});

Deno.test("badly named files are refused", async () => {
  await assertRejects(() => buildMigrationSet({ "init.sql": "" }), CanaryError, "does not match");
  await assertRejects(
    () => buildMigrationSet({ "000000_zero.up.sql": "", "000000_zero.down.sql": "" }),
    CanaryError,
    "version 0",
  );
});

Deno.test("newestSchemaVersion takes the highest version whatever the order", () => {
  assertEquals(newestSchemaVersion([{ version: 3 }, { version: 7 }, { version: 5 }]), 7);
  assertEquals(newestSchemaVersion([]), 0);
});
