import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanary, tempDir } from "./helpers.ts";
import { indexedTrackFixture } from "./track_fixture.ts";

interface Group {
  group: string;
  tokens: { feature: string; status: string; file_path: string; line_number: number }[];
}

Deno.test("canary show", async (t) => {
  using dir = tempDir();
  const db = await indexedTrackFixture(dir.path);
  const show = (...args: string[]) => runCanary(["show", "--db", db, ...args]);
  const groups = async (...args: string[]) => {
    const r = await show("--json", ...args);
    assertEquals(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout).groups as Group[]).map((g) => [
      g.group,
      g.tokens.map((x) => x.feature),
    ]);
  };

  await t.step(
    "groups by aspect in the canonical aspect order, tokens by file and line",
    async () => {
      assertEquals(await groups("cbin-130"), [
        ["Storage", ["MigrationRollback", "OldRollback"]],
        ["Docs", ["RollbackDocs"]],
      ]);
    },
  );

  await t.step("--group-by status (MISSING → REMOVED) and file (by path)", async () => {
    assertEquals(await groups("CBIN-130", "--group-by", "status"), [
      ["STUB", ["MigrationRollback"]],
      ["TESTED", ["RollbackDocs"]],
      ["REMOVED", ["OldRollback"]],
    ]);
    assertEquals(await groups("CBIN-130", "--group-by", "FILE"), [
      ["src/db/migrate.go", ["MigrationRollback"]],
      ["src/plan/plan.ts", ["OldRollback", "RollbackDocs"]],
    ]);
  });

  await t.step("the human view: a title, then each group's table", async () => {
    const r = await show("CBIN-129");
    assertEquals([r.code, r.stderr], [0, ""]);
    const lines = r.stdout.trimEnd().split("\n");
    assertEquals(lines[0], "CBIN-129: 1 token");
    assertEquals(lines[2], "Storage (1 token)");
    assertMatch(lines[3], /^ {2}FEATURE\s+STATUS\s+ASPECT\s+LOCATION\s+TESTS\s+BENCHES\s+OWNER$/);
    assertMatch(
      lines[4],
      /DatabaseMigrations\s+TESTED\s+Storage\s+src\/db\/migrate\.go:2\s+TestMigrate\s+canary/,
    );
  });

  await t.step(
    "an unknown id: exit 1 naming the nearest ids; a bad --group-by: exit 2",
    async () => {
      const r = await show("CBIN-13");
      assertEquals([r.code, r.stdout], [1, ""]);
      assertMatch(r.stderr, /^canary: error: no token has REQ=CBIN-13; nearest: CBIN-130, /);
      assertEquals((await show("CBIN-130", "--group-by", "owner")).code, 2);
    },
  );

  await t.step("a missing database is not created", async () => {
    const r = await runCanary(["show", "CBIN-1", "--db", `${dir.path}/none.db`]);
    assertEquals(r.code, 1);
    assert(!r.stderr.includes("unexpected"), r.stderr);
    assertEquals([...Deno.readDirSync(dir.path)].map((e) => e.name).sort(), ["canary.db", "tree"]);
  });
});
