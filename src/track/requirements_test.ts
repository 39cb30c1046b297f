import { assertEquals, assertThrows } from "../test_assert.ts";
import { insertToken, migratedMemoryDatabase } from "../query/test_database.ts";
import { statusRank } from "../tokens/status_order.ts";
import {
  byRequirement,
  compareAspect,
  readAllTokens,
  requirementTokens,
  UnknownRequirementError,
} from "./requirements.ts";

Deno.test("byRequirement: ids in code-point order, tokens by file and line", () => {
  const db = migratedMemoryDatabase();
  insertToken(db, { req_id: "B-1", file_path: "b.ts", line_number: 2 });
  insertToken(db, { req_id: "B-1", file_path: "a.ts", line_number: 9 });
  insertToken(db, { req_id: "A-1", file_path: "z.ts", line_number: 1 });
  const groups = byRequirement(readAllTokens(db));
  assertEquals([...groups.keys()], ["A-1", "B-1"]);
  assertEquals(groups.get("B-1")!.map((t) => t.file_path), ["a.ts", "b.ts"]);
  assertEquals(requirementTokens(groups, "b-1").reqId, "B-1");
  const error = assertThrows(() => requirementTokens(groups, "B-2"), UnknownRequirementError);
  assertEquals(error.message, "no token has REQ=B-2; nearest: B-1, A-1");
  assertEquals(error.exitCode, 1);
  db.close();
});

Deno.test("orders: statuses as STATUSES, known aspects before custom ones", () => {
  assertEquals(
    ["IMPL", "REMOVED", "STUB", "MISSING"].sort((a, b) => statusRank(a) - statusRank(b)),
    [
      "MISSING",
      "STUB",
      "IMPL",
      "REMOVED",
    ],
  );
  assertEquals(["Zeta", "Docs", "API", "Alpha"].sort(compareAspect), [
    "API",
    "Docs",
    "Alpha",
    "Zeta",
  ]);
});
