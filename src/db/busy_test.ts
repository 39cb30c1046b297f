import { assert, assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { inReadSnapshot, isBusyError, isSchemaRace, pollUntil, retryWhileBusy } from "./busy.ts";

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

/** An error as node:sqlite throws it, with SQLite's result code. */
function sqliteError(message: string, errcode: number): Error {
  return Object.assign(new Error(message), { code: "ERR_SQLITE_ERROR", errcode });
}

Deno.test("a schema changed under a statement is read again; other SQLite errors are not", () => {
  const race = sqliteError("vtable constructor failed: tokens_fts", 17);
  assert(isSchemaRace(race));
  assert(!isSchemaRace(sqliteError("SQL logic error", 1)));
  assert(!isSchemaRace(new Error("vtable constructor failed: tokens_fts")));
  let calls = 0;
  const value = retryWhileBusy(() => {
    if (++calls < 3) throw race;
    return "done";
  });
  assertEquals([value, calls], ["done", 3]);
  let failed = 0;
  const other = sqliteError("no such table: tokens", 1);
  try {
    retryWhileBusy(() => {
      failed++;
      throw other;
    });
  } catch (error) {
    assertEquals(error, other);
  }
  assertEquals(failed, 1);
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

Deno.test("pollUntil looks once more after a stall past its deadline before giving up", () => {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  let calls = 0;
  // The first call stalls past the deadline, as a descheduled process does; the state it saw
  // has cleared by the next look.
  const found = pollUntil(() => {
    calls++;
    if (calls === 1) Atomics.wait(sleeper, 0, 0, 80);
    return calls > 1;
  }, 20);
  assertEquals([found, calls], [true, 2]);
  let looks = 0;
  const started = Date.now();
  assertEquals(pollUntil(() => (looks++, false), 30), false);
  assert(Date.now() - started >= 30, "gave up before its deadline");
  assert(looks >= 2, `looked ${looks} time(s)`);
});
