import { assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { QUERY_FIXTURE_FILES } from "../src/query/test_database.ts";

Deno.test("canary prioritize", async (t) => {
  using dir = tempDir();
  const root = `${dir.path}/tree`;
  writeTree(root, { ...QUERY_FIXTURE_FILES });
  const db = `${dir.path}/canary.db`;
  assertEquals((await runCanary(["index", "--root", root, "--db", db])).code, 0);
  const priorityOf = async (req: string) => {
    const r = await runCanary(["list", "--json", "--req", req, "--db", db]);
    return JSON.parse(r.stdout)[0].priority;
  };

  await t.step("sets the priority, says so on stderr, --json on stdout", async () => {
    const r = await runCanary(["prioritize", "CBIN-200", "ScanEngine", "1", "--db", db, "--json"]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(JSON.parse(r.stdout), {
      req_id: "CBIN-200",
      feature: "ScanEngine",
      priority: 1,
      previous: [8],
      tokens_updated: 1,
    });
    assertMatch(r.stderr, /CBIN-200 ScanEngine: priority 1 \(was 8; 1 token\)/);
    assertEquals(await priorityOf("CBIN-200"), 1);
    const list = await runCanary(["list", "--json", "--priority-max", "1", "--db", db]);
    assertEquals(
      JSON.parse(list.stdout).map((x: { req_id: string }) => x.req_id),
      ["CBIN-CLI-001", "CBIN-200"],
      "dated tokens first among equal priorities",
    );
  });

  await t.step("an unknown pair: exit 1, naming it and the nearest known ids", async () => {
    const r = await runCanary(["prioritize", "CBIN-20", "ScanEngin", "3", "--db", db]);
    assertEquals(r.code, 1);
    assertEquals(r.stdout, "");
    assertMatch(r.stderr, /REQ=CBIN-20 and FEATURE=ScanEngin; nearest known: CBIN-200 ScanEngine/);
  });

  await t.step("the nearest known pairs start with the requirement named", async () => {
    const r = await runCanary(["prioritize", "CBIN-129", "Nope", "1", "--db", db]);
    assertEquals(r.code, 1);
    assertMatch(r.stderr, /nearest known: CBIN-129 DatabaseMigrations, /);
  });

  await t.step("a priority outside 1–10 or not an integer: exit 2", async () => {
    for (const bad of ["0", "11", "1.5", "high", "-1", "1; DROP TABLE tokens"]) {
      const r = await runCanary(["prioritize", "CBIN-200", "ScanEngine", bad, "--db", db]);
      assertEquals(r.code, 2, `${bad}: ${r.stderr}`);
    }
    assertEquals(await priorityOf("CBIN-200"), 1);
  });
});
