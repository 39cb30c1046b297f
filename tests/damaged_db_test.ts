/**
 * Damaged or wrong database files, end to end: every command refuses them
 * with one clear line and exit 1, and leaves the file byte-identical.
 */
import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { ALPHA_TOKEN, indexedDatabase } from "./db_fixture.ts";
import { runCanary, type RunResult, tempDir, writeTree } from "./helpers.ts";
import { runCanaryUnprivileged, unprivilegedSkipReason } from "./unprivileged.ts";
import { goEditionDatabase } from "./go_edition_fixture.ts";

/** Commands that write, then commands that only read. */
const WRITE_COMMANDS = [
  ["index", "--root", "tree"],
  ["prioritize", "CBIN-1", "Alpha", "2"],
  ["checkpoint", "snap"],
  ["migrate", "all"],
  ["rollback", "1"],
];
const READ_COMMANDS = [["list", "--json"], ["migrate", "status"]];

/** Deterministic bytes (xorshift32), so a failure reproduces. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

function snapshot(path: string): string {
  const info = Deno.statSync(path);
  if (info.isDirectory) {
    return JSON.stringify([...Deno.readDirSync(path)].map((e) => e.name).sort());
  }
  return Array.from(Deno.readFileSync(path)).join(",");
}

function assertOneLineFailure(r: RunResult, pattern: RegExp, what: string): void {
  assertEquals(r.code, 1, `${what}: exit ${r.code}\n${r.stderr}`);
  const lines = r.stderr.trimEnd().split("\n");
  assertEquals(lines.length, 1, `${what}: expected one line, got:\n${r.stderr}`);
  assertMatch(lines[0], /^canary: error: /, what);
  assertMatch(lines[0], pattern, what);
  assertEquals(r.stdout, "", `${what}: nothing on stdout`);
}

/** Runs every command on `db` and checks each refuses it and changes nothing. */
async function assertEveryCommandRefuses(
  cwd: string,
  db: string,
  pattern: RegExp,
  commands: string[][] = [...WRITE_COMMANDS, ...READ_COMMANDS],
): Promise<void> {
  const before = snapshot(`${cwd}/${db}`);
  for (const args of commands) {
    const r = await runCanary([...args, "--db", db], { cwd });
    assertOneLineFailure(r, pattern, `canary ${args.join(" ")}`);
    assertEquals(snapshot(`${cwd}/${db}`), before, `canary ${args.join(" ")} changed ${db}`);
  }
  const leftovers = [...Deno.readDirSync(cwd)].map((e) => e.name).filter((n) =>
    n.startsWith(`${db}-`) || n.startsWith(`${db}.backup`)
  );
  assertEquals(leftovers, [], "no journal, WAL or backup files appear beside it");
}

Deno.test("a truncated database is refused by every command and left as it was", async () => {
  using dir = tempDir();
  const path = await indexedDatabase(dir.path, "t.db");
  const bytes = Deno.readFileSync(path);
  assert(bytes.length > 8192, `test database too small: ${bytes.length}`);
  Deno.writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await assertEveryCommandRefuses(dir.path, "t.db", /t\.db is truncated/);
});

/** Overwrites 8 bytes of the second page, as a failing disk might. */
function damageSecondPage(path: string): void {
  const file = Deno.openSync(path, { read: true, write: true });
  try {
    file.seekSync(4096, Deno.SeekMode.Start);
    file.writeSync(new Uint8Array(8).fill(0xff));
  } finally {
    file.close();
  }
}

Deno.test("a database with a damaged page is refused in one line, migrate status included", async () => {
  using dir = tempDir();
  const path = await indexedDatabase(dir.path, "p.db", { rollbackJournal: true });
  damageSecondPage(path);
  await assertEveryCommandRefuses(dir.path, "p.db", /p\.db is not a usable SQLite database/, [
    ["list", "--json"],
    ["migrate", "status"],
  ]);
});

Deno.test("a Go-edition database with a damaged page is refused in one line naming it, by every schema command too", async () => {
  using dir = tempDir();
  goEditionDatabase(`${dir.path}/go.db`, 5);
  damageSecondPage(`${dir.path}/go.db`);
  await assertEveryCommandRefuses(
    dir.path,
    "go.db",
    /^canary: error: go\.db is not a usable SQLite database: its pages fail SQLite's check \(.*idx_tokens_req_id\); nothing was changed$/,
    [
      ["list", "--json"],
      ["index", "--root", "."],
      // Every schema command runs the same check, those that would not adopt it included.
      ["migrate", "status"],
      ["migrate", "force", "5"],
      ["migrate", "all", "--dry-run"],
      ["rollback", "1", "--dry-run"],
      ["migrate", "to", "3", "--dry-run"],
      ["migrate", "repair", "--dry-run"],
      ["migrate", "all"],
      ["migrate", "repair"],
    ],
  );
});

Deno.test("random bytes are refused as not a database", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "tree/a.ts": ALPHA_TOKEN, "noise.db": pseudoRandomBytes(8192, 0x5eed) });
  await assertEveryCommandRefuses(dir.path, "noise.db", /noise\.db is not an SQLite database/);
});

Deno.test("a text file is refused as not a database", async () => {
  using dir = tempDir();
  writeTree(dir.path, {
    "tree/a.ts": ALPHA_TOKEN,
    "notes.db": "These are my notes, not a database.\n".repeat(20),
  });
  await assertEveryCommandRefuses(dir.path, "notes.db", /notes\.db is not an SQLite database/);
});

Deno.test("a directory passed as --db is refused", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "tree/a.ts": ALPHA_TOKEN, "folder.db/keep.txt": "x" });
  await assertEveryCommandRefuses(dir.path, "folder.db", /folder\.db is a directory/);
});

Deno.test("a database from a newer canary is refused, naming both versions", async () => {
  using dir = tempDir();
  const path = await indexedDatabase(dir.path, "new.db");
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = DELETE; DELETE FROM schema_migrations");
  db.exec("INSERT INTO schema_migrations (version, dirty) VALUES (999, 0)");
  db.close();
  // `migrate status` is how one finds out: it reports the version and the refusal, exit 1.
  await assertEveryCommandRefuses(
    dir.path,
    "new.db",
    /version 999; this canary knows up to \d+: upgrade canary/,
    [...WRITE_COMMANDS, ["list", "--json"]],
  );
  const before = snapshot(path);
  const status = await runCanary(["migrate", "status", "--json", "--db", "new.db"], {
    cwd: dir.path,
  });
  assertEquals(status.code, 1, status.stderr);
  const reported = JSON.parse(status.stdout);
  assertEquals([reported.version, reported.state], [999, "refused"]);
  assertMatch(reported.reason, /upgrade canary/);
  assertEquals(snapshot(path), before);
});

const skip = unprivilegedSkipReason();

Deno.test({
  name: `a read-only database: write commands refuse it in one line, read commands work${
    skip ? ` (ignored: ${skip})` : ""
  }`,
  ignore: skip !== null,
  fn: async () => {
    using dir = tempDir();
    const path = await indexedDatabase(dir.path, "ro.db");
    // The folder stays writable for the user (SQLite's -shm for readers);
    // the file itself belongs to root and is not writable by it.
    Deno.chmodSync(dir.path, 0o777);
    Deno.chmodSync(path, 0o644);
    const before = snapshot(path);
    for (const args of WRITE_COMMANDS) {
      const r = await runCanaryUnprivileged([...args, "--db", "ro.db"], dir.path);
      assertOneLineFailure(r, /database ro\.db is read-only$/, `canary ${args.join(" ")}`);
      assertEquals(snapshot(path), before, `canary ${args.join(" ")} changed the file`);
    }
    const list = await runCanaryUnprivileged(["list", "--json", "--db", "ro.db"], dir.path);
    assertEquals(list.code, 0, list.stderr);
    const tokens = JSON.parse(list.stdout) as { req_id: string }[];
    assert(tokens.some((t) => t.req_id === "CBIN-1"), list.stdout.slice(0, 200));
    const status = await runCanaryUnprivileged(
      ["migrate", "status", "--json", "--db", "ro.db"],
      dir.path,
    );
    assertEquals(status.code, 0, status.stderr);
    assertEquals(JSON.parse(status.stdout).pending, 0);
    assertEquals(snapshot(path), before, "read commands changed the file");
    assertEquals(
      [...Deno.readDirSync(dir.path)].filter((e) => e.name.includes(".backup")).length,
      0,
      "no backup was attempted",
    );
  },
});
