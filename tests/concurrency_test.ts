/**
 * Four processes loop `index`, `list --json`, `search`, `prioritize` and
 * `checkpoint` on one database for about 20 seconds, and each runs every
 * command at least twice however slow the machine is. Waiting for a lock is
 * fine; crashing, or showing the user "database is locked", is not. The
 * final state must be consistent and pass integrity_check.
 */
import { assert, assertEquals } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import {
  canaryCommandLine,
  personEnv,
  runCanary,
  type RunResult,
  tempDir,
  writeTree,
} from "./helpers.ts";
import { indexTree } from "../src/index/index_tree.ts";

const WORKERS = 4;
const DURATION_MS = 20_000;
/** The five commands, each worker runs in turn. */
const STEPS = 5;
/** Full rounds of the five commands each worker runs even when the duration is over. */
const MIN_ROUNDS = 2;

function token(req: number, status: string): string {
  return `// CANARY: REQ=CBIN-${req}; FEATURE="Feature${req}"; ASPECT=API; STATUS=${status}; ` +
    `UPDATED=2025-10-16\n`;
}

Deno.test(`${WORKERS} processes share one database for ${DURATION_MS / 1000} s without a lock error`, async () => {
  using dir = tempDir("canary-concurrency-");
  const tree = `${dir.path}/tree`;
  const files: Record<string, string> = {};
  for (let i = 0; i < 400; i++) files[`m${i % 10}/f${i}.ts`] = token(i, "IMPL") + "x\n".repeat(20);
  writeTree(tree, files);
  const db = `${dir.path}/shared.db`;
  let r = await runCanary(["index", "--db", db], { cwd: tree });
  assertEquals(r.code, 0, r.stderr);

  const failures: string[] = [];
  const checkpoints: string[] = [];
  const priorities = new Set<number>();
  let commands = 0;
  const deadline = Date.now() + DURATION_MS;

  const check = (args: string[], result: RunResult) => {
    commands++;
    if (result.code !== 0 || /locked|busy|unexpected/i.test(result.stderr)) {
      failures.push(`canary ${args.join(" ")} → ${result.code}: ${result.stderr.trim()}`);
    }
  };

  const worker = async (id: number) => {
    // Coverage is counted in commands, not time: a loaded machine runs fewer per second.
    for (let n = 0; n < MIN_ROUNDS * STEPS || Date.now() < deadline; n++) {
      const step = (n + id) % STEPS;
      let args: string[];
      if (step === 0) {
        // Change a file first so that index really writes.
        const i = (id * 97 + n) % 400;
        writeTree(tree, { [`m${i % 10}/f${i}.ts`]: token(i, n % 2 ? "TESTED" : "IMPL") });
        args = ["index"];
      } else if (step === 1) args = ["list", "--json"];
      else if (step === 2) args = ["search", "Feature1"];
      else if (step === 3) {
        const priority = 1 + (n % 10);
        args = ["prioritize", "CBIN-1", "Feature1", String(priority)];
        priorities.add(priority);
      } else args = ["checkpoint", `w${id}-${n}`];
      const result = await runCanary([...args, "--db", db], { cwd: tree });
      check(args, result);
      if (step === 1 && result.code === 0) {
        try {
          JSON.parse(result.stdout);
        } catch {
          failures.push(`list --json printed invalid JSON: ${result.stdout.slice(0, 200)}`);
        }
      }
      if (step === 4 && result.code === 0) checkpoints.push(args[1]);
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, id) => worker(id)));
  console.log(`  ${commands} commands by ${WORKERS} processes, ${checkpoints.length} checkpoints`);
  assertEquals(failures, []);
  assert(commands >= WORKERS * STEPS * MIN_ROUNDS, `too few commands ran: ${commands}`);

  // A final index, then the state must agree with itself and with the tree.
  r = await runCanary(["index", "--db", db, "--json"], { cwd: tree });
  assertEquals(r.code, 0, r.stderr);
  const conn = new DatabaseSync(db);
  try {
    assertEquals({ ...conn.prepare("PRAGMA integrity_check").get() }, { integrity_check: "ok" });
    assertEquals({ ...conn.prepare("PRAGMA foreign_key_check").get() ?? {} }, {});
    const names = (conn.prepare("SELECT name FROM checkpoints ORDER BY name").all() as {
      name: string;
    }[]).map((row) => row.name);
    assertEquals(names, [...checkpoints].sort());
    const override = conn.prepare(
      "SELECT priority FROM priority_overrides WHERE req_id = 'CBIN-1' AND feature = 'Feature1'",
    ).get() as { priority: number } | undefined;
    assert(override !== undefined && priorities.has(Number(override.priority)), "override lost");
    const tokenPriority = conn.prepare(
      "SELECT DISTINCT priority FROM tokens WHERE req_id = 'CBIN-1' AND feature = 'Feature1'",
    ).all() as { priority: number }[];
    assertEquals(tokenPriority.map((row) => Number(row.priority)), [Number(override.priority)]);
    const count = conn.prepare("SELECT count(*) AS n FROM tokens").get() as { n: number };
    assertEquals(Number(count.n), 400);
  } finally {
    conn.close();
  }
});

/** The token rows of the database at `path`, one line each, in a stable order. */
function tokenRows(path: string): string[] {
  const conn = new DatabaseSync(path, { readOnly: true });
  try {
    return (conn.prepare(
      `SELECT req_id, feature, aspect, status, file_path, line_number FROM tokens
       ORDER BY file_path, line_number, req_id, feature`,
    ).all() as Record<string, unknown>[]).map((row) => Object.values(row).join(" "));
  } finally {
    conn.close();
  }
}

/** Runs `canary index --db db` in `cwd` to its end, blocking this thread meanwhile. */
function indexBlocking(db: string, cwd: string): void {
  const [program, ...args] = canaryCommandLine(["index", "--quiet", "--db", db]);
  const result = new Deno.Command(program, { args, cwd, clearEnv: true, env: personEnv() })
    .outputSync();
  assertEquals(result.code, 0, new TextDecoder().decode(result.stderr));
}

/**
 * Indexes `tree` into `db` through the core, while another process indexes it in between this
 * run's read of the stored fingerprints and its write: the interleaving of two `canary index`
 * runs at once, made certain. `around` runs that other index, changing the tree around it.
 */
async function indexAroundAnother(
  tree: string,
  db: string,
  around: (otherIndex: () => void) => void = (otherIndex) => otherIndex(),
): Promise<void> {
  const conn = new DatabaseSync(db);
  let interleaved = false;
  try {
    await indexTree(conn, tree, {
      git: { commitHash: "", branch: "" },
      onProgress: () => {
        if (interleaved) return;
        interleaved = true;
        around(() => indexBlocking(db, tree));
      },
    });
  } finally {
    conn.close();
  }
  assert(interleaved, "the other index never ran");
}

/** A tree indexed once, and a file with a token added since. */
async function treeWithNewToken(dir: string): Promise<{ tree: string; db: string }> {
  const tree = `${dir}/tree`;
  writeTree(tree, { "a.ts": token(1, "IMPL") });
  const db = `${dir}/shared.db`;
  const r = await runCanary(["index", "--quiet", "--db", db], { cwd: tree });
  assertEquals(r.code, 0, r.stderr);
  writeTree(tree, { "new.ts": token(2, "IMPL") });
  return { tree, db };
}

/** What a first index of `tree` into a fresh database stores. */
async function freshRows(dir: string, tree: string): Promise<string[]> {
  const r = await runCanary(["index", "--quiet", "--db", `${dir}/fresh.db`], { cwd: tree });
  assertEquals(r.code, 0, r.stderr);
  return tokenRows(`${dir}/fresh.db`);
}

Deno.test("an index that another index overtook stores each token once", async () => {
  using dir = tempDir("canary-index-race-");
  const { tree, db } = await treeWithNewToken(dir.path);
  await indexAroundAnother(tree, db);
  assertEquals(tokenRows(db), await freshRows(dir.path, tree));
});

Deno.test("an index that another index overtook leaves no token the next index keeps", async () => {
  using dir = tempDir("canary-index-race-");
  const { tree, db } = await treeWithNewToken(dir.path);
  const read = Deno.readTextFileSync(`${tree}/new.ts`);
  const dated = Deno.statSync(`${tree}/new.ts`).mtime!;
  // The other index reads the file with its token two lines further down, then the file is back
  // as this run read it, dated as it was: its fingerprint will match it.
  await indexAroundAnother(tree, db, (otherIndex) => {
    writeTree(tree, { "new.ts": "\n\n" + read.trimEnd() }, new Date(Date.now() - 7200_000));
    otherIndex();
    writeTree(tree, { "new.ts": read }, dated);
  });
  const r = await runCanary(["index", "--quiet", "--db", db], { cwd: tree });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(tokenRows(db), await freshRows(dir.path, tree));
});
