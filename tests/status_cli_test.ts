import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanary, tempDir } from "./helpers.ts";
import { indexedTrackFixture } from "./track_fixture.ts";

Deno.test("canary status", async (t) => {
  using dir = tempDir();
  const db = await indexedTrackFixture(dir.path);
  const status = (...args: string[]) => runCanary(["status", "--db", db, ...args]);

  await t.step("one requirement: REMOVED left out, counts, incomplete features", async () => {
    const r = await status("CBIN-130", "--json");
    const value = JSON.parse(r.stdout);
    assertEquals([value.req_id, value.total, value.completed, value.percent], [
      "CBIN-130",
      2,
      1,
      50,
    ]);
    assertEquals(value.status_counts, {
      MISSING: 0,
      STUB: 1,
      IMPL: 0,
      TESTED: 1,
      BENCHED: 0,
      REMOVED: 1,
    });
    assertEquals(value.incomplete.map((x: { feature: string }) => x.feature), [
      "MigrationRollback",
    ]);
    const text = (await status("CBIN-130")).stdout.split("\n");
    assertEquals(text[0], "CBIN-130  [##########----------]  50%  1/2 complete");
    assertEquals(text[1], "MISSING 0  STUB 1  IMPL 0  TESTED 1  BENCHED 0  REMOVED 1");
    assert(
      text.some((line) => /MigrationRollback\s+STUB\s+Storage\s+src\/db\/migrate\.go:3/.test(line)),
    );
  });

  await t.step("all requirements, the project total, and each order", async () => {
    const all = JSON.parse((await status("--json")).stdout);
    assertEquals(all.project.total, 12);
    assertEquals(all.project.completed, 4);
    assertEquals(all.project.percent, 33);
    const ids = async (order: string) =>
      (JSON.parse((await status("--json", "--order-by", order)).stdout).requirements as {
        req_id: string;
      }[])
        .map((r) => r.req_id);
    assertEquals((await ids("req")).slice(0, 3), ["CBIN-129", "CBIN-130", "CBIN-200"]);
    assertEquals((await ids("priority")).slice(0, 4), [
      "CBIN-300",
      "CBIN-301",
      "CBIN-CLI-001",
      "CBIN-304",
    ]);
    const byProgress = await ids("progress");
    assertEquals(byProgress.slice(-3), ["CBIN-129", "CBIN-201", "CBIN-303"]);
    const lines = (await status()).stdout.trimEnd().split("\n");
    assertMatch(lines[0], /^REQ\s+PROGRESS\s+PRI\s+COUNTS$/);
    assertMatch(
      lines[2],
      /^CBIN-130\s+\[#{10}-{10}\]\s+50%\s+1\/2 complete\s+3\s+STUB 1 TESTED 1 REMOVED 1$/,
    );
    assertMatch(lines.at(-2)!, /^project: \[#{6}-{14}\]\s+33% {2}4\/12 complete$/);
    assertMatch(lines.at(-1)!, /^11 requirements: /);
  });

  await t.step("usage errors exit 2; an unknown id exits 1", async () => {
    assertEquals((await status("--order-by", "file")).code, 2);
    assertEquals((await status("CBIN-999")).code, 1);
  });

  await t.step("without a database: empty, with a note, nothing created", async () => {
    const r = await runCanary(["status", "--json", "--db", `${dir.path}/none.db`]);
    assertEquals(r.code, 0);
    assertEquals(JSON.parse(r.stdout).requirements, []);
    assertMatch(r.stderr, /no canary database/);
    assert(!Deno.readDirSync(dir.path).some((e) => e.name === "none.db"));
  });
});
