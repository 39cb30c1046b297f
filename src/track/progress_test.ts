import { assertEquals } from "../test_assert.ts";
import { insertToken, migratedMemoryDatabase } from "../query/test_database.ts";
import { byRequirement, readAllTokens } from "./requirements.ts";
import { incompleteTokens, progressOf, requirementProgress } from "./progress.ts";

Deno.test("progress: TESTED and BENCHED over tokens not REMOVED, rounded down", () => {
  const db = migratedMemoryDatabase();
  for (const status of ["TESTED", "BENCHED", "IMPL", "REMOVED"]) {
    insertToken(db, { req_id: "A-1", status, feature: status });
  }
  insertToken(db, { req_id: "B-1", status: "REMOVED", priority: 2 });
  insertToken(db, { req_id: "C-1", status: "STUB", priority: 1 });
  const tokens = readAllTokens(db);
  const a = progressOf(tokens.filter((t) => t.req_id === "A-1"));
  assertEquals([a.total, a.completed, a.percent, a.status_counts.REMOVED], [3, 2, 66, 1]);
  assertEquals(progressOf([]).percent, 0);
  assertEquals(incompleteTokens(tokens).map((t) => t.feature), ["IMPL", "Feature"]);
  const ids = (order: "req" | "progress" | "priority") =>
    requirementProgress(byRequirement(tokens), order).map((r) => r.req_id);
  assertEquals(ids("req"), ["A-1", "B-1", "C-1"]);
  assertEquals(ids("progress"), ["B-1", "C-1", "A-1"]);
  assertEquals(ids("priority"), ["C-1", "B-1", "A-1"]);
  db.close();
});
