/**
 * Backups before destructive schema steps, end to end: every rollback copies
 * the database first (unless --no-backup), a migrate whose SQL rebuilds a
 * table does too, a plain migrate does not, and the copy restores.
 */
import { assert, assertEquals, assertMatch, waitUntil } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { LATEST_SCHEMA_VERSION } from "../src/db/embedded_migrations.ts";
import {
  CANARY_RUN_FLAGS,
  commandOutput,
  exitOf,
  MAIN_TS,
  runCanary,
  tempDir,
  writeTree,
} from "./helpers.ts";

const TOKEN =
  `// CANARY: REQ=CBIN-9; FEATURE="Backup"; ASPECT=API; STATUS=IMPL; UPDATED=2025-10-16\n`;

function backups(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.includes(".backup-"))
    .sort();
}

function query(path: string, sql: string): unknown[] {
  const db = new DatabaseSync(path);
  try {
    return db.prepare(sql).all().map((row) => ({ ...row }));
  } finally {
    db.close();
  }
}

Deno.test("rollback backs up first; the copy restores priorities the rollback dropped", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "tree/a.ts": TOKEN });
  let r = await runCanary(["index", "--root", "tree", "--db", "c.db"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(backups(dir.path), [], "a plain migrate (inside index) makes no backup");
  r = await runCanary(["prioritize", "CBIN-9", "Backup", "1", "--db", "c.db"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);

  r = await runCanary(["rollback", "all", "--db", "c.db", "--json"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assertMatch(
    result.backup,
    new RegExp(`^c\\.db\\.backup-${LATEST_SCHEMA_VERSION}-\\d{8}T\\d{6}Z$`),
  );
  assertMatch(
    r.stderr,
    new RegExp(
      `backup of c\\.db \\(version ${LATEST_SCHEMA_VERSION}\\) written to ${
        result.backup.replaceAll(".", "\\.")
      }`,
    ),
  );
  assertEquals(backups(dir.path), [result.backup]);

  // Restore as README says: replace the database file with the copy.
  for (const suffix of ["-wal", "-shm"]) {
    try {
      Deno.removeSync(`${dir.path}/c.db${suffix}`);
    } catch {
      // Not there.
    }
  }
  Deno.copyFileSync(`${dir.path}/${result.backup}`, `${dir.path}/c.db`);
  assertEquals(
    query(`${dir.path}/c.db`, "SELECT req_id, feature, priority FROM priority_overrides"),
    [
      { req_id: "CBIN-9", feature: "Backup", priority: 1 },
    ],
  );
  r = await runCanary(["list", "--json", "--db", "c.db"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).map((t: { req_id: string }) => t.req_id), ["CBIN-9"]);
});

Deno.test("--backup PATH chooses the place, --no-backup skips it, nothing to revert needs none", async () => {
  using dir = tempDir();
  let r = await runCanary(["migrate", "all", "--db", "c.db", "--json"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).backup, null);
  r = await runCanary(["rollback", "1", "--db", "c.db", "--backup", "saved/before.db", "--json"], {
    cwd: dir.path,
  });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).backup, "saved/before.db");
  assertEquals(
    query(`${dir.path}/saved/before.db`, "SELECT version FROM schema_migrations"),
    [{ version: LATEST_SCHEMA_VERSION }],
  );
  // An existing file is never overwritten, and the rollback does not run.
  r = await runCanary(["rollback", "1", "--db", "c.db", "--backup", "saved/before.db"], {
    cwd: dir.path,
  });
  assertEquals(r.code, 1);
  assertMatch(
    r.stderr,
    /^canary: error: backup target saved\/before\.db already exists; not overwriting it\n$/,
  );
  assertEquals(query(`${dir.path}/c.db`, "SELECT version FROM schema_migrations"), [
    { version: LATEST_SCHEMA_VERSION - 1 },
  ]);
  r = await runCanary(["rollback", "all", "--db", "c.db", "--no-backup", "--json"], {
    cwd: dir.path,
  });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).backup, null);
  r = await runCanary(["rollback", "all", "--db", "c.db", "--json"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).backup, null, "version 0: nothing to revert, no backup");
  assertEquals(backups(dir.path), []);
});

const FIXTURE = fileURLToPath(new URL("./fixtures/slow_migrate.ts", import.meta.url));

Deno.test("migrate backs up first when a migration rebuilds a table", async () => {
  using dir = tempDir();
  for (const name of ["c.db", "d.db"]) {
    const r = await runCanary(["migrate", "all", "--db", `${dir.path}/${name}`]);
    assertEquals(r.code, 0, r.stderr);
  }
  const run = async (db: string, ...extra: string[]) => {
    const output = await commandOutput(Deno.execPath(), {
      args: ["run", "--quiet", "--allow-all", FIXTURE, "--command", db, "--json", ...extra],
      stdout: "piped",
      stderr: "piped",
    }, "the migrate fixture");
    const stderr = new TextDecoder().decode(output.stderr);
    assertEquals(output.code, 0, stderr);
    return { json: JSON.parse(new TextDecoder().decode(output.stdout)), stderr };
  };
  const first = await run(`${dir.path}/c.db`);
  assertMatch(first.json.backup, new RegExp(`c\\.db\\.backup-${LATEST_SCHEMA_VERSION}-`));
  assertEquals(first.json.applied, [900000]);
  assert(first.stderr.includes(`written to ${first.json.backup}`), first.stderr);
  const second = await run(`${dir.path}/d.db`, "--no-backup");
  assertEquals(second.json.backup, null);
  assertEquals(backups(dir.path).length, 1);
});

const WRITE_AFTER_BACKUP = fileURLToPath(
  new URL("./fixtures/write_after_backup.ts", import.meta.url),
);

Deno.test("a checkpoint committed right after rollback's backup is in the backup", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "tree/a.ts": TOKEN });
  const db = `${dir.path}/c.db`;
  const r = await runCanary(["index", "--root", "tree", "--db", "c.db"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  const output = await commandOutput(Deno.execPath(), {
    args: ["run", "--quiet", "--allow-all", WRITE_AFTER_BACKUP, db, "injected"],
    stdout: "piped",
    stderr: "piped",
  }, "the write-after-backup fixture");
  const stderr = new TextDecoder().decode(output.stderr);
  assertEquals(output.code, 0, stderr);
  const result = JSON.parse(new TextDecoder().decode(output.stdout));
  assertEquals(result.to, 0, stderr);
  // The copy that is kept holds the write; a discarded first copy leaves nothing behind.
  assertEquals(backups(dir.path), [result.backup.slice(dir.path.length + 1)]);
  assertEquals(query(result.backup, "SELECT name FROM checkpoints"), [{ name: "injected" }]);
});

Deno.test("the partial copy a killed backup left is removed by the next backup; a live one stays", async () => {
  using dir = tempDir();
  let r = await runCanary(["migrate", "all", "--db", "c.db"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  const dead = ".c.db.backup-5-20250101T000000Z.partial-4242-0123abcd";
  const live = ".c.db.backup-5-20250101T000001Z.partial-4243-89abcdef";
  const other = ".c.db.partial-notes";
  for (const name of [dead, `${dead}-journal`, live, other]) {
    Deno.writeFileSync(`${dir.path}/${name}`, new Uint8Array(4096));
  }
  // A backup still running holds the lock on its partial copy.
  using running = Deno.openSync(`${dir.path}/${live}`, { read: true });
  running.lockSync(true);
  r = await runCanary(["rollback", "1", "--db", "c.db"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  const left = [...Deno.readDirSync(dir.path)].map((e) => e.name).filter((n) =>
    n.includes("partial")
  )
    .sort();
  assertEquals(left, [other, live].sort());
});

Deno.test("a backup killed with SIGKILL mid-copy leaves a partial copy the next backup removes", async () => {
  using dir = tempDir();
  let r = await runCanary(["migrate", "all", "--db", "c.db"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  // About 64 MB of checkpoints, so the copy takes long enough to be caught.
  const db = new DatabaseSync(`${dir.path}/c.db`);
  db.exec(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 640) " +
      "INSERT INTO checkpoints (name, snapshot_json) SELECT 'c' || i, hex(randomblob(50000)) FROM n",
  );
  db.close();
  const partials = () =>
    [...Deno.readDirSync(dir.path)].map((e) => e.name).filter((n) => n.includes(".partial-"));
  let caught = false;
  for (let attempt = 0; attempt < 5 && !caught; attempt++) {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", ...CANARY_RUN_FLAGS, MAIN_TS, "rollback", "1", "--db", "c.db"],
      cwd: dir.path,
      stdout: "null",
      stderr: "null",
    }).spawn();
    let done = false;
    child.status.then(() => done = true);
    await waitUntil(() => done || partials().length > 0, "rollback to start its backup or exit");
    if (!done) child.kill("SIGKILL");
    await exitOf(child, "the killed rollback");
    caught = partials().length > 0;
    if (!caught) {
      // The rollback finished first: put the version back and try again.
      r = await runCanary(["migrate", "all", "--db", "c.db"], { cwd: dir.path });
      assertEquals(r.code, 0, r.stderr);
    }
  }
  assert(caught, "no attempt killed the backup while its partial copy existed");
  r = await runCanary(["rollback", "1", "--db", "c.db"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(partials(), []);
});
