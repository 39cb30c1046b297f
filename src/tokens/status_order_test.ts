import { DatabaseSync } from "node:sqlite";
import { assert, assertEquals } from "../test_assert.ts";
import {
  compareStatus,
  countNotRemoved,
  countStatuses,
  isStatus,
  progressRank,
  STATUSES,
  statusRank,
  statusRankSql,
} from "./status_order.ts";

Deno.test("statusRank: least to most complete, REMOVED last, anything else after it", () => {
  assertEquals(STATUSES, ["MISSING", "STUB", "IMPL", "TESTED", "BENCHED", "REMOVED"]);
  assertEquals(STATUSES.map(statusRank), [0, 1, 2, 3, 4, 5]);
  assertEquals(statusRank("removed"), STATUSES.length);
  assertEquals(["REMOVED", "other", "IMPL", "MISSING"].sort(compareStatus), [
    "MISSING",
    "IMPL",
    "REMOVED",
    "other",
  ]);
  assert(isStatus("TESTED") && !isStatus("tested"));
});

Deno.test("progressRank: a removed feature counts below a missing one, else as statusRank", () => {
  assert(progressRank("REMOVED") < progressRank("MISSING"));
  const live = STATUSES.filter((s) => s !== "REMOVED");
  assertEquals(live.map(progressRank), live.map(statusRank));
});

Deno.test("statusRankSql: SQLite sorts statuses exactly as compareStatus does", () => {
  const db = new DatabaseSync(":memory:");
  try {
    db.exec("CREATE TABLE t (status TEXT)");
    const values = [...STATUSES, "unknown", "tested"].reverse();
    for (const status of values) db.prepare("INSERT INTO t VALUES (?)").run(status);
    const rows = db.prepare(
      `SELECT status, ${statusRankSql("status")} AS rank FROM t ORDER BY rank, status`,
    ).all() as { status: string; rank: number }[];
    assertEquals(rows.map((r) => r.rank), rows.map((r) => statusRank(r.status)));
    assertEquals(
      rows.map((r) => r.status),
      [...values].sort((a, b) => compareStatus(a, b) || (a < b ? -1 : 1)),
    );
  } finally {
    db.close();
  }
});

Deno.test("countStatuses ignores unknown statuses", () => {
  assertEquals(countStatuses([{ status: "IMPL" }, { status: "odd" }]).IMPL, 1);
});

Deno.test("countNotRemoved sums every status but REMOVED", () => {
  const counts = { MISSING: 1, STUB: 2, IMPL: 3, TESTED: 4, BENCHED: 5, REMOVED: 6 };
  assertEquals(countNotRemoved(counts), 15);
});
