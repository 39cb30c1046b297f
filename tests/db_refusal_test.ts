import { LATEST_SCHEMA_VERSION } from "../src/db/embedded_migrations.ts";
/**
 * Databases canary must refuse without changing them, end to end: a damaged
 * file with a write-ahead log beside it, another application's database,
 * damaged version records and hand-edited schemas, files that are not regular
 * files, and backup paths SQLite owns. Each refusal is one line; the main
 * file and its `-wal`, `-shm` and `-journal` stay byte-identical and no side
 * file appears.
 */
import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { ALPHA_TOKEN, editDatabase, indexedDatabase } from "./db_fixture.ts";
import { commandOutput, runCanary, type RunResult, tempDir, writeTree } from "./helpers.ts";

const COMMANDS = [
  ["list", "--json"],
  ["search", "Alpha"],
  ["index", "--root", "tree"],
  ["prioritize", "CBIN-1", "Alpha", "2"],
  ["checkpoint", "snap"],
  ["migrate", "all"],
  ["rollback", "1"],
];

/** The commands that set or repair the schema's record rather than migrate it. */
const SCHEMA_COMMANDS = [["migrate", "force", "3"], ["migrate", "repair"], [
  "migrate",
  "repair",
  "--dry-run",
]];

/** Every file beside `name` that SQLite could own, with its bytes. */
function sideSnapshot(dir: string, name: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of Deno.readDirSync(dir)) {
    if (
      entry.name === name || entry.name.startsWith(`${name}-`) || entry.name.includes(".backup")
    ) {
      files[entry.name] = Array.from(Deno.readFileSync(`${dir}/${entry.name}`)).join(",");
    }
  }
  return files;
}

function assertOneLine(r: RunResult, code: number, pattern: RegExp, what: string): void {
  assertEquals(r.code, code, `${what}: exit ${r.code}\n${r.stderr}`);
  const lines = r.stderr.trimEnd().split("\n");
  assertEquals(lines.length, 1, `${what}: expected one line, got:\n${r.stderr}`);
  assertMatch(lines[0], /^canary: error: /, what);
  assertMatch(lines[0], pattern, what);
  assert(!/unexpected failure/.test(lines[0]), `${what}: ${lines[0]}`);
}

async function assertRefusedUntouched(
  dir: string,
  name: string,
  pattern: RegExp,
  commands: string[][] = COMMANDS,
): Promise<void> {
  const before = sideSnapshot(dir, name);
  for (const args of commands) {
    const r = await runCanary([...args, "--db", name], { cwd: dir });
    const what = `canary ${args.join(" ")}`;
    assertOneLine(r, 1, pattern, what);
    assertEquals(Object.keys(sideSnapshot(dir, name)).sort(), Object.keys(before).sort(), what);
    assertEquals(sideSnapshot(dir, name), before, `${what} changed a file`);
  }
}

Deno.test("a truncated main file with a -wal beside it: refused, and neither file is touched", async () => {
  using dir = tempDir();
  const path = await indexedDatabase(dir.path, "src.db", { rollbackJournal: true });
  // Commit into the log and copy both files while the log still holds the commit.
  const writer = new DatabaseSync(path);
  writer.exec("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0");
  writer.exec("INSERT INTO checkpoints (name) VALUES ('only-in-the-log')");
  const main = Deno.readFileSync(path);
  Deno.copyFileSync(`${path}-wal`, `${dir.path}/t.db-wal`);
  writer.close();
  Deno.writeFileSync(`${dir.path}/t.db`, main.subarray(0, Math.floor(main.length / 2)));
  await assertRefusedUntouched(dir.path, "t.db", /t\.db/);
});

Deno.test("another application's database is refused, unchanged, by migrate force and repair too; empty ones are initialised", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "tree/a.ts": ALPHA_TOKEN });
  editDatabase(
    `${dir.path}/other.db`,
    "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x')",
  );
  const foreign = /tables canary does not know \(customers\).*another application/;
  await assertRefusedUntouched(dir.path, "other.db", foreign, [...COMMANDS, ...SCHEMA_COMMANDS]);
  // Another golang-migrate tool's version record is not canary's to set, nor its schema to build.
  for (const version of [String(LATEST_SCHEMA_VERSION), "20260101120000"]) {
    const name = `tool-${version}.db`;
    editDatabase(
      `${dir.path}/${name}`,
      "CREATE TABLE customers (id INTEGER PRIMARY KEY); CREATE TABLE schema_migrations " +
        `(version uint64, dirty bool); INSERT INTO schema_migrations VALUES (${version}, 0)`,
    );
    await assertRefusedUntouched(dir.path, name, foreign, [["migrate", "force", "3"]]);
    // Repair refuses it as every other command does (a version beyond canary's: upgrade canary).
    const repairRefusal = version.length > 2 ? /upgrade canary/ : foreign;
    await assertRefusedUntouched(dir.path, name, repairRefusal, SCHEMA_COMMANDS.slice(1));
  }
  Deno.writeFileSync(`${dir.path}/empty-file.db`, new Uint8Array());
  editDatabase(`${dir.path}/empty.db`, "CREATE TABLE t (x); DROP TABLE t");
  for (const name of ["empty-file.db", "empty.db"]) {
    const r = await runCanary(["index", "--root", "tree", "--db", name], { cwd: dir.path });
    assertEquals(r.code, 0, `${name}: ${r.stderr}`);
  }
});

Deno.test("migrate force and repair refuse a database that does not exist, creating nothing", async () => {
  using dir = tempDir();
  for (const args of SCHEMA_COMMANDS) {
    for (const db of ["missing.db", "sub/missing.db"]) {
      const r = await runCanary([...args, "--db", db], { cwd: dir.path });
      assertOneLine(
        r,
        1,
        new RegExp(`^canary: error: no canary database at ${db}: .*none is created$`),
        args.join(" "),
      );
      assertEquals(
        [...Deno.readDirSync(dir.path)],
        [],
        `${args.join(" ")} --db ${db} created a file`,
      );
    }
  }
});

Deno.test("a canary database that lost its version record names migrate force, also beside a table of its user's", async () => {
  using dir = tempDir();
  await indexedDatabase(dir.path, "lost.db", { rollbackJournal: true });
  const tokens = (await runCanary(["list", "--json", "--db", "lost.db"], { cwd: dir.path })).stdout;
  editDatabase(
    `${dir.path}/lost.db`,
    "DROP TABLE schema_migrations; CREATE TABLE notes (x); INSERT INTO notes VALUES (1)",
  );
  await assertRefusedUntouched(
    dir.path,
    "lost.db",
    /holds canary's tables .*`canary migrate force VERSION`/,
  );
  const force = await runCanary([
    "migrate",
    "force",
    String(LATEST_SCHEMA_VERSION),
    "--db",
    "lost.db",
  ], { cwd: dir.path });
  assertEquals(force.code, 0, force.stderr);
  const list = await runCanary(["list", "--json", "--db", "lost.db"], { cwd: dir.path });
  assertEquals(list.code, 0, list.stderr);
  assertEquals(list.stdout, tokens);
});

/** Label, SQL that damages an indexed database, the refusal, and whether `migrate force` mends it. */
Deno.test("a hot rollback journal beside a refused database is not rolled back", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "tree/a.ts": ALPHA_TOKEN });
  const source = `${dir.path}/a.db`;
  const db = new DatabaseSync(source);
  db.exec("PRAGMA journal_mode = DELETE; CREATE TABLE t (x)");
  db.exec(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) " +
      "INSERT INTO t SELECT randomblob(100) FROM n",
  );
  // A tiny cache makes the open transaction spill into the main file: copied
  // now, the pair is what a crash leaves (a hot journal).
  db.exec("PRAGMA cache_size = 1; BEGIN; UPDATE t SET x = randomblob(120)");
  Deno.copyFileSync(source, `${dir.path}/h.db`);
  Deno.copyFileSync(`${source}-journal`, `${dir.path}/h.db-journal`);
  db.exec("ROLLBACK");
  db.close();
  // Each refusal first waits for a live writer to finish the journal: one command per way of
  // opening (a read, a data write, a schema change) covers the paths without that wait seven times.
  await assertRefusedUntouched(dir.path, "h.db", /tables canary does not know \(t\)/, [
    ["list", "--json"],
    ["index", "--root", "tree"],
    ["migrate", "all"],
  ]);
});

const VERSION_CASES: [string, string, RegExp, boolean][] = [
  [
    "2^63-1",
    "DELETE FROM schema_migrations; INSERT INTO schema_migrations VALUES (9223372036854775807, 0)",
    /version 9223372036854775807; this canary knows up to \d+: upgrade canary/,
    false,
  ],
  [
    "'abc'",
    "UPDATE schema_migrations SET version = 'abc'",
    /version record is damaged \(version 'abc'/,
    true,
  ],
  [
    "dirty 2",
    "UPDATE schema_migrations SET dirty = 2",
    /version record is damaged .*dirty 2\)/,
    true,
  ],
  ["NULL", "UPDATE schema_migrations SET version = NULL", /damaged \(version NULL/, true],
  ["negative", "UPDATE schema_migrations SET version = -1", /damaged \(version -1/, true],
  [
    "empty",
    "DELETE FROM schema_migrations",
    /holds canary's tables .* version record is empty or missing/,
    true,
  ],
  [
    "no tokens_fts",
    "DROP TABLE tokens_fts",
    /lacks table tokens_fts.*`canary migrate repair`/,
    false,
  ],
  [
    "no column",
    "ALTER TABLE tokens DROP COLUMN doc_hash",
    /lacks column tokens\.doc_hash.*`canary migrate repair`/,
    false,
  ],
];

for (const [label, sql, pattern, forceable] of VERSION_CASES) {
  Deno.test(`a database with ${label} as its version or schema is refused in one line, unchanged`, async () => {
    using dir = tempDir();
    const path = await indexedDatabase(dir.path, "v.db", { rollbackJournal: true });
    editDatabase(path, sql);
    await assertRefusedUntouched(dir.path, "v.db", pattern, [
      ["list", "--json"],
      ["index", "--root", "tree"],
      ["rollback", "1"],
    ]);
    if (forceable) {
      // The way out the message names works.
      let r = await runCanary(["migrate", "force", String(LATEST_SCHEMA_VERSION), "--db", "v.db"], {
        cwd: dir.path,
      });
      assertEquals(r.code, 0, r.stderr);
      r = await runCanary(["list", "--json", "--db", "v.db"], { cwd: dir.path });
      assertEquals(r.code, 0, r.stderr);
    }
  });
}

Deno.test("migrate repair refuses a database newer than canary before taking a backup", async () => {
  using dir = tempDir();
  const path = await indexedDatabase(dir.path, "n.db", { rollbackJournal: true });
  editDatabase(path, `UPDATE schema_migrations SET version = ${LATEST_SCHEMA_VERSION + 1}`);
  await assertRefusedUntouched(dir.path, "n.db", /upgrade canary/, [["migrate", "repair"]]);
});

Deno.test("migrate repair refuses a dirty database, naming migrate force, before taking a backup", async () => {
  using dir = tempDir();
  const path = await indexedDatabase(dir.path, "d.db", { rollbackJournal: true });
  editDatabase(path, "UPDATE schema_migrations SET dirty = 1");
  await assertRefusedUntouched(dir.path, "d.db", /dirty at version \d+.*`canary migrate force/, [
    ["migrate", "repair"],
    ["migrate", "repair", "--dry-run"],
  ]);
});

Deno.test("migrate repair mends a database another tool built with canary's migrations", async () => {
  using dir = tempDir();
  const path = await indexedDatabase(dir.path, "g.db", { rollbackJournal: true });
  // As golang-migrate leaves it: canary's schema and version record, no history.
  editDatabase(path, "DROP TABLE canary_migration_history; DROP INDEX idx_tokens_file_path");
  const refused = await runCanary(["list", "--db", "g.db"], { cwd: dir.path });
  assertMatch(refused.stderr, /lacks .*index idx_tokens_file_path/);
  const repair = await runCanary(["migrate", "repair", "--db", "g.db", "--json"], {
    cwd: dir.path,
  });
  assertEquals(repair.code, 0, repair.stderr);
  assertEquals(JSON.parse(repair.stdout).restored, ["index idx_tokens_file_path"]);
  const list = await runCanary(["list", "--json", "--db", "g.db"], { cwd: dir.path });
  assertEquals([list.code, JSON.parse(list.stdout).length], [0, 801], list.stderr);
});

/** Runs canary, killing it after `ms` (a hang is a failure, not a stuck suite). */
async function runWithin(args: string[], cwd: string, ms = 20_000): Promise<RunResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await Promise.race([
      runCanary(args, { cwd }),
      new Promise<never>((_, reject) =>
        controller.signal.addEventListener("abort", () => reject(new Error(`hung: ${args}`)))
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("a FIFO or /dev/null as --db is refused at once as not a regular file", async () => {
  using dir = tempDir();
  const mkfifo = await commandOutput("mkfifo", { args: [`${dir.path}/pipe.db`] }, "mkfifo");
  assertEquals(mkfifo.code, 0);
  for (const args of [["list"], ["index", "--root", "."], ["migrate", "status"]]) {
    const r = await runWithin([...args, "--db", "pipe.db"], dir.path);
    assertOneLine(r, 1, /pipe\.db is not a regular file \(a FIFO\)/, `${args[0]} on a FIFO`);
    const dev = await runWithin([...args, "--db", "/dev/null"], dir.path);
    assertOneLine(dev, 1, /\/dev\/null is not a regular file \(a character device\)/, args[0]);
  }
});

Deno.test("--backup naming the database or a file SQLite keeps beside it is a usage error", async () => {
  using dir = tempDir();
  let r = await runCanary(["migrate", "all", "--db", "c.db"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  const before = sideSnapshot(dir.path, "c.db");
  for (const target of ["c.db-journal", "c.db-wal", "c.db-shm", "c.db", "./c.db-journal"]) {
    r = await runCanary(["rollback", "1", "--db", "c.db", "--backup", target], { cwd: dir.path });
    assertOneLine(r, 2, /names (the database itself|a file SQLite keeps beside)/, target);
    assertEquals(sideSnapshot(dir.path, "c.db"), before, `--backup ${target} changed files`);
  }
});

Deno.test("an output file naming the database, a file SQLite keeps beside it or the --verify file is a usage error", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "a.ts": ALPHA_TOKEN, "gap.md": "- ✅ CBIN-1 Alpha\n" });
  let r = await runCanary(["index"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  r = await runCanary(["checkpoint", "kept"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  Deno.symlinkSync(".canary/canary.db", `${dir.path}/link.db`);
  Deno.mkdirSync(`${dir.path}/sub`);
  const before = sideSnapshot(`${dir.path}/.canary`, "canary.db");
  const refusals: [string[], RegExp][] = [
    [["report", "--html", ".canary/canary.db"], /--html \.canary\/canary\.db names the database/],
    [["report", "--html", "sub/../link.db"], /names the database itself/],
    [["report", "--json", "--html", ".canary/canary.db-wal"], /a file SQLite keeps beside/],
    [["scan", "--out", "../.canary/canary.db"], /--out \.\.\/\.canary\/canary\.db names the/],
    [["scan", "--csv", "../.canary/canary.db-journal"], /--csv .* a file SQLite keeps beside/],
    [["scan", "--json", "--sarif", "../link.db"], /--sarif \.\.\/link\.db names the database/],
    [["diff", "HEAD", "--sarif", "../.canary/canary.db-shm"], /a file SQLite keeps beside/],
    [["scan", "--verify", "../gap.md", "--out", "../gap.md"], /names the --verify file/],
  ];
  for (const [args, pattern] of refusals) {
    r = await runCanary(args, { cwd: args[0] === "report" ? dir.path : `${dir.path}/sub` });
    assertOneLine(r, 2, pattern, args.join(" "));
    assertEquals(r.stdout, "", args.join(" "));
  }
  assertEquals(sideSnapshot(`${dir.path}/.canary`, "canary.db"), before, "the database changed");
  assertEquals(Deno.readTextFileSync(`${dir.path}/gap.md`), "- ✅ CBIN-1 Alpha\n");
  assertEquals([...Deno.readDirSync(`${dir.path}/sub`)], [], "a report was written");
  r = await runCanary(["checkpoint", "list", "--json"], { cwd: dir.path });
  assertEquals(JSON.parse(r.stdout).map((c: { name: string }) => c.name), ["kept"]);
});

Deno.test("a search of 1,000 short words is a usage error naming the cap", async () => {
  using dir = tempDir();
  let r = await runCanary(["migrate", "all", "--db", "c.db"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  const words = Array.from({ length: 1000 }, (_, i) => `w${i % 10}`);
  r = await runCanary(["search", ...words, "--db", "c.db"], { cwd: dir.path });
  assertOneLine(r, 2, /search takes at most 32 words; got 1000/, "search");
  r = await runCanary(["search", ...words.slice(0, 32), "--db", "c.db"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
});
