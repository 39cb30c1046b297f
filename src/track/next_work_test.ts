import { assertEquals } from "../test_assert.ts";
import { insertToken, migratedMemoryDatabase } from "../query/test_database.ts";
import type { TestTokenRow } from "../query/test_database.ts";
import { readAllTokens } from "./requirements.ts";
import { nextWork } from "./next_work.ts";

function tokensOf(rows: TestTokenRow[]) {
  const db = migratedMemoryDatabase();
  rows.forEach((row) => insertToken(db, row));
  const tokens = readAllTokens(db);
  db.close();
  return tokens;
}

Deno.test("nextWork: priority, then STUB before IMPL, then older UPDATED, undated last", () => {
  const tokens = tokensOf([
    { req_id: "A-1", feature: "implOld", status: "IMPL", priority: 2, updated_at: "2025-01-01" },
    { req_id: "A-2", feature: "stubNew", status: "STUB", priority: 2, updated_at: "2025-09-01" },
    { req_id: "A-3", feature: "stubUndated", status: "STUB", priority: 2 },
    { req_id: "A-4", feature: "stubOld", status: "STUB", priority: 2, updated_at: "2025-02-01" },
    { req_id: "A-5", feature: "low", status: "STUB", priority: 9 },
    { req_id: "A-6", feature: "done", status: "TESTED", priority: 1 },
  ]);
  const work = nextWork(tokens, { limit: 5 });
  assertEquals(work.next.map((t) => t.feature), [
    "stubOld",
    "stubNew",
    "stubUndated",
    "implOld",
    "low",
  ]);
  assertEquals([work.candidates, work.runner_up?.feature, work.decided_by], [
    5,
    "stubNew",
    "updated",
  ]);
  assertEquals(nextWork(tokens, { limit: 1, statuses: ["TESTED"] }).next[0].feature, "done");
  assertEquals(nextWork(tokens, { limit: 1, statuses: ["IMPL", "STUB"] }).decided_by, "updated");
});

Deno.test("nextWork: blocked by a missing or incomplete dependency, not by a done one", () => {
  const tokens = tokensOf([
    { req_id: "B-1", feature: "waits", status: "STUB", priority: 1, depends_on: "B-2" },
    { req_id: "B-2", feature: "dep", status: "IMPL", priority: 3 },
    { req_id: "B-3", feature: "ghost", status: "STUB", priority: 1, depends_on: "B-9, B-4" },
    { req_id: "B-4", feature: "done", status: "BENCHED" },
    { req_id: "B-4", feature: "gone", status: "REMOVED" },
    { req_id: "B-5", feature: "free", status: "IMPL", priority: 2, depends_on: "b-4 B-5" },
    { req_id: "B-6", feature: "onlyRemoved", status: "REMOVED" },
    { req_id: "B-7", feature: "waitsRemoved", status: "STUB", priority: 1, depends_on: "B-6" },
  ]);
  const work = nextWork(tokens, { limit: 1 });
  assertEquals(work.next.map((t) => t.feature), ["free"]);
  assertEquals(work.blocked.map((t) => [t.feature, t.blocked_by]), [
    ["waits", [{ req_id: "B-2", reason: "incomplete", incomplete_count: 1 }]],
    ["ghost", [{ req_id: "B-9", reason: "missing", incomplete_count: 0 }]],
    ["waitsRemoved", [{ req_id: "B-6", reason: "missing", incomplete_count: 0 }]],
  ]);
  assertEquals(work.runner_up?.feature, "dep");
  assertEquals(work.decided_by, "priority");
  assertEquals(nextWork(tokens, { limit: 1, owners: ["nobody"] }).next, []);
});
