import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { LATEST_SCHEMA_VERSION } from "../src/db/embedded_migrations.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { editDatabase } from "./db_fixture.ts";
import { runCanaryUnprivileged, UNPRIVILEGED_ID, unprivilegedSkipReason } from "./unprivileged.ts";
import { goEditionDatabase, goOnlyContent, goTokenColumnValues } from "./go_edition_fixture.ts";

const GO_VERSIONS = [1, 2, 3, 4, 5, 6, 7, 8];

function query<T>(path: string, sql: string): T[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

function columns(path: string, table: string): string[] {
  return query<{ name: string }>(path, `SELECT name FROM pragma_table_info('${table}')`)
    .map((c) => c.name);
}

/** Every file in `dir`, with its bytes, so a refusal can be shown to leave everything as it was. */
function snapshotFolder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of Deno.readDirSync(dir)) {
    if (entry.isFile) {
      files.set(
        entry.name,
        btoa(String.fromCharCode(...Deno.readFileSync(`${dir}/${entry.name}`))),
      );
    }
  }
  return files;
}

for (const version of GO_VERSIONS) {
  Deno.test(`a Go-edition database at its version ${version} is adopted with everything kept`, async () => {
    using dir = tempDir();
    const db = `${dir.path}/canary.db`;
    goEditionDatabase(db, version);
    const original = Deno.readFileSync(db);
    const goOnly = goOnlyContent(db);
    const goTokenColumns = columns(db, "tokens");
    const goTokenValues = goTokenColumnValues(db);
    if (version >= 3) assertMatch(goTokenValues, /docs\/alpha\.md/);

    // A dry run converts nothing and creates no file: it names the way to adopt.
    const before = snapshotFolder(dir.path);
    const dry = await runCanary(["migrate", "all", "--dry-run", "--db", db]);
    assertEquals(dry.code, 1);
    assertMatch(dry.stderr, /built by the Go edition of canary .*canary migrate all/);
    assertEquals(dry.stderr.trim().split("\n").length, 1);
    assertEquals(snapshotFolder(dir.path), before);
    const pending = await runCanary(["migrate", "status", "--exit-code", "--db", db, "--json"]);
    assertEquals([pending.code, JSON.parse(pending.stdout).state], [3, "go_edition"]);

    const migrate = await runCanary(["migrate", "all", "--db", db, "--json"]);
    assertEquals(migrate.code, 0, migrate.stderr);
    assertMatch(
      migrate.stderr,
      new RegExp(`adopted .* from the Go edition \\(its version ${version}\\)`),
    );
    const run = JSON.parse(migrate.stdout);
    assertEquals([run.adopted_go_version, run.to, run.applied], [
      version,
      LATEST_SCHEMA_VERSION,
      [],
    ]);
    // The backup is the Go database as it was, verified and named in the note.
    const backup = run.backup;
    assertEquals(backup, /backup written to (\S+);/.exec(migrate.stderr)![1]);
    const list = await runCanary(["checkpoint", "list", "--db", db, "--json"]);
    assertEquals(list.code, 0, list.stderr);
    assertEquals(
      query<{ version: number }>(backup, "SELECT version FROM schema_migrations")
        .map((r) => Number(r.version)),
      [version],
    );
    assertEquals(
      query(backup, "SELECT name FROM checkpoints ORDER BY id"),
      query(`${dir.path}/canary.db`, "SELECT name FROM checkpoints ORDER BY id"),
    );
    assert(Deno.statSync(backup).size >= original.length / 2);

    // Checkpoints: name, description, commit, counts, and the snapshot under our field names.
    const checkpoints = JSON.parse(list.stdout);
    assertEquals(checkpoints.map((c: { name: string }) => c.name), ["go-start", "go-empty"]);
    assertEquals(checkpoints[0].description, "first Go checkpoint");
    assertEquals(checkpoints[0].commit_hash, "abc123");
    assertEquals(checkpoints[0].status_counts, {
      MISSING: 0,
      STUB: 1,
      IMPL: 1,
      TESTED: 0,
      BENCHED: 0,
      REMOVED: 1,
    });
    const show = await runCanary(["checkpoint", "show", "go-start", "--db", db, "--json"]);
    assertEquals(show.code, 0, show.stderr);
    const tokens = JSON.parse(show.stdout).tokens;
    assertEquals(tokens[0].req_id, "CBIN-1");
    assertEquals(tokens[0].file_path, "a.go");
    assertEquals(tokens[0].tests, ["TestAlpha", "TestAlphaEdge"]);
    assertEquals(tokens[0].owner, "ana");
    assertEquals(tokens[0].phase, null);
    assertEquals([tokens[0].status, tokens[0].declared_status], ["IMPL", "IMPL"]);
    assert(!("ReqID" in tokens[0]));
    const diff = await runCanary([
      "checkpoint",
      "diff",
      "go-empty",
      "go-start",
      "--db",
      db,
      "--json",
    ]);
    assertEquals(JSON.parse(diff.stdout).counts.added, 3, diff.stderr);

    // Search history, priorities, Go-only tables and columns.
    assertEquals(query(db, "SELECT query FROM search_history ORDER BY id").length, 2);
    assertEquals(
      query(db, "SELECT req_id, feature, priority FROM priority_overrides ORDER BY req_id")
        .map((r) => ({ ...r as object })),
      [
        { req_id: "CBIN-1", feature: "Alpha", priority: 2 },
        { req_id: "CBIN-3", feature: "Gamma", priority: 8 },
      ],
    );
    assertEquals(goOnlyContent(db), goOnly);
    for (const column of goTokenColumns) assert(columns(db, "tokens").includes(column), column);
    assertEquals(goTokenColumnValues(db), goTokenValues);

    // The next index replaces the Go rows and keeps the priorities.
    writeTree(dir.path, {
      "src/a.go": "// CANARY: REQ=CBIN-1; FEATURE=Alpha; ASPECT=API; STATUS=IMPL; TEST=TestAlpha\n",
      "src/c.go": "// CANARY: REQ=CBIN-3; FEATURE=Gamma; ASPECT=API; STATUS=IMPL\n",
    });
    const index = await runCanary(["index", "--root", `${dir.path}/src`, "--db", db]);
    assertEquals(index.code, 0, index.stderr);
    const listed = JSON.parse((await runCanary(["list", "--db", db, "--json"])).stdout);
    assertEquals(
      listed.map((t: { req_id: string; priority: number }) => [t.req_id, t.priority]),
      [["CBIN-1", 2], ["CBIN-3", 8]],
    );
    const search = await runCanary(["search", "alpha", "--db", db, "--json"]);
    assertEquals(JSON.parse(search.stdout).length, 1, search.stderr);
    assertEquals(query(db, "SELECT id FROM search_history").length, 3);
    const after = await runCanary(["migrate", "status", "--exit-code", "--db", db, "--json"]);
    const state = JSON.parse(after.stdout);
    assertEquals([after.code, state.state, state.version], [0, "ok", LATEST_SCHEMA_VERSION]);
    assert(state.migrations.every((m: { checksum_ok: boolean }) => m.checksum_ok === true));
  });

  Deno.test(`a dirty Go-edition database at version ${version} is refused untouched; migrate force is the way out`, async () => {
    using dir = tempDir();
    const db = `${dir.path}/canary.db`;
    goEditionDatabase(db, version, { dirty: true });
    const before = snapshotFolder(dir.path);
    const commands = [["list"], ["index", "--root", dir.path], ["migrate", "all"], [
      "migrate",
      "repair",
    ]];
    for (const args of commands) {
      const r = await runCanary([...args, "--db", db]);
      assertEquals(r.code, 1, args.join(" "));
      assertEquals(r.stderr.trim().split("\n").length, 1, r.stderr);
      assertMatch(
        r.stderr,
        new RegExp(`dirty at version ${version}.*canary migrate force ${version}`),
      );
      assertEquals(snapshotFolder(dir.path), before);
    }
    const force = await runCanary(["migrate", "force", String(version), "--db", db]);
    assertEquals(force.code, 0, force.stderr);
    const adopt = await runCanary(["prioritize", "CBIN-2", "Beta", "4", "--db", db]);
    assertEquals(adopt.code, 0, adopt.stderr);
    assertMatch(adopt.stderr, /adopted/);
    const list = await runCanary(["list", "--db", db, "--json"]);
    assertEquals(JSON.parse(list.stdout).length, 4, list.stderr);
  });
}

Deno.test("a projects table already at Go version 3 is left alone and the database adopted", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  goEditionDatabase(db, 3, { projectsEarly: true });
  const goOnly = goOnlyContent(db);
  writeTree(dir.path, {
    "src/a.go": "// CANARY: REQ=CBIN-1; FEATURE=Alpha; ASPECT=API; STATUS=IMPL\n",
  });
  const r = await runCanary(["index", "--root", `${dir.path}/src`, "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  assertMatch(r.stderr, /adopted/);
  assertEquals(goOnlyContent(db), goOnly);
});

Deno.test("a database matching neither canary's history nor a Go version is refused untouched", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  goEditionDatabase(db, 3);
  const raw = new DatabaseSync(db);
  raw.exec("DROP TABLE search_history");
  raw.close();
  const before = snapshotFolder(dir.path);
  const r = await runCanary(["list", "--db", db]);
  assertEquals(r.code, 1);
  assertMatch(r.stderr, /version 3, recorded by another tool/);
  assertEquals(r.stderr.trim().split("\n").length, 1);
  assertEquals(snapshotFolder(dir.path), before);
});

Deno.test("a Go-edition database whose record is ahead of its tables is refused untouched, naming the version they match", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  goEditionDatabase(db, 7);
  editDatabase(db, "UPDATE schema_migrations SET version = 8");
  const before = snapshotFolder(dir.path);
  const commands = [["list"], ["index", "--root", dir.path], ["migrate", "all"], [
    "migrate",
    "all",
    "--dry-run",
  ], ["migrate", "status"]];
  for (const args of commands) {
    const r = await runCanary([...args, "--db", db]);
    assertEquals(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
    const refusal = r.stderr.trim().split("\n").at(-1)!;
    assertMatch(
      refusal,
      /^canary: error: database .*canary\.db was built by the Go edition of canary, but its version record \(8\) is ahead of its tables, which match its version 7 .*`canary migrate force 7`/,
    );
    assertEquals(snapshotFolder(dir.path), before, args.join(" "));
  }
  assertEquals((await runCanary(["migrate", "force", "7", "--db", db])).code, 0);
  const adopt = await runCanary(["list", "--db", db]);
  assertEquals(adopt.code, 0, adopt.stderr);
  assertMatch(adopt.stderr, /adopted .* from the Go edition \(its version 7\)/);
});

Deno.test("an adopted Go-edition database rolled back to 0 is canary's at version 0: every command takes it again", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  goEditionDatabase(db, 8);
  const goOnly = goOnlyContent(db);
  assertEquals((await runCanary(["list", "--db", db])).code, 0);
  const rollback = await runCanary(["rollback", "all", "--db", db]);
  assertEquals(rollback.code, 0, rollback.stderr);
  assertMatch(rollback.stderr, /backup of .* written to /);
  const status = await runCanary(["migrate", "status", "--json", "--db", db]);
  assertEquals(status.code, 0, status.stderr);
  assertEquals([JSON.parse(status.stdout).state, JSON.parse(status.stdout).version], [
    "pending",
    0,
  ]);
  assertEquals((await runCanary(["migrate", "force", "0", "--db", db])).code, 0);
  writeTree(dir.path, {
    "src/a.go": "// CANARY: REQ=CBIN-1; FEATURE=Alpha; ASPECT=API; STATUS=IMPL\n",
  });
  const index = await runCanary(["index", "--root", `${dir.path}/src`, "--db", db]);
  assertEquals(index.code, 0, index.stderr);
  const list = await runCanary(["list", "--json", "--db", db]);
  assertEquals(JSON.parse(list.stdout).map((t: { req_id: string }) => t.req_id), ["CBIN-1"]);
  // The Go edition's own tables were never canary's to drop.
  assertEquals(goOnlyContent(db), goOnly);
});

Deno.test("two commands opening one Go-edition database at once adopt it once", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  goEditionDatabase(db, 5);
  const runs = await Promise.all([
    runCanary(["search", "alpha", "--db", db, "--json"]),
    runCanary(["checkpoint", "after-go", "--db", db, "--json"]),
    runCanary(["prioritize", "CBIN-2", "Beta", "1", "--db", db]),
    runCanary(["migrate", "all", "--db", db, "--json"]),
  ]);
  for (const r of runs) assertEquals(r.code, 0, r.stderr);
  assertEquals(runs.filter((r) => /adopted/.test(r.stderr)).length, 1);
  assertEquals(
    query(db, "SELECT version FROM canary_migration_history").length,
    LATEST_SCHEMA_VERSION,
  );
  assertEquals(query(db, "SELECT 1 FROM priority_overrides").length, 3);
});

Deno.test("the first read adopts a Go-edition database it may write; one it may not is refused unchanged", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  goEditionDatabase(db, 5);
  const list = await runCanary(["checkpoint", "list", "--json", "--db", db]);
  assertEquals(list.code, 0, list.stderr);
  assertMatch(list.stderr, /adopted .* from the Go edition \(its version 5\)/);
  assert(JSON.parse(list.stdout).some((c: { name: string }) => c.name === "go-start"));
  const again = await runCanary(["list", "--db", db]);
  assertEquals(again.code, 0, again.stderr);
  assert(!/adopted/.test(again.stderr), "adopted once");
});

const unprivileged = unprivilegedSkipReason();

Deno.test({
  name:
    `a Go-edition database its reader may not write, or in a folder it may not write, is refused, unchanged, naming the way out${
      unprivileged ? ` (ignored: ${unprivileged})` : ""
    }`,
  ignore: unprivileged !== null,
  fn: async () => {
    // The file is read-only to the reader; then only its folder is.
    for (const ownFile of [false, true]) {
      using dir = tempDir();
      const db = `${dir.path}/canary.db`;
      goEditionDatabase(db, 5);
      Deno.chmodSync(db, 0o644);
      if (ownFile) Deno.chownSync(db, UNPRIVILEGED_ID, UNPRIVILEGED_ID);
      Deno.chmodSync(dir.path, 0o755);
      const before = snapshotFolder(dir.path);
      for (const args of [["list"], ["index", "--root", dir.path]]) {
        const r = await runCanaryUnprivileged([...args, "--db", db], dir.path);
        assertEquals(r.code, 1, r.stderr);
        assertMatch(
          r.stderr,
          /built by the Go edition .* run canary as a user who may, or copy it to a folder you can write and pass --db COPY/,
        );
        assertEquals(r.stderr.trim().split("\n").length, 1);
        assertEquals(snapshotFolder(dir.path), before);
      }
    }
  },
});

Deno.test("a Go snapshot holding elements that are no token objects is adopted once, with one backup", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  goEditionDatabase(db, 5);
  editDatabase(
    db,
    `INSERT INTO checkpoints (name, created_at, snapshot_json)
     VALUES ('odd', '2025-03-01', '["str", 5, null, [], {"Status": "REMOVED"}]')`,
  );
  for (let run = 0; run < 2; run++) {
    const list = await runCanary(["checkpoint", "list", "--json", "--db", db]);
    assertEquals(list.code, 0, list.stderr);
    const odd = JSON.parse(list.stdout).find((c: { name: string }) => c.name === "odd");
    assertEquals([odd.status_counts.REMOVED, odd.status_counts.MISSING], [1, 0]);
  }
  const backups = [...Deno.readDirSync(dir.path)].filter((e) => e.name.includes(".backup-"));
  assertEquals(backups.length, 1);
});

Deno.test("migrate repair adopts a Go-edition database as every other command does, also after migrate force", async () => {
  using dir = tempDir();
  const clean = `${dir.path}/clean.db`;
  const dirty = `${dir.path}/dirty.db`;
  goEditionDatabase(clean, 4);
  goEditionDatabase(dirty, 5, { dirty: true });
  const before = snapshotFolder(dir.path);
  const dry = await runCanary(["migrate", "repair", "--dry-run", "--db", clean]);
  assertEquals(dry.code, 1);
  assertMatch(dry.stderr, /built by the Go edition of canary .*canary migrate all/);
  assertEquals(snapshotFolder(dir.path), before);
  assertEquals((await runCanary(["migrate", "force", "5", "--db", dirty])).code, 0);
  for (const [db, version] of [[clean, 4], [dirty, 5]] as const) {
    const repair = await runCanary(["migrate", "repair", "--db", db, "--json"]);
    assertEquals(repair.code, 0, repair.stderr);
    assertMatch(
      repair.stderr,
      new RegExp(`adopted .* from the Go edition \\(its version ${version}\\)`),
    );
    const backup = /backup written to (\S+);/.exec(repair.stderr)![1];
    assertEquals(JSON.parse(repair.stdout).backup, backup);
    assertEquals(query(db, "SELECT 1 FROM priority_overrides").length, 2);
    const list = await runCanary(["checkpoint", "list", "--json", "--db", db]);
    const start = JSON.parse(list.stdout).find((c: { name: string }) => c.name === "go-start");
    assertEquals(start.status_counts.REMOVED, 1, list.stderr);
  }
});

Deno.test("on an adopted Go-edition database a token without UPDATED is undated, as on a new one", async () => {
  using dir = tempDir();
  writeTree(dir.path, {
    "src/a.go": "// CANARY: REQ=CBIN-7; FEATURE=Seven; ASPECT=API; STATUS=IMPL\n" +
      "// CANARY: REQ=CBIN-9; FEATURE=Nine; ASPECT=API; STATUS=IMPL; UPDATED=2025-01-01\n",
  });
  const go = `${dir.path}/go.db`;
  goEditionDatabase(go, 3);
  for (const db of [go, `${dir.path}/new.db`]) {
    const index = await runCanary(["index", "--root", `${dir.path}/src`, "--db", db]);
    assertEquals(index.code, 0, index.stderr);
    for (const order of [["--order-by", "updated"], ["--order-by", "updated", "--desc"]]) {
      const list = await runCanary(["list", ...order, "--json", "--db", db]);
      assertEquals(list.code, 0, list.stderr);
      assertEquals(
        JSON.parse(list.stdout).map((t: { req_id: string; updated: string | null }) => [
          t.req_id,
          t.updated,
        ]),
        [["CBIN-9", "2025-01-01"], ["CBIN-7", null]],
        `${db} ${order.join(" ")}`,
      );
    }
  }
});

Deno.test("Go rows and snapshots whose numbers are no numbers are shown without NaN until the next index", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  goEditionDatabase(db, 5);
  editDatabase(
    db,
    `UPDATE tokens SET priority = 'high' WHERE req_id = 'CBIN-2';
     UPDATE tokens SET priority = X'0102' WHERE req_id = 'CBIN-3';
     INSERT INTO checkpoints (name, created_at, snapshot_json) VALUES ('odd', '2025-03-01',
       '[{"ReqID": "CBIN-9", "Feature": "Nine", "FilePath": "n.go", "LineNumber": "x"}]')`,
  );
  for (const args of [["status"], ["list"], ["checkpoint", "show", "odd"]]) {
    const r = await runCanary([...args, "--db", db]);
    assertEquals(r.code, 0, r.stderr);
    assert(!r.stdout.includes("NaN"), `${args.join(" ")}: ${r.stdout}`);
  }
  const list = JSON.parse((await runCanary(["list", "--json", "--db", db])).stdout);
  assertEquals(
    list.filter((t: { req_id: string }) => t.req_id !== "CBIN-1" && t.req_id !== "CBIN-4")
      .map((t: { req_id: string; priority: number }) => [t.req_id, t.priority]).sort(),
    [["CBIN-2", 5], ["CBIN-3", 5]],
  );
});
