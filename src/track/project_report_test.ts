import { assertEquals } from "../test_assert.ts";
import type { TokenRecord } from "../query/token_record.ts";
import { buildProjectReport } from "./project_report.ts";

function token(fields: Partial<TokenRecord>): TokenRecord {
  return {
    id: 0,
    req_id: "R-1",
    feature: "F",
    aspect: "API",
    status: "IMPL",
    declared_status: null,
    file_path: "a.ts",
    line_number: 1,
    tests: [],
    benches: [],
    owner: null,
    priority: 5,
    phase: null,
    keywords: null,
    spec_status: null,
    created: null,
    updated: null,
    started: null,
    completed: null,
    depends_on: null,
    blocks: null,
    related_to: null,
    doc: null,
    doc_hash: null,
    doc_type: null,
    commit_hash: null,
    branch: null,
    indexed_at: null,
    raw_token: null,
    ...fields,
  };
}

Deno.test("buildProjectReport: splits, a feature's least advanced status, and the trend", () => {
  const tokens = [
    token({ status: "TESTED", tests: ["TestB", "TestA"], line_number: 2 }),
    token({ status: "STUB", file_path: "b.ts" }),
    token({ feature: "Gone", status: "REMOVED" }),
    token({ req_id: "R-0", status: "MISSING" }),
  ];
  const summary = {
    id: 1,
    name: "v1",
    description: null,
    commit_hash: null,
    created_at: "2026-12-01 10:00:00",
    total: 3,
    status_counts: { MISSING: 0, STUB: 1, IMPL: 0, TESTED: 1, BENCHED: 0, REMOVED: 1 },
  };
  const report = buildProjectReport(tokens, [summary], "2026-12-02T00:00:00Z");
  assertEquals(report.requirements.map((r) => r.req_id), ["R-0", "R-1"]);
  assertEquals(report.requirements[1].split, { completed: 1, in_progress: 0, stub: 1, missing: 0 });
  // Features in location order: Gone (a.ts:1) before F (a.ts:2).
  const [gone, feature] = report.traceability[1].features;
  assertEquals([feature.status, feature.tests, feature.locations.length], ["STUB", [
    "TestA",
    "TestB",
  ], 2]);
  assertEquals(gone.status, "REMOVED");
  assertEquals(report.trend, [{
    checkpoint: "v1",
    created_at: summary.created_at,
    completed: 1,
    total: 2,
  }]);
  assertEquals(report.aspect_counts, { API: 4 });
});
