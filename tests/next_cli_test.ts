import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanary, tempDir } from "./helpers.ts";
import { indexedTrackFixture } from "./track_fixture.ts";

Deno.test("canary next", async (t) => {
  using dir = tempDir();
  const db = await indexedTrackFixture(dir.path);
  const next = (...args: string[]) => runCanary(["next", "--db", db, ...args]);
  const json = async (...args: string[]) => {
    const r = await next("--json", ...args);
    assertEquals(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const features = (tokens: { feature: string }[]) => tokens.map((x) => x.feature);

  await t.step("a blocked STUB is passed over; the older IMPL wins at equal priority", async () => {
    const work = await json();
    assertEquals(features(work.next), ["Exporter"]);
    assertEquals(
      work.blocked.map((b: { feature: string; blocked_by: unknown }) => [b.feature, b.blocked_by]),
      [
        ["Planner", [{ req_id: "CBIN-130", reason: "incomplete", incomplete_count: 1 }]],
      ],
    );
    assertEquals([work.runner_up.feature, work.decided_by, work.candidates], [
      "ListCommand",
      "updated",
      8,
    ]);
  });

  await t.step("--limit: the next n; a dependency with no token blocks", async () => {
    const work = await json("--limit", "4");
    assertEquals(features(work.next), [
      "Exporter",
      "ListCommand",
      "SearchCommand",
      "MigrationRollback",
    ]);
    assertEquals(features(work.blocked), ["Planner", "Ghost"]);
    assertEquals(work.blocked[1].blocked_by, [{
      req_id: "CBIN-999",
      reason: "missing",
      incomplete_count: 0,
    }]);
  });

  await t.step("--status, --aspect, --owner narrow the candidates", async () => {
    assertEquals(features((await json("--status", "stub", "--limit", "9")).next), [
      "SearchCommand",
      "MigrationRollback",
      "CycleA",
    ]);
    assertEquals(features((await json("--aspect", "engine")).next), ["CycleA"]);
    assertEquals(features((await json("--owner", "ALICE")).next), ["MigrationRollback"]);
    assertEquals((await json("--owner", "nobody")).next, []);
  });

  await t.step("the table, and --explain", async () => {
    const r = await next("--explain");
    assertEquals([r.code, r.stderr], [0, ""]);
    const lines = r.stdout.trimEnd().split("\n");
    assertMatch(lines[0], /^REQ\s+FEATURE\s+STATUS\s+ASPECT\s+PRI\s+LOCATION$/);
    assertMatch(lines[1], /^CBIN-301\s+Exporter\s+IMPL\s+Wire\s+1\s+src\/plan\/plan\.ts:2$/);
    assertMatch(
      lines[3],
      /^CBIN-301 Exporter \(src\/plan\/plan\.ts:2\) is next among 8 candidates: /,
    );
    assertMatch(
      lines[3],
      /ahead of CBIN-CLI-001 ListCommand \(src\/cli\/list\.ts:1\) by an older UPDATED$/,
    );
    assertEquals(lines.slice(4), [
      "blocked, ranked higher:",
      "  CBIN-300 Planner (src/plan/plan.ts:1): CBIN-130 has 1 incomplete token",
    ]);
  });

  await t.step(
    "--explain with nothing to do starts with the explanation, no blank line",
    async () => {
      const r = await next("--explain", "--owner", "nobody");
      assertEquals(r.code, 0, r.stderr);
      assertEquals(r.stdout, "nothing unblocked among 0 candidates\n");
    },
  );

  await t.step("usage errors exit 2; no database: nothing to do, nothing created", async () => {
    assertEquals((await next("--status", "DONE")).code, 2);
    assertEquals((await next("--limit", "0")).code, 2);
    const r = await runCanary(["next", "--db", `${dir.path}/none.db`]);
    assertEquals([r.code, r.stdout], [0, ""]);
    assertMatch(r.stderr, /no canary database/);
    assert(!Deno.readDirSync(dir.path).some((e) => e.name === "none.db"));
  });
});
