import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { QUERY_FIXTURE_FILES } from "../src/query/test_database.ts";

function historyRows(db: string) {
  const sqlite = new DatabaseSync(db, { readOnly: true });
  try {
    return sqlite.prepare(
      "SELECT query, filters, results_count, searched_at FROM search_history ORDER BY id",
    ).all().map((row) => ({ ...row }));
  } finally {
    sqlite.close();
  }
}

Deno.test("canary search", async (t) => {
  using dir = tempDir();
  writeTree(`${dir.path}/tree`, { ...QUERY_FIXTURE_FILES });
  const db = `${dir.path}/canary.db`;
  assertEquals((await runCanary(["index", "--root", `${dir.path}/tree`, "--db", db])).code, 0);
  const search = (...args: string[]) => runCanary(["search", "--db", db, ...args]);
  const hits = async (...args: string[]) => {
    const r = await search("--json", ...args);
    assertEquals(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as { req_id: string; feature: string; rank: number }[];
  };

  // Matching and ranking are unit-tested in src/query/search_tokens_test.ts; these steps hold
  // the command's contract: JSON ranks, formats, errors, history.
  await t.step("--json hits carry their rank, best first", async () => {
    const found = await hits("migr");
    assertEquals(found.map((h) => h.feature).sort(), ["DatabaseMigrations", "MigrationRollback"]);
    assertEquals(found.map((h) => h.rank), [1, 2]);
  });

  await t.step("owner, aspect, path and req id are searched; all words must match", async () => {
    assertEquals((await hits("alice")).map((h) => h.req_id), ["CBIN-130"]);
    assertEquals((await hits("engine.py")).length, 2);
    assertEquals((await hits("CLI-002")).map((h) => h.req_id), ["CBIN-CLI-002"]);
    assertEquals((await hits("migr", "rollback")).map((h) => h.req_id), ["CBIN-130"]);
  });

  await t.step("table and TSV outputs; TSV ends with the rank", async () => {
    const table = await search("migr");
    assertMatch(table.stdout, /^REQ\s+FEATURE\s+STATUS/);
    const tsv = await search("migr", "--format", "tsv");
    const lines = tsv.stdout.trimEnd().split("\n");
    assertEquals(lines.map((l) => l.split("\t").at(-1)), ["1", "2"]);
  });

  await t.step("FTS syntax in any input never reaches the user as an error", async () => {
    for (
      const input of [`"`, `migr*`, `-migr`, `AND`, `OR`, `NEAR(a b)`, `((`, `)`, `a:b`, `^x`, `*`]
    ) {
      // `--` ends the options, so a word may start with "-".
      const r = await search("--", input);
      assertEquals(r.code, 0, `${input}: ${r.stderr}`);
      assert(!/fts5|syntax|sqlite/i.test(r.stderr), r.stderr);
    }
  });

  await t.step("no words is a usage error", async () => {
    const r = await search(" ");
    assertEquals(r.code, 2);
  });

  await t.step("every search is recorded in search_history", async () => {
    const before = historyRows(db).length;
    await search("migr", "--status", "STUB", "--limit", "5");
    const rows = historyRows(db);
    assertEquals(rows.length, before + 1);
    const last = rows.at(-1)!;
    assertEquals(last.query, "migr");
    assertEquals(JSON.parse(String(last.filters)), { status: ["STUB"], limit: 5 });
    assertEquals(last.results_count, 1);
    assertMatch(String(last.searched_at), /^\d{4}-\d\d-\d\d/);
  });
});
