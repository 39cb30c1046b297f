import { DatabaseSync } from "node:sqlite";
import { assert, assertEquals, assertThrows } from "../test_assert.ts";
import { inWriteTransaction } from "./transaction.ts";

function database(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t (n INTEGER)");
  return db;
}

const count = (db: DatabaseSync) =>
  Number((db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n);

Deno.test("inWriteTransaction commits what fn wrote and returns its result", () => {
  const db = database();
  assertEquals(inWriteTransaction(db, () => db.exec("INSERT INTO t VALUES (1)") ?? 7), 7);
  assertEquals([count(db), db.isTransaction], [1, false]);
  db.close();
});

Deno.test("inWriteTransaction rolls back when fn throws, mapping the error when asked", () => {
  const db = database();
  const fail = () => {
    db.exec("INSERT INTO t VALUES (1)");
    throw new Error("boom");
  };
  assertThrows(() => inWriteTransaction(db, fail), Error, "boom");
  const mapped = assertThrows(
    () => inWriteTransaction(db, fail, { failure: (e) => new RangeError(`${e}`) }),
    RangeError,
    "boom",
  );
  assert(mapped instanceof RangeError);
  assertEquals([count(db), db.isTransaction], [0, false]);
  db.close();
});

Deno.test("inWriteTransaction rolls back a result commitIf refuses, and uses the given begin", () => {
  const db = database();
  const begun: string[] = [];
  const result = inWriteTransaction(db, () => db.exec("INSERT INTO t VALUES (1)") ?? "nothing", {
    begin: (d) => {
      begun.push("begin");
      d.exec("BEGIN");
    },
    commitIf: (r) => r !== "nothing",
  });
  assertEquals([result, count(db), db.isTransaction, begun], ["nothing", 0, false, ["begin"]]);
  db.close();
});
