import { assertEquals, assertThrows } from "../test_assert.ts";
import { setPriority, UnknownTokenError } from "./set_priority.ts";
import { insertToken, migratedMemoryDatabase } from "../query/test_database.ts";

Deno.test("setPriority updates every token of the pair and records an override", () => {
  using db = migratedMemoryDatabase();
  insertToken(db, { req_id: "CBIN-1", feature: "Scan", priority: 5, file_path: "a.ts" });
  insertToken(db, { req_id: "CBIN-1", feature: "Scan", priority: 7, file_path: "b.ts" });
  insertToken(db, { req_id: "CBIN-1", feature: "Other", priority: 5 });
  const change = setPriority(db, "CBIN-1", "Scan", 2);
  assertEquals(change, {
    req_id: "CBIN-1",
    feature: "Scan",
    priority: 2,
    previous: [5, 7],
    tokens_updated: 2,
  });
  const priorities = db.prepare("SELECT feature, priority FROM tokens ORDER BY id").all()
    .map((r) => [r.feature, r.priority]);
  assertEquals(priorities, [["Scan", 2], ["Scan", 2], ["Other", 5]]);
  setPriority(db, "CBIN-1", "Scan", 3);
  assertEquals(
    db.prepare("SELECT req_id, feature, priority FROM priority_overrides").all()
      .map((r) => ({ ...r })),
    [{ req_id: "CBIN-1", feature: "Scan", priority: 3 }],
  );
});

Deno.test("an unknown pair throws, names the nearest pairs, and changes nothing", () => {
  using db = migratedMemoryDatabase();
  insertToken(db, { req_id: "CBIN-129", feature: "DatabaseMigrations" });
  insertToken(db, { req_id: "CBIN-300", feature: "Search" });
  const error = assertThrows(
    () => setPriority(db, "CBIN-12", "DatabaseMigration", 1),
    UnknownTokenError,
    "REQ=CBIN-12 and FEATURE=DatabaseMigration",
  );
  assertEquals(error.exitCode, 1);
  assertEquals(error.suggestions[0], { req_id: "CBIN-129", feature: "DatabaseMigrations" });
  assertEquals(db.prepare("SELECT count(*) AS n FROM priority_overrides").get()?.n, 0);
  assertEquals(db.isTransaction, false);
});

Deno.test("a pair given in another case sets the index's spelling; two such pairs are not guessed", () => {
  using db = migratedMemoryDatabase();
  insertToken(db, { req_id: "CBIN-1", feature: "Scan" });
  const change = setPriority(db, "cbin-1", "scan", 2);
  assertEquals([change.req_id, change.feature, change.tokens_updated], ["CBIN-1", "Scan", 1]);
  assertEquals(
    db.prepare("SELECT req_id, feature FROM priority_overrides").all().map((r) => ({ ...r })),
    [{ req_id: "CBIN-1", feature: "Scan" }],
  );
  insertToken(db, { req_id: "cbin-1", feature: "SCAN" });
  assertEquals(setPriority(db, "cbin-1", "SCAN", 3).tokens_updated, 1, "an exact pair wins");
  assertThrows(() => setPriority(db, "Cbin-1", "scan", 4), UnknownTokenError);
});

Deno.test("an empty index says so", () => {
  using db = migratedMemoryDatabase();
  assertThrows(() => setPriority(db, "CBIN-1", "X", 1), UnknownTokenError, "has no tokens");
});

Deno.test("setPriority refuses priorities outside 1–10 before touching the database", () => {
  using db = migratedMemoryDatabase();
  insertToken(db, { req_id: "CBIN-1", feature: "Scan" });
  for (const bad of [0, 11, 1.5, NaN]) {
    assertThrows(() => setPriority(db, "CBIN-1", "Scan", bad), RangeError);
  }
  assertEquals(db.isTransaction, false);
});
