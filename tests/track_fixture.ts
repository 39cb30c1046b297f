/**
 * The tree the tracking commands are tested on: the query fixture plus
 * dependencies, a removed token, a blocked STUB, a dependency on a missing
 * requirement and a cycle CBIN-302 → CBIN-303 → CBIN-302.
 */
import { assertEquals } from "../src/test_assert.ts";
import { QUERY_FIXTURE_FILES } from "../src/query/test_database.ts";
import { runCanary, writeTree } from "./helpers.ts";

/** The fixture's files, by path. */
export const TRACK_FIXTURE_FILES: Readonly<Record<string, string>> = Object.freeze({
  ...QUERY_FIXTURE_FILES,
  "src/plan/plan.ts": [
    '// CANARY: REQ=CBIN-300; FEATURE="Planner"; ASPECT=Planner; STATUS=STUB; PRIORITY=1; DEPENDS_ON=CBIN-130',
    '// CANARY: REQ=CBIN-301; FEATURE="Exporter"; ASPECT=Wire; STATUS=IMPL; PRIORITY=1; UPDATED=2025-08-01; DEPENDS_ON=CBIN-129',
    '// CANARY: REQ=CBIN-302; FEATURE="CycleA"; ASPECT=Engine; STATUS=STUB; PRIORITY=4; DEPENDS_ON=CBIN-303',
    '// CANARY: REQ=CBIN-303; FEATURE="CycleB"; ASPECT=Engine; STATUS=IMPL; TEST=TestCycleB; PRIORITY=4; DEPENDS_ON=CBIN-302',
    '// CANARY: REQ=CBIN-304; FEATURE="Ghost"; ASPECT=API; STATUS=IMPL; PRIORITY=2; DEPENDS_ON=CBIN-999',
    '// CANARY: REQ=CBIN-130; FEATURE="OldRollback"; ASPECT=Storage; STATUS=REMOVED',
    '// CANARY: REQ=CBIN-130; FEATURE="RollbackDocs"; ASPECT=Docs; STATUS=IMPL; TEST=TestRollbackDocs',
    "",
  ].join("\n"),
});

/** Writes the fixture under `<dir>/tree`, indexes it into `<dir>/canary.db`, returns that path. */
export async function indexedTrackFixture(dir: string): Promise<string> {
  writeTree(`${dir}/tree`, { ...TRACK_FIXTURE_FILES });
  const db = `${dir}/canary.db`;
  const r = await runCanary(["index", "--root", `${dir}/tree`, "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  return db;
}
