import { assert, assertEquals, assertThrows } from "../test_assert.ts";
import {
  CheckpointExistsError,
  CheckpointNotFoundError,
  createCheckpoint,
  getCheckpoint,
  listCheckpoints,
} from "./checkpoints.ts";
import { listTokens } from "./list_tokens.ts";
import { insertToken, migratedMemoryDatabase } from "./test_database.ts";
import { CanaryError } from "../errors.ts";
import { EMBEDDED_MIGRATIONS } from "../db/embedded_migrations.ts";
import { migrateTo } from "../db/migrator.ts";
import { git } from "../test_git.ts";

/** A new git repository with one commit: its folder and the commit's hash. */
function committedRepository(): { root: string; head: string } {
  const root = Deno.makeTempDirSync({ prefix: "canary-checkpoint-git-" });
  git(root, "init", "-q");
  git(root, "commit", "-q", "--allow-empty", "-m", "one");
  return { root, head: git(root, "rev-parse", "HEAD").trim() };
}

Deno.test("a checkpoint of an empty index has zero counts and no tokens", () => {
  using db = migratedMemoryDatabase();
  const checkpoint = createCheckpoint(db, { name: "empty" });
  assertEquals(checkpoint.total, 0);
  assertEquals(Object.values(checkpoint.status_counts), [0, 0, 0, 0, 0, 0]);
  assertEquals(getCheckpoint(db, "empty").tokens, []);
});

Deno.test("a checkpoint counts all six statuses and keeps the full token list", () => {
  using db = migratedMemoryDatabase();
  for (const status of ["MISSING", "STUB", "IMPL", "IMPL", "TESTED", "BENCHED", "REMOVED"]) {
    insertToken(db, { status });
  }
  const repo = committedRepository();
  const created = createCheckpoint(db, { name: "v1", description: "first", root: repo.root });
  assertEquals(created.status_counts, {
    MISSING: 1,
    STUB: 1,
    IMPL: 2,
    TESTED: 1,
    BENCHED: 1,
    REMOVED: 1,
  });
  assertEquals(created.total, 6, "a total leaves out the REMOVED token");
  const stored = getCheckpoint(db, "v1");
  assertEquals(stored.description, "first");
  assertEquals(stored.commit_hash, repo.head, "the project's commit when the index has none");
  assert(stored.created_at.length > 0);
  assertEquals(stored.tokens.length, 7);
  assertEquals(stored.tokens[0].tests, []);
  const row = db.prepare("SELECT missing_count, removed_count, impl_count FROM checkpoints").get();
  assertEquals({ ...row }, { missing_count: 1, removed_count: 1, impl_count: 2 });
});

Deno.test("a duplicate name names the existing checkpoint and adds nothing", () => {
  using db = migratedMemoryDatabase();
  insertToken(db);
  createCheckpoint(db, { name: "v1" });
  insertToken(db);
  assertThrows(
    () => createCheckpoint(db, { name: "v1" }),
    CheckpointExistsError,
    "a checkpoint named 'v1' already exists",
  );
  assertEquals(listCheckpoints(db).length, 1);
  assertEquals(listCheckpoints(db)[0].total, 1);
  assertEquals(db.isTransaction, false);
});

Deno.test("listCheckpoints returns summaries oldest first", () => {
  using db = migratedMemoryDatabase();
  createCheckpoint(db, { name: "b" });
  insertToken(db, { status: "STUB" });
  createCheckpoint(db, { name: "a" });
  const list = listCheckpoints(db);
  assertEquals(list.map((c) => [c.name, c.total, c.status_counts.STUB]), [["b", 0, 0], [
    "a",
    1,
    1,
  ]]);
});

Deno.test("an unknown name lists known ones", () => {
  using db = migratedMemoryDatabase();
  createCheckpoint(db, { name: "v1" });
  assertThrows(() => getCheckpoint(db, "v2"), CheckpointNotFoundError, "nearest: v1");
});

Deno.test("a checkpoint's total is its counts but REMOVED, whatever total_tokens holds", () => {
  using db = migratedMemoryDatabase();
  const insert = db.prepare(
    "INSERT INTO checkpoints (name, total_tokens, stub_count, removed_count, snapshot_json) " +
      "VALUES (?, ?, ?, ?, '[]')",
  );
  insert.run("null_total", null, 0, 1);
  insert.run("small_total", 1, 2, 3);
  const totals = listCheckpoints(db).map((c) => [c.name, c.total, c.status_counts.REMOVED]);
  assertEquals(totals, [["null_total", 0, 1], ["small_total", 2, 3]]);
  assertEquals(getCheckpoint(db, "small_total").total, 2);
});

Deno.test("a snapshot canary cannot read is a clear error", () => {
  using db = migratedMemoryDatabase();
  db.prepare("INSERT INTO checkpoints (name, snapshot_json) VALUES ('odd', ?)").run(
    '[{"Requirement":"CBIN-1"}]',
  );
  db.prepare("INSERT INTO checkpoints (name, snapshot_json) VALUES ('broken', '{')").run();
  assertThrows(() => getCheckpoint(db, "odd"), CanaryError, "cannot read");
  assertThrows(() => getCheckpoint(db, "broken"), CanaryError, "not valid JSON");
});

Deno.test("a snapshot written by the Go edition is read under canary's field names", () => {
  using db = migratedMemoryDatabase();
  db.prepare("INSERT INTO checkpoints (name, snapshot_json) VALUES ('go', ?)").run(
    JSON.stringify([{
      ReqID: "CBIN-1",
      Feature: "Alpha",
      Aspect: "API",
      Status: "IMPL",
      FilePath: "a.go",
      LineNumber: 4,
      Test: "TestA, TestB",
      Owner: { String: "ana", Valid: true },
      Phase: { String: "", Valid: false },
      DocStatus: "ok",
    }]),
  );
  const [token] = getCheckpoint(db, "go").tokens;
  assertEquals(
    [token.req_id, token.feature, token.file_path, token.line_number, token.status],
    ["CBIN-1", "Alpha", "a.go", 4, "IMPL"],
  );
  assertEquals([token.tests, token.benches, token.owner, token.phase], [
    ["TestA", "TestB"],
    [],
    "ana",
    null,
  ]);
  assertEquals(token.declared_status, "IMPL");
  assert(!("DocStatus" in token) && !("ReqID" in token));
});

Deno.test("a checkpoint records the commit the index was built from, before any other", () => {
  using db = migratedMemoryDatabase();
  insertToken(db, { commit_hash: "def5678" });
  const created = createCheckpoint(db, { name: "indexed", root: committedRepository().root });
  assertEquals(created.commit_hash, "def5678");
  assertEquals(getCheckpoint(db, "indexed").commit_hash, "def5678");
});

Deno.test("a snapshot holds every token in file order, one row each, read back exactly", () => {
  using db = migratedMemoryDatabase();
  for (let i = 0; i < 300; i++) {
    insertToken(db, { file_path: `src/f${i % 7}.ts`, line_number: 1000 - i, test: "A, B" });
  }
  createCheckpoint(db, { name: "rows" });
  const rows = db.prepare("SELECT COUNT(*) AS n FROM checkpoint_tokens").get() as { n: number };
  assertEquals(rows.n, 300);
  assertEquals(
    getCheckpoint(db, "rows").tokens,
    listTokens(db, { order: { field: "file", descending: false } }),
  );
});

Deno.test("a snapshot taken before checkpoint_tokens existed is still read from snapshot_json", () => {
  using db = migratedMemoryDatabase();
  insertToken(db, { feature: "Old" });
  const tokens = listTokens(db);
  db.prepare("INSERT INTO checkpoints (name, snapshot_json) VALUES ('legacy', ?)").run(
    JSON.stringify(tokens),
  );
  assertEquals(getCheckpoint(db, "legacy").tokens, tokens);
});

Deno.test("rolling back checkpoint_tokens puts each snapshot back into snapshot_json, in order", () => {
  using db = migratedMemoryDatabase();
  for (let i = 0; i < 5; i++) insertToken(db, { file_path: `src/${5 - i}.ts`, feature: `F${i}` });
  createCheckpoint(db, { name: "kept" });
  const tokens = getCheckpoint(db, "kept").tokens;
  // Version 5 is the last before checkpoint_tokens.
  migrateTo(db, EMBEDDED_MIGRATIONS, 5);
  const row = db.prepare("SELECT snapshot_json FROM checkpoints").get() as {
    snapshot_json: string;
  };
  assertEquals(JSON.parse(row.snapshot_json), tokens);
});
