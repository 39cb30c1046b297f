import { assertEquals, assertThrows } from "../test_assert.ts";
import { buildMigrationSet, migrationChecksum, newestSchemaVersion } from "./migration.ts";
import { CanaryError } from "../errors.ts";

Deno.test("files pair into migrations ordered by version", () => {
  const set = buildMigrationSet({
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
  assertEquals(set[0].checksum, migrationChecksum("u1"));
});

Deno.test("an up without a down is refused", () => {
  assertThrows(
    () => buildMigrationSet({ "000001_a.up.sql": "u" }),
    CanaryError,
    "000001_a.up.sql has no down file",
  );
  assertThrows(
    () => buildMigrationSet({ "000001_a.down.sql": "d" }),
    CanaryError,
    "has no up file",
  );
});

Deno.test("two migrations sharing a version are refused", () => {
  assertThrows(
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
  assertThrows(
    () => buildMigrationSet({ "1_a.up.sql": "u", "001_a.up.sql": "u" }),
    CanaryError,
    "two up files",
  );
});

Deno.test("badly named files are refused", () => {
  assertThrows(() => buildMigrationSet({ "init.sql": "" }), CanaryError, "does not match");
  assertThrows(
    () => buildMigrationSet({ "000000_zero.up.sql": "", "000000_zero.down.sql": "" }),
    CanaryError,
    "version 0",
  );
});

Deno.test("newestSchemaVersion takes the highest version whatever the order", () => {
  assertEquals(newestSchemaVersion([{ version: 3 }, { version: 7 }, { version: 5 }]), 7);
  assertEquals(newestSchemaVersion([]), 0);
});
