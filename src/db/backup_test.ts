import { assert, assertEquals, assertMatch, withDeadline } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { CanaryError } from "../errors.ts";
import { EMBEDDED_MIGRATIONS, LATEST_SCHEMA_VERSION } from "./embedded_migrations.ts";
import { openDatabase } from "./open.ts";
import {
  backupDatabase,
  backupTimestamp,
  claimPartial,
  defaultBackupPath,
  dropsOrRebuildsTable,
  removeAbandonedPartials,
} from "./backup.ts";

function tempDir(): { path: string } & Disposable {
  const path = Deno.makeTempDirSync({ prefix: "canary-backup-" });
  return { path, [Symbol.dispose]: () => Deno.removeSync(path, { recursive: true }) };
}

function rowCount(path: string, table: string): number {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return Number((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
  } finally {
    db.close();
  }
}

async function assertRejectsWith(fn: () => Promise<unknown>, code: string): Promise<CanaryError> {
  try {
    await fn();
  } catch (error) {
    assert(error instanceof CanaryError, `expected CanaryError, got ${error}`);
    assertEquals(error.code, code, error.message);
    assert(!error.message.includes("\n"), "one-line message");
    return error;
  }
  throw new Error(`expected a ${code} error`);
}

Deno.test("dropsOrRebuildsTable finds drops and rebuilds, not words in comments or strings", () => {
  for (
    const sql of [
      "DROP TABLE tokens;",
      "drop  table IF EXISTS x;",
      "ALTER TABLE tokens DROP COLUMN doc;",
      "ALTER TABLE tokens RENAME TO tokens_old;",
      "ALTER TABLE t RENAME COLUMN a TO b;",
      "CREATE TABLE t2 AS SELECT * FROM t;",
      "CREATE TEMP TABLE t2 AS SELECT 1;",
    ]
  ) assert(dropsOrRebuildsTable(sql), sql);
  for (
    const sql of [
      "CREATE TABLE t (a);",
      "ALTER TABLE t ADD COLUMN b;",
      "DROP INDEX i;",
      "-- we never DROP TABLE here\nCREATE TABLE t (a);",
      "/* DROP TABLE t */ SELECT 1;",
      "INSERT INTO notes VALUES ('DROP TABLE t');",
    ]
  ) assert(!dropsOrRebuildsTable(sql), sql);
});

Deno.test("no embedded up migration drops a table; every down of a table-creating one does", () => {
  for (const m of EMBEDDED_MIGRATIONS) {
    assert(!dropsOrRebuildsTable(m.up), `${m.upFile} would trigger a backup on plain migrate`);
    if (/CREATE\s+(VIRTUAL\s+)?TABLE|ADD\s+COLUMN/i.test(m.up)) {
      assert(dropsOrRebuildsTable(m.down), m.downFile);
    }
  }
});

Deno.test("a partial copy removed between its creation and its lock is claimed again under a new name", () => {
  using dir = tempDir();
  const removed: string[] = [];
  // Another backup's clean-up runs in the window: the file is not locked yet, so it goes.
  const claimed = claimPartial(dir.path, "c.db.backup", (file) => {
    if (removed.length === 0) removed.push(...removeAbandonedPartials(dir.path));
    file.lockSync(true);
  });
  try {
    assertEquals(removed.length, 1);
    const name = claimed.path.slice(dir.path.length + 1);
    assert(name !== removed[0], "the removed name was returned");
    assertEquals(Deno.statSync(claimed.path).ino, claimed.file.statSync().ino);
    // Locked under the name it has: a later clean-up leaves it.
    assertEquals(removeAbandonedPartials(dir.path), []);
    assertEquals([...Deno.readDirSync(dir.path)].map((entry) => entry.name), [name]);
  } finally {
    claimed.file.close();
  }
});

Deno.test("defaultBackupPath is <db>.backup-<version>-<UTC timestamp>, never a taken name", () => {
  const now = new Date("2025-10-16T12:03:01.456Z");
  assertEquals(backupTimestamp(now), "20251016T120301Z");
  assertEquals(
    defaultBackupPath("a/c.db", 4, now, () => false),
    "a/c.db.backup-4-20251016T120301Z",
  );
  const taken = new Set(["a/c.db.backup-4-20251016T120301Z", "a/c.db.backup-4-20251016T120301Z-2"]);
  assertEquals(
    defaultBackupPath("a/c.db", 4, now, (p) => taken.has(p)),
    "a/c.db.backup-4-20251016T120301Z-3",
  );
});

Deno.test("backupDatabase copies committed WAL content into one self-contained file", async () => {
  using dir = tempDir();
  const path = `${dir.path}/c.db`;
  const { db } = openDatabase(path);
  try {
    db.exec("PRAGMA wal_autocheckpoint = 0"); // keep the rows in the WAL only
    db.prepare("INSERT INTO priority_overrides (req_id, feature, priority) VALUES (?, ?, ?)")
      .run("CBIN-1", "F", 2);
    assert(Deno.statSync(`${path}-wal`).size > 0, "rows should sit in the WAL");
    const now = new Date("2025-10-16T12:03:01Z");
    const result = await backupDatabase(db, path, undefined, now);
    assertEquals(result.path, `${path}.backup-${result.version}-20251016T120301Z`);
    assertEquals(result.version, LATEST_SCHEMA_VERSION);
    assertEquals(result.bytes, Deno.statSync(result.path).size);
    assertEquals(rowCount(result.path, "priority_overrides"), 1);
    const copy = new DatabaseSync(result.path, { readOnly: true });
    try {
      assertEquals({ ...copy.prepare("PRAGMA journal_mode").get() }, { journal_mode: "delete" });
      assertEquals({ ...copy.prepare("PRAGMA integrity_check").get() }, { integrity_check: "ok" });
    } finally {
      copy.close();
    }
    // Only the database, its WAL files and the backup: no partial copy left.
    const names = [...Deno.readDirSync(dir.path)].map((e) => e.name).sort();
    assertEquals(names.filter((n) => !/^c\.db(-wal|-shm)?$/.test(n)), [
      `c.db.backup-${result.version}-20251016T120301Z`,
    ]);
  } finally {
    db.close();
  }
});

Deno.test("backupDatabase refuses to overwrite, and leaves nothing behind when it fails", async () => {
  using dir = tempDir();
  const path = `${dir.path}/c.db`;
  const { db } = openDatabase(path);
  try {
    Deno.writeTextFileSync(`${dir.path}/taken`, "keep me");
    const refused = await assertRejectsWith(
      () => backupDatabase(db, path, `${dir.path}/taken`),
      "backup_exists",
    );
    assertMatch(refused.message, /taken already exists/);
    assertEquals(Deno.readTextFileSync(`${dir.path}/taken`), "keep me");
    // A destination below a regular file cannot be created.
    await assertRejectsWith(
      () => backupDatabase(db, path, `${dir.path}/taken/sub/b.db`),
      "backup_failed",
    );
    const names = [...Deno.readDirSync(dir.path)].map((e) => e.name).sort();
    assertEquals(names.filter((n) => !/^c\.db(-wal|-shm)?$/.test(n)), ["taken"]);
  } finally {
    db.close();
  }
});

/** A writer process: each transaction inserts 50 rows of one batch; prints "ready" after the first. */
const WRITER = `
import { DatabaseSync } from "node:sqlite";
const [path, stopFile] = Deno.args;
const db = new DatabaseSync(path, { timeout: 30000 });
const insert = db.prepare("INSERT INTO batches (batch, n) VALUES (?, ?)");
for (let batch = 0;; batch++) {
  db.exec("BEGIN IMMEDIATE");
  for (let n = 0; n < 50; n++) insert.run(batch, n);
  db.exec("COMMIT");
  if (batch === 0) console.log("ready");
  // A breath between transactions, as real commands leave: SQLite's busy
  // handler is not fair, and a writer that never pauses starves the others.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
  try { Deno.statSync(stopFile); break; } catch { /* keep writing */ }
}
db.close();
`;

Deno.test("backups taken while another process writes open, pass integrity_check, hold whole transactions", async () => {
  using dir = tempDir();
  const path = `${dir.path}/busy.db`;
  const stopFile = `${dir.path}/stop`;
  const setup = new DatabaseSync(path);
  setup.exec("PRAGMA journal_mode = WAL; CREATE TABLE batches (batch INTEGER, n INTEGER)");
  setup.close();
  const writer = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--quiet", WRITER, path, stopFile],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = writer.stdout.getReader();
  const first = await withDeadline(reader.read(), "the writer to say ready", {
    onTimeout: () => writer.kill(),
  });
  assertEquals(new TextDecoder().decode(first.value).trim(), "ready");
  const source = new DatabaseSync(path, { timeout: 30000 });
  try {
    for (let i = 0; i < 5; i++) {
      const result = await backupDatabase(source, path, `${dir.path}/copy-${i}.db`);
      const copy = new DatabaseSync(result.path, { readOnly: true });
      try {
        assertEquals({ ...copy.prepare("PRAGMA integrity_check").get() }, {
          integrity_check: "ok",
        });
        const torn = copy.prepare(
          "SELECT count(*) AS n FROM (SELECT batch FROM batches GROUP BY batch HAVING count(*) <> 50)",
        ).get() as { n: number };
        assertEquals(Number(torn.n), 0, "a batch was copied half-way");
        assert(rowCount(result.path, "batches") >= 50);
      } finally {
        copy.close();
      }
    }
  } finally {
    source.close();
    Deno.writeTextFileSync(stopFile, "");
    reader.releaseLock();
    await writer.stdout.cancel();
    await withDeadline(writer.status, "the writer to stop", { onTimeout: () => writer.kill() });
  }
});
