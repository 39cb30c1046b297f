import { assert, assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { inReadSnapshot, isBusyError, retryWhileBusy } from "./busy.ts";

Deno.test("lock waits and WAL lock races are retried; other errors are not", () => {
  assert(isBusyError(new Error("database is locked")));
  assert(isBusyError(new Error("locking protocol")));
  assert(!isBusyError(new Error("no such table: tokens")));
  let calls = 0;
  const value = retryWhileBusy(() => {
    if (++calls < 3) throw new Error("locking protocol");
    return "done";
  });
  assertEquals([value, calls], ["done", 3]);
});

Deno.test("a read snapshot that meets a lock race is read again, from the start", () => {
  const db = new DatabaseSync(":memory:");
  let calls = 0;
  const value = inReadSnapshot(db, () => {
    calls++;
    if (calls === 1) throw new Error("locking protocol");
    return 42;
  });
  assertEquals([value, calls, db.isTransaction], [42, 2, false]);
  db.close();
});
