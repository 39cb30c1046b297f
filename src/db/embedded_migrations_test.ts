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
