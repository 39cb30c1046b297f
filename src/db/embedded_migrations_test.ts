import { assertEquals } from "../test_assert.ts";
import { EMBEDDED_MIGRATION_FILES, EMBEDDED_MIGRATIONS } from "./embedded_migrations.ts";

const MIGRATIONS_DIR = new URL("../../migrations/", import.meta.url);

Deno.test("every file in migrations/ is embedded, with the same content", () => {
  const onDisk = [...Deno.readDirSync(MIGRATIONS_DIR)]
    .filter((entry) => entry.isFile)
    .map((entry) => entry.name)
    .sort();
  assertEquals(Object.keys(EMBEDDED_MIGRATION_FILES).sort(), onDisk);
  for (const name of onDisk) {
    assertEquals(
      EMBEDDED_MIGRATION_FILES[name],
      Deno.readTextFileSync(new URL(name, MIGRATIONS_DIR)),
      `${name} differs from its embedded copy`,
    );
  }
});

Deno.test("embedded migrations are paired, unique and ordered", () => {
  const versions = EMBEDDED_MIGRATIONS.map((m) => m.version);
  assertEquals(versions, [...new Set(versions)].sort((a, b) => a - b));
  for (const m of EMBEDDED_MIGRATIONS) {
    assertEquals(m.upFile, `${String(m.version).padStart(6, "0")}_${m.name}.up.sql`);
    assertEquals(m.downFile, `${String(m.version).padStart(6, "0")}_${m.name}.down.sql`);
  }
});

/**
 * The checksum of each migration as released. Databases record it, and refuse to be opened by a
 * canary whose migration differs ("applied with different SQL"): a released migration is never
 * edited; a change to the schema is a new migration.
 */
const RELEASED_CHECKSUMS: Record<number, string> = {
  1: "57d23d0eb83f453896e9a249ba326f5c4dcd7325f2d737682fd47b93f3dfbac4",
  2: "e348645c1596fe221379c15cfd2747f82e039b34eeab099789da166530fb0609",
  3: "fbb98eebf5940bc524187a83b166759e9f56a6c81ba3738ce8f7f95e64b2e7bd",
  4: "0e5b271be55a04e7b49cc21f176d93942ec643871c45a1d95e50c39951600a55",
  5: "3bda9199baa9d8634378e90fe9d9f8d3dab1851d96cbdf52cdd193b838d603b7",
  6: "b23110e7d16d532f90a46488a1e18e5b5f6db19a7dc03b6ef17e78ab2cffcf77",
  7: "e2584168272f025489c6b739c97c65256ca53e5e3f88e79fda2339e86a7c322a",
  8: "a8751df7bd8d3c9c82e9e086d8e23570c7f46a15f98362e3b1f78b019c2ec642",
  9: "84fb50e6786d71f144ee6ece262973e7b6aabc6c07831f9f69b08f9e1a746410",
  10: "d3d8d39b89f421b96f8ab56567c2eb42e6292ce860a3b6d9ad239fc433812f7d",
};

Deno.test("a released migration keeps the SQL databases recorded it with", () => {
  const checksums = Object.fromEntries(EMBEDDED_MIGRATIONS.map((m) => [m.version, m.checksum]));
  assertEquals(checksums, RELEASED_CHECKSUMS);
});
