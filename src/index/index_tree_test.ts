import { assert, assertEquals, assertRejects } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { applyMigrations } from "../db/migrator.ts";
import { EMBEDDED_MIGRATIONS } from "../db/embedded_migrations.ts";
import { indexTree } from "./index_tree.ts";

const NO_GIT = { commitHash: "", branch: "" };

function setup(): { db: DatabaseSync; root: string } & Disposable {
  const db = new DatabaseSync(":memory:");
  applyMigrations(db, EMBEDDED_MIGRATIONS, "all");
  const root = Deno.makeTempDirSync({ prefix: "canary-index-" });
  return {
    db,
    root,
    [Symbol.dispose]() {
      db.close();
      Deno.removeSync(root, { recursive: true });
    },
  };
}

function token(req: string, feature: string, status = "IMPL", extra = ""): string {
  return `// CANARY: REQ=${req}; FEATURE="${feature}"; ASPECT=API; STATUS=${status}${extra}\n`;
}

const AN_HOUR_AGO = new Date(Date.now() - 3600_000);

/** Writes a file dated an hour ago, so that its fingerprint is trusted (not "racy"). */
function write(root: string, path: string, text: string, mtime = AN_HOUR_AGO): void {
  const full = `${root}/${path}`;
  Deno.mkdirSync(full.slice(0, full.lastIndexOf("/")), { recursive: true });
  Deno.writeTextFileSync(full, text);
  Deno.utimeSync(full, mtime, mtime);
}

function rows(db: DatabaseSync): string[] {
  return (db.prepare(
    "SELECT req_id, feature, status, file_path, line_number, priority FROM tokens ORDER BY req_id, file_path",
  ).all() as Record<string, unknown>[]).map((r) =>
    `${r.req_id} ${r.feature} ${r.status} ${r.file_path}:${r.line_number} p${r.priority}`
  );
}

Deno.test("indexing stores every token with its location and effective status", async () => {
  using t = setup();
  write(t.root, "a.ts", "const x = 1;\n" + token("CBIN-1", "Alpha", "IMPL", "; TEST=TestAlpha"));
  write(t.root, "sub/b.py", token("CBIN-2", "Beta", "STUB", "; PRIORITY=2"));
  const report = await indexTree(t.db, t.root, { git: NO_GIT });
  assertEquals([report.tokens, report.added, report.filesWithTokens], [2, 2, 2]);
  assertEquals(rows(t.db), ["CBIN-1 Alpha TESTED a.ts:2 p5", "CBIN-2 Beta STUB sub/b.py:1 p2"]);
  const declared = t.db.prepare("SELECT declared_status, test FROM tokens WHERE req_id = 'CBIN-1'")
    .get();
  assertEquals({ ...declared }, { declared_status: "IMPL", test: "TestAlpha" });
});

Deno.test("a removed token disappears from the index", async () => {
  using t = setup();
  write(t.root, "a.ts", token("CBIN-1", "Alpha") + token("CBIN-2", "Beta"));
  await indexTree(t.db, t.root, { git: NO_GIT });
  write(t.root, "a.ts", token("CBIN-1", "Alpha") + "// nothing here now\n");
  const report = await indexTree(t.db, t.root, { git: NO_GIT });
  assertEquals([report.removed, report.added], [1, 0]);
  assertEquals(rows(t.db), ["CBIN-1 Alpha IMPL a.ts:1 p5"]);
});

Deno.test("a deleted file's tokens disappear", async () => {
  using t = setup();
  write(t.root, "a.ts", token("CBIN-1", "Alpha"));
  write(t.root, "b.ts", token("CBIN-2", "Beta"));
  await indexTree(t.db, t.root, { git: NO_GIT });
  Deno.removeSync(`${t.root}/b.ts`);
  const report = await indexTree(t.db, t.root, { git: NO_GIT });
  assertEquals(report.removed, 1);
  assertEquals(rows(t.db), ["CBIN-1 Alpha IMPL a.ts:1 p5"]);
  assertEquals(t.db.prepare("SELECT file_path FROM file_fingerprints").all().length, 1);
});

Deno.test("a moved token moves, within a file and across files", async () => {
  using t = setup();
  write(t.root, "a.ts", token("CBIN-1", "Alpha") + token("CBIN-2", "Beta"));
  await indexTree(t.db, t.root, { git: NO_GIT });
  write(t.root, "a.ts", "\n\n" + token("CBIN-1", "Alpha"));
  write(t.root, "moved/b.ts", token("CBIN-2", "Beta"));
  const report = await indexTree(t.db, t.root, { git: NO_GIT });
  assertEquals([report.changed, report.added, report.removed], [1, 1, 1]);
  assertEquals(rows(t.db), ["CBIN-1 Alpha IMPL a.ts:3 p5", "CBIN-2 Beta IMPL moved/b.ts:1 p5"]);
});

Deno.test("a priority set by hand survives re-indexing, even when the token moves", async () => {
  using t = setup();
  write(t.root, "a.ts", token("CBIN-1", "Alpha", "IMPL", "; PRIORITY=7"));
  await indexTree(t.db, t.root, { git: NO_GIT });
  t.db.exec(
    "INSERT INTO priority_overrides (req_id, feature, priority) VALUES ('CBIN-1', 'Alpha', 1)",
  );
  write(t.root, "b.ts", "\n" + token("CBIN-1", "Alpha", "IMPL", "; PRIORITY=7"));
  Deno.removeSync(`${t.root}/a.ts`);
  await indexTree(t.db, t.root, { git: NO_GIT });
  assertEquals(rows(t.db), ["CBIN-1 Alpha IMPL b.ts:2 p1"]);
});

Deno.test("a failure part-way through leaves the previous index intact", async () => {
  using t = setup();
  for (let i = 0; i < 5; i++) write(t.root, `f${i}.ts`, token(`CBIN-${i}`, `F${i}`));
  await indexTree(t.db, t.root, { git: NO_GIT });
  const before = rows(t.db);
  const fingerprintsBefore = t.db.prepare("SELECT * FROM file_fingerprints ORDER BY file_path")
    .all();
  const later = new Date();
  for (let i = 0; i < 5; i++) {
    write(t.root, `f${i}.ts`, token(`CBIN-${i}`, `F${i}`, "STUB"), later);
  }
  write(t.root, "new.ts", token("CBIN-9", "New"));
  let written = 0;
  await assertRejects(
    () =>
      indexTree(t.db, t.root, {
        git: NO_GIT,
        afterFileWritten: () => {
          if (++written === 3) throw new Error("injected failure");
        },
      }),
    Error,
    "injected failure",
  );
  assertEquals(rows(t.db), before);
  assertEquals(
    t.db.prepare("SELECT * FROM file_fingerprints ORDER BY file_path").all(),
    fingerprintsBefore,
  );
  assertEquals(t.db.isTransaction, false);
  // And the search index followed the rollback too.
  assertEquals(
    {
      ...t.db.prepare("SELECT count(*) AS n FROM tokens_fts WHERE tokens_fts MATCH '\"New\"'")
        .get(),
    },
    { n: 0 },
  );
});

Deno.test("re-indexing an unchanged tree reads no file and changes nothing", async () => {
  using t = setup();
  for (let i = 0; i < 20; i++) {
    write(t.root, `d${i % 3}/f${i}.ts`, i % 4 === 0 ? token(`CBIN-${i}`, `F${i}`) : "plain\n");
  }
  write(t.root, "bad.ts", "// CANARY: REQ=CBIN-77; FEATURE=x; STATUS=IMPL\n");
  const first = await indexTree(t.db, t.root, { git: NO_GIT });
  assertEquals(first.filesRead, 21);
  const before = rows(t.db);
  const second = await indexTree(t.db, t.root, { git: NO_GIT });
  assertEquals(second.filesRead, 0);
  assertEquals([second.added, second.removed, second.changed], [0, 0, 0]);
  assertEquals(second.tokens, first.tokens);
  assertEquals(second.diagnostics, first.diagnostics, "diagnostics of unread files are kept");
  assertEquals(rows(t.db), before);
  // Proof that contents were not read: same size and mtime, different text, old tokens kept.
  const path = `${t.root}/d0/f0.ts`;
  const stat = Deno.statSync(path);
  Deno.writeTextFileSync(path, token("CBIN-0", "F0").replace("F0", "G0"));
  Deno.utimeSync(path, stat.atime!, stat.mtime!);
  await indexTree(t.db, t.root, { git: NO_GIT });
  assert(rows(t.db).includes("CBIN-0 F0 IMPL d0/f0.ts:1 p5"));
});

Deno.test("a file rewritten with the same size within the same clock tick is read again", async () => {
  using t = setup();
  const now = new Date();
  write(t.root, "a.ts", token("CBIN-1", "Alpha", "IMPL"), now);
  await indexTree(t.db, t.root, { git: NO_GIT });
  write(t.root, "a.ts", token("CBIN-1", "Alpha", "STUB"), now); // same size, same mtime
  assertEquals((await indexTree(t.db, t.root, { git: NO_GIT })).filesRead, 1);
  assertEquals(rows(t.db), ["CBIN-1 Alpha STUB a.ts:1 p5"]);
});

Deno.test("a binary file that changes after its read keeps the stat seen before it", async () => {
  using t = setup();
  write(t.root, "a.ts", "plain\n");
  const binary = `${t.root}/b.bin`;
  Deno.writeFileSync(binary, new Uint8Array([1, 0, 2]));
  Deno.utimeSync(binary, AN_HOUR_AGO, AN_HOUR_AGO);
  // While the index is written, b.bin becomes text dated in the past, as a checkout dates it.
  const first = await indexTree(t.db, t.root, {
    git: NO_GIT,
    afterFileWritten: () => write(t.root, "b.bin", token("CBIN-2", "Beta"), new Date(0)),
  });
  assertEquals(first.skipped, [{ path: "b.bin", reason: "binary" }]);
  const second = await indexTree(t.db, t.root, { git: NO_GIT });
  assertEquals(second.filesRead, 1);
  assertEquals(rows(t.db), ["CBIN-2 Beta IMPL b.bin:1 p5"]);
});

Deno.test("a changed file is read again; --strict mode changes force a re-read", async () => {
  using t = setup();
  write(t.root, "a.ts", token("CBIN-1", "Alpha", "IMPL", "; COLOUR=blue"));
  assertEquals((await indexTree(t.db, t.root, { git: NO_GIT })).diagnostics.length, 0);
  const strict = await indexTree(t.db, t.root, { git: NO_GIT, strict: true });
  assertEquals(strict.filesRead, 1);
  assertEquals(strict.diagnostics.length, 1);
  write(t.root, "a.ts", token("CBIN-1", "Alpha", "TESTED", "; COLOUR=blue; EXTRA=1"), new Date());
  const again = await indexTree(t.db, t.root, { git: NO_GIT });
  assertEquals([again.filesRead, again.changed], [1, 1]);
  assertEquals(rows(t.db), ["CBIN-1 Alpha TESTED a.ts:1 p5"]);
});

Deno.test("the commit hash and branch of a git work tree are recorded", async () => {
  using t = setup();
  write(t.root, "a.ts", token("CBIN-1", "Alpha"));
  const git = (...args: string[]) =>
    new Deno.Command("git", {
      args: ["-C", t.root, "-c", "user.name=t", "-c", "user.email=t@e", ...args],
      stdout: "null",
      stderr: "null",
    }).outputSync();
  git("init", "-q", "-b", "trunk");
  git("add", ".");
  git("commit", "-qm", "x");
  const report = await indexTree(t.db, t.root);
  assertEquals(report.branch, "trunk");
  assert(/^[0-9a-f]{40}$/.test(report.commitHash), report.commitHash);
  const stored = t.db.prepare("SELECT commit_hash, branch FROM tokens").get();
  assertEquals({ ...stored }, { commit_hash: report.commitHash, branch: "trunk" });
});

Deno.test("outside git, commit and branch are empty, not an error", async () => {
  using t = setup();
  write(t.root, "a.ts", token("CBIN-1", "Alpha"));
  const report = await indexTree(t.db, t.root);
  // The temp folder may itself sit inside a work tree on a developer machine; only check the type.
  assertEquals(typeof report.commitHash, "string");
  assertEquals(t.db.prepare("SELECT count(*) AS n FROM tokens").get()!.n, 1);
});

Deno.test("rows written without fingerprints (by another tool) are replaced, not duplicated", async () => {
  using t = setup();
  write(t.root, "a.ts", token("CBIN-1", "Alpha"));
  for (const [req, file] of [["CBIN-1", "a.ts"], ["CBIN-8", "gone.ts"]]) {
    t.db.prepare(
      `INSERT INTO tokens (req_id, feature, aspect, status, file_path, line_number)
       VALUES (?, 'Alpha', 'API', 'STUB', ?, 1)`,
    ).run(req, file);
  }
  const report = await indexTree(t.db, t.root, { git: NO_GIT });
  assertEquals(rows(t.db), ["CBIN-1 Alpha IMPL a.ts:1 p5"]);
  assertEquals([report.added, report.removed, report.changed], [0, 1, 1]);
});
