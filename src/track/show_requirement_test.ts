import { assertEquals } from "../test_assert.ts";
import { insertToken, migratedMemoryDatabase } from "../query/test_database.ts";
import { readAllTokens } from "./requirements.ts";
import { groupTokensBy } from "./show_requirement.ts";

Deno.test("groupTokensBy: the same groups in the same order whatever the insertion order", () => {
  const rows = [
    { feature: "a", aspect: "Docs", status: "STUB", file_path: "b.ts" },
    { feature: "b", aspect: "API", status: "REMOVED", file_path: "a.ts" },
    { feature: "c", aspect: "Custom", status: "MISSING", file_path: "b.ts" },
    { feature: "d", aspect: "API", status: "STUB", file_path: "a.ts" },
  ];
  for (const order of [rows, [...rows].reverse()]) {
    const db = migratedMemoryDatabase();
    order.forEach((row) => insertToken(db, row));
    const tokens = readAllTokens(db);
    const shape = (by: "aspect" | "status" | "file") =>
      groupTokensBy(tokens, by).map((
        g,
      ) => [g.group, g.tokens.map((t) => t.feature).sort().join("")]);
    assertEquals(shape("aspect"), [["API", "bd"], ["Docs", "a"], ["Custom", "c"]]);
    assertEquals(shape("status"), [["MISSING", "c"], ["STUB", "ad"], ["REMOVED", "b"]]);
    assertEquals(shape("file"), [["a.ts", "bd"], ["b.ts", "ac"]]);
    db.close();
  }
});
