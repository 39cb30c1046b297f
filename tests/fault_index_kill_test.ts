/**
 * Kill -9 during `canary index`, at moments spread over a whole run: the
 * database must open, pass `integrity_check`, hold exactly the previous index
 * or exactly the new one, and keep its priorities and checkpoints.
 */
import { assert, assertEquals } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import {
  CANARY_PERMISSIONS,
  exitOf,
  MAIN_TS,
  personEnv,
  runCanary,
  tempDir,
  writeTree,
} from "./helpers.ts";

const KILLS = 30;
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
    args: ["run", "--quiet", "--no-prompt", ...CANARY_PERMISSIONS, MAIN_TS, "index", "--db", db],
    cwd,
    clearEnv: true,
    env: personEnv(),
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

Deno.test(`kill -9 during canary index, ${KILLS} times: the old index or the new one, never a mix`, async () => {
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

  // The new state, and how long a full run takes.
  generateTree(tree, 1, new Date(Date.now() - 3600_000));
  const work = `${dir.path}/work.db`;
  Deno.writeFileSync(work, templateBytes);
  const started = performance.now();
  r = await runCanary(["index", "--db", work], { cwd: tree });
  const runMs = performance.now() - started;
  assertEquals(r.code, 0, r.stderr);
  const newTokens = rows(work, TOKEN_SET);
  assert(newTokens !== oldTokens, "the tree change must change the index");
  assertEquals(rows(work, KEPT_STATE), kept);

  const outcomes = { old: 0, new: 0 };
  let finished = 0;
  for (let i = 0; i < KILLS; i++) {
    removeDatabase(work);
    Deno.writeFileSync(work, templateBytes);
    const child = spawnIndex(tree, work);
    // Spread over the measured run (start-up, scan, the transaction, commit)
    // and a little past it, as a killed run can be slower than the measured one.
    const delayMs = Math.round(1.4 * runMs * (i + 0.5) / KILLS);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    try {
      child.kill("SIGKILL");
    } catch {
      // It had already finished: then the new index must be complete.
    }
    const status = await exitOf(child, `the index run of kill ${i + 1}`);
    if (status.signal === null) finished++;

    const where = `kill ${i + 1} of ${KILLS} at ${delayMs} ms (run takes ${Math.round(runMs)} ms)`;
    assertEquals(rows(work, "PRAGMA integrity_check"), '[{"integrity_check":"ok"}]', where);
    const tokens = rows(work, TOKEN_SET);
    assert(tokens === oldTokens || tokens === newTokens, `${where}: a mix of old and new tokens`);
    outcomes[tokens === oldTokens ? "old" : "new"]++;
    assertEquals(rows(work, KEPT_STATE), kept, `${where}: priorities or checkpoints changed`);
  }
  console.log(
    `  ${KILLS} kills over a ${Math.round(runMs)} ms run: ${outcomes.old} left the previous ` +
      `index, ${outcomes.new} the new one; ${finished} runs finished before the kill`,
  );
  // After all that, a normal run still completes and yields the new index.
  r = await runCanary(["index", "--db", work], { cwd: tree });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(rows(work, TOKEN_SET), newTokens);
});
