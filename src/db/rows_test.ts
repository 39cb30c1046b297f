import { assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { allRowsAsArrays } from "./rows.ts";

Deno.test("allRowsAsArrays returns each row as an array, in column order, with parameters", () => {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t (a TEXT, b INTEGER); INSERT INTO t VALUES ('x', 1), ('y', 2), ('z', 3)");
  const rows = allRowsAsArrays<[string, number]>(
    db.prepare("SELECT a, b FROM t WHERE b >= ? ORDER BY b"),
    2,
  );
  assertEquals(rows, [["y", 2], ["z", 3]]);
});
