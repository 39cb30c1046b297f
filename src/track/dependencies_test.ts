import { assertEquals } from "../test_assert.ts";
import { insertToken, migratedMemoryDatabase } from "../query/test_database.ts";
import { byRequirement, readAllTokens } from "./requirements.ts";
import { blockerFor, dependsOnIds, requirementLookup } from "./dependencies.ts";

Deno.test("dependencies: DEPENDS_ON lists, and when a requirement is done", () => {
  const db = migratedMemoryDatabase();
  insertToken(db, { req_id: "A-1", status: "STUB", depends_on: " B-1,B-2  B-1 ,, C-1" });
  insertToken(db, { req_id: "B-1", status: "TESTED" });
  insertToken(db, { req_id: "B-2", status: "REMOVED" });
  const tokens = readAllTokens(db);
  db.close();
  assertEquals(dependsOnIds(tokens[0]), ["B-1", "B-2", "C-1"]);
  const lookup = requirementLookup(byRequirement(tokens));
  assertEquals(blockerFor(lookup, "b-1"), null);
  assertEquals(blockerFor(lookup, "B-2"), {
    req_id: "B-2",
    reason: "missing",
    incomplete_count: 0,
  });
  assertEquals(blockerFor(lookup, "A-1"), {
    req_id: "A-1",
    reason: "incomplete",
    incomplete_count: 1,
  });
});
