import { assertEquals } from "../test_assert.ts";
import { insertToken, migratedMemoryDatabase, type TestTokenRow } from "../query/test_database.ts";
import { buildProjectReport } from "./project_report.ts";
import { readAllTokens } from "./requirements.ts";

function tokensOf(rows: TestTokenRow[]) {
  using db = migratedMemoryDatabase();
  rows.forEach((row) => insertToken(db, { req_id: "R-1", feature: "F", aspect: "API", ...row }));
  return readAllTokens(db);
}

Deno.test("buildProjectReport: progress, a feature's least advanced status, and the trend", () => {
  const tokens = tokensOf([
    { status: "TESTED", test: "TestB, TestA", file_path: "a.ts", line_number: 2 },
    { status: "STUB", file_path: "b.ts", line_number: 1 },
    { feature: "Gone", status: "REMOVED", file_path: "a.ts", line_number: 1 },
    { req_id: "R-0", status: "MISSING" },
  ]);
  const summary = {
    id: 1,
    name: "v1",
    description: null,
    commit_hash: null,
    created_at: "2026-12-01 10:00:00",
    total: 2,
    status_counts: { MISSING: 0, STUB: 1, IMPL: 0, TESTED: 1, BENCHED: 0, REMOVED: 1 },
  };
  const report = buildProjectReport(tokens, [summary], "2026-12-02T00:00:00Z");
  assertEquals(report.requirements.map((r) => r.req_id), ["R-0", "R-1"]);
  assertEquals([report.requirements[1].completed, report.requirements[1].total], [1, 2]);
  // Features in location order: Gone (a.ts:1) before F (a.ts:2).
  const [gone, feature] = report.traceability[1].features;
  assertEquals([feature.status, feature.tests, feature.locations.length], ["STUB", [
    "TestA",
    "TestB",
  ], 2]);
  assertEquals(gone.status, "REMOVED");
  assertEquals(report.trend, [{
    name: "v1",
    created_at: summary.created_at,
    completed: 1,
    total: 2,
  }]);
  assertEquals(report.by_aspect, { API: 4 });
});
