import { assertEquals, assertRejects } from "../test_assert.ts";
import { goEditionDatabase } from "../../tests/go_edition_fixture.ts";
import { tempDir } from "../../tests/helpers.ts";
import { EMBEDDED_MIGRATIONS } from "./embedded_migrations.ts";
import { adoptIfGoEdition } from "./go_edition_open.ts";
import type { Migration } from "./migration.ts";

Deno.test("an adoption that fails leaves the database as it was and no backup behind", async () => {
  using dir = tempDir();
  const path = `${dir.path}/go.db`;
  goEditionDatabase(path, 5);
  const before = Deno.readFileSync(path);
  const failing: Migration = {
    version: 11,
    name: "fails",
    up: "INSERT INTO no_such_table VALUES (1);",
    down: "",
    upFile: "000011_fails.up.sql",
    downFile: "000011_fails.down.sql",
    checksum: "0",
  };
  const migrations = [...EMBEDDED_MIGRATIONS, failing];
  for (let attempt = 0; attempt < 2; attempt++) {
    await assertRejects(() => adoptIfGoEdition(path, { migrations }), Error, "no_such_table");
  }
  assertEquals([...Deno.readDirSync(dir.path)].map((entry) => entry.name), ["go.db"]);
  assertEquals(Deno.readFileSync(path), before);
});
