/**
 * Kill -9 during `canary index`, at moments spread over its write transaction:
 * the database must open, pass `integrity_check`, hold exactly the previous
 * index or exactly the new one, and keep its priorities and checkpoints.
 *
 * Each kill is timed from what the run is doing, not from the clock: a probe
 * connection sees the write lock taken (`BEGIN IMMEDIATE` is refused), and the
 * kill lands a measured share of the transaction's length later, so every kill
 * hits the transaction instead of the start-up or an already finished run.
 */
import { assert, assertEquals } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import {
  CANARY_RUN_FLAGS,
  exitOf,
  MAIN_TS,
  personEnv,
  runCanary,
  tempDir,
  writeTree,
} from "./helpers.ts";

const KILLS = 16;
const DIRECTORIES = 40;
const FILES_PER_DIRECTORY = 90;

function token(req: number, feature: string, status: string): string {
  return `// CANARY: REQ=CBIN-${req}; FEATURE="${feature}"; ASPECT=API; STATUS=${status}; ` +
    `UPDATED=2025-10-16\n`;
}

/** A tree of 3,600 files; every third holds tokens. `generation` changes which and what. */
function generateTree(root: string, generation: number, mtime: Date): void {
  const files: Record<string, string> = {};
  for (let d = 0; d < DIRECTORIES; d++) {
    for (let f = 0; f < FILES_PER_DIRECTORY; f++) {
      const n = d * FILES_PER_DIRECTORY + f;
      // The second generation drops some files, and rewrites a quarter of them.
      if (generation === 1 && n % 17 === 0) continue;
      let body = `export const value${n} = ${n};\n`.repeat(8);
      if (n % 3 === 0) {
        const status = generation === 1 && n % 4 === 0 ? "TESTED" : "IMPL";
        body = token(n, `Feature${n % 50}`, status) + body + token(n + 100000, "Extra", status);
      } else if (generation === 1 && n % 4 === 1) {
        body += `// edited in generation ${generation}\n`;
      }
      files[`src/d${d}/f${n}.ts`] = body;
    }
  }
  if (generation === 1) {
    for (let n = 0; n < 300; n++) files[`src/new/n${n}.ts`] = token(200000 + n, "New", "STUB");
  }
  writeTree(root, files, mtime);
}

function rows(path: string, sql: string): string {
  const db = new DatabaseSync(path);
  try {
    return JSON.stringify(db.prepare(sql).all());
  } finally {
    db.close();
  }
}

const TOKEN_SET = "SELECT file_path, line_number, req_id, feature, aspect, status, priority " +
  "FROM tokens ORDER BY file_path, line_number, req_id, feature, aspect";
const KEPT_STATE = "SELECT (SELECT json_group_array(json_array(req_id, feature, priority)) " +
  "FROM priority_overrides) AS priorities, (SELECT json_group_array(json_array(name, " +
  "total_tokens, snapshot_json)) FROM checkpoints) AS checkpoints";

function removeDatabase(path: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) {
    try {
      Deno.removeSync(path + suffix);
    } catch {
      // Not there.
    }
  }
}

function spawnIndex(cwd: string, db: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", ...CANARY_RUN_FLAGS, MAIN_TS, "index", "--db", db],
    cwd,
    clearEnv: true,
    env: personEnv(),
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/** The longest any one wait of this test may take before it fails instead of hanging. */
const DEADLINE_MS = 60_000;

/** Whether another connection holds the write lock of the database `probe` is connected to. */
function writeLockHeld(probe: DatabaseSync): boolean {
  try {
    probe.exec("BEGIN IMMEDIATE");
  } catch (error) {
    if (/locked|busy/i.test(String(error))) return true;
    throw error;
  }
  probe.exec("ROLLBACK");
  return false;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Polls about every millisecond until `probe` sees the write lock `held` (or free), or the child has
 * exited; fails the test at the deadline. Says when it saw the lock so, or null if the child
 * ended first.
 */
async function awaitLock(
  probe: DatabaseSync,
  held: boolean,
  exited: () => boolean,
  what: string,
): Promise<number | null> {
  const deadline = Date.now() + DEADLINE_MS;
  while (Date.now() < deadline) {
    if (writeLockHeld(probe) === held) return performance.now();
    if (exited()) return null;
    // A timer, not a blocking pause, so that the child's exit is noticed.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`${what}: the write lock was not ${held ? "taken" : "released"} in time`);
}

/** Runs `canary index` on a copy of `template`, tracking its write lock: the transaction's length. */
async function measureTransaction(tree: string, work: string): Promise<number> {
  const child = spawnIndex(tree, work);
  let done = false;
  child.status.then(() => done = true);
  const probe = new DatabaseSync(work);
  try {
    const taken = await awaitLock(probe, true, () => done, "measured run");
    assert(taken !== null, "the measured run ended without taking the write lock");
    const released = await awaitLock(probe, false, () => done, "measured run");
    return (released ?? performance.now()) - taken;
  } finally {
    probe.close();
    const status = await exitOf(child, "measured run", DEADLINE_MS);
    assertEquals(status.code, 0, "the measured run failed");
  }
}

/** Starts `canary index` on `work` and kills it `delayMs` after it took the write lock. */
async function killInside(
  tree: string,
  work: string,
  delayMs: number,
  where: string,
): Promise<Deno.CommandStatus> {
  const child = spawnIndex(tree, work);
  let done = false;
  child.status.then(() => done = true);
  const probe = new DatabaseSync(work);
  try {
    const taken = await awaitLock(probe, true, () => done, where);
    assert(taken !== null, `${where}: the run ended before it took the write lock`);
    Atomics.wait(pause, 0, 0, delayMs);
    child.kill("SIGKILL");
  } finally {
    probe.close();
  }
  return await exitOf(child, where, DEADLINE_MS);
}

Deno.test(`kill -9 inside canary index's transaction, ${KILLS} times: the old index or the new one, never a mix`, async () => {
  using dir = tempDir("canary-kill-index-");
  const tree = `${dir.path}/tree`;
  const template = `${dir.path}/template.db`;
  generateTree(tree, 0, new Date(Date.now() - 7200_000));

  // The previous state: indexed, one priority set, one checkpoint taken.
  let r = await runCanary(["index", "--db", template], { cwd: tree });
  assertEquals(r.code, 0, r.stderr);
  r = await runCanary(["prioritize", "CBIN-3", "Feature3", "1", "--db", template], { cwd: tree });
  assertEquals(r.code, 0, r.stderr);
  r = await runCanary(["checkpoint", "before", "--db", template], { cwd: tree });
  assertEquals(r.code, 0, r.stderr);
  const oldTokens = rows(template, TOKEN_SET);
  const kept = rows(template, KEPT_STATE);
  assert(kept.includes("CBIN-3") && kept.includes("before"), kept);
  const templateBytes = Deno.readFileSync(template);

  // The new state, and how long the run holds its write transaction.
  generateTree(tree, 1, new Date(Date.now() - 3600_000));
  const work = `${dir.path}/work.db`;
  Deno.writeFileSync(work, templateBytes);
  const transactionMs = await measureTransaction(tree, work);
  const newTokens = rows(work, TOKEN_SET);
  assert(newTokens !== oldTokens, "the tree change must change the index");
  assertEquals(rows(work, KEPT_STATE), kept);

  const outcomes = { old: 0, new: 0, retried: 0 };
  for (let i = 0; i < KILLS; i++) {
    // Spread over the measured transaction, from its first statement to just before its commit.
    // A run's transaction can be shorter than the measured one (load varies): a kill that found
    // the run finished is tried again earlier, so each counted kill lands inside.
    let delayMs = Math.floor(0.9 * transactionMs * i / KILLS);
    for (let attempt = 1;; attempt++) {
      removeDatabase(work);
      Deno.writeFileSync(work, templateBytes);
      const where = `kill ${i + 1} of ${KILLS} (attempt ${attempt}), ${delayMs} ms into a ${
        Math.round(transactionMs)
      } ms transaction`;
      const status = await killInside(tree, work, delayMs, where);
      assertEquals(rows(work, "PRAGMA integrity_check"), '[{"integrity_check":"ok"}]', where);
      const tokens = rows(work, TOKEN_SET);
      assert(tokens === oldTokens || tokens === newTokens, `${where}: a mix of old and new tokens`);
      assertEquals(rows(work, KEPT_STATE), kept, `${where}: priorities or checkpoints changed`);
      if (status.signal === "SIGKILL") {
        outcomes[tokens === oldTokens ? "old" : "new"]++;
        break;
      }
      assertEquals(tokens, newTokens, `${where}: a finished run must leave the new index`);
      assert(attempt < 4, `${where}: the run finished before the kill ${attempt} times`);
      outcomes.retried++;
      delayMs = Math.floor(delayMs / 2);
    }
  }
  console.log(
    `  ${KILLS} kills inside a ${Math.round(transactionMs)} ms transaction: ${outcomes.old} ` +
      `left the previous index, ${outcomes.new} the new one; ${outcomes.retried} tried again ` +
      "earlier after the run had finished",
  );
  // After all that, a normal run still completes and yields the new index.
  r = await runCanary(["index", "--db", work], { cwd: tree });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(rows(work, TOKEN_SET), newTokens);
});
