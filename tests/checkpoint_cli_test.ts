import { assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { compareCodePoints } from "../src/scan/path_order.ts";
import { QUERY_FIXTURE_FILES } from "../src/query/test_database.ts";
import { DatabaseSync } from "node:sqlite";
import { goEditionDatabase } from "./go_edition_fixture.ts";

Deno.test("checkpoint on an empty index", async () => {
  using dir = tempDir();
  const db = `${dir.path}/empty.db`;
  const r = await runCanary(["checkpoint", "start", "--db", db, "--json"]);
  assertEquals(r.code, 0, r.stderr);
  const created = JSON.parse(r.stdout);
  assertEquals(created.total, 0);
  assertEquals(created.status_counts, {
    MISSING: 0,
    STUB: 0,
    IMPL: 0,
    TESTED: 0,
    BENCHED: 0,
    REMOVED: 0,
  });
});

Deno.test("canary checkpoint: create, list, show, diff", async (t) => {
  using dir = tempDir();
  const root = `${dir.path}/tree`;
  writeTree(root, { ...QUERY_FIXTURE_FILES });
  const db = `${dir.path}/canary.db`;
  assertEquals((await runCanary(["index", "--root", root, "--db", db])).code, 0);
  const canary = (...args: string[]) => runCanary([...args, "--db", db]);
  const json = async (...args: string[]) => {
    const r = await canary(...args, "--json");
    assertEquals(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };

  await t.step("`checkpoint <name> [description]` creates one with counts", async () => {
    const r = await canary("checkpoint", "v1", "before the sprint");
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stdout, "");
    assertMatch(r.stderr, /checkpoint 'v1' created: 6 tokens/);
    const [v1] = await json("checkpoint", "list");
    assertEquals(v1.name, "v1");
    assertEquals(v1.description, "before the sprint");
    assertEquals(v1.total, 6);
    assertEquals(v1.status_counts, {
      MISSING: 1,
      STUB: 2,
      IMPL: 1,
      TESTED: 1,
      BENCHED: 1,
      REMOVED: 0,
    });
    assertMatch(v1.created_at, /^\d{4}-\d\d-\d\d/);
  });

  await t.step("a duplicate name is an error naming the existing checkpoint", async () => {
    const r = await canary("checkpoint", "create", "v1");
    assertEquals(r.code, 1);
    assertMatch(r.stderr, /a checkpoint named 'v1' already exists \(created .*, 6 tokens\)/);
    assertEquals((await json("checkpoint", "list")).length, 1);
  });

  await t.step("show: summary and the full token list", async () => {
    const shown = await json("checkpoint", "show", "v1");
    assertEquals(shown.tokens.length, 6);
    assertEquals(shown.tokens[0].file_path, "lib/engine.py");
    assertEquals(Object.keys(shown.tokens[0]).includes("raw_token"), true);
    const table = await canary("checkpoint", "show", "v1");
    assertMatch(table.stdout, /^checkpoint\s+v1$/m);
    assertMatch(table.stdout, /STUB 2/);
    assertMatch(table.stdout, /^REQ\s+FEATURE\s+STATUS/m);
    const missing = await canary("checkpoint", "show", "nope");
    assertEquals(missing.code, 1);
    assertMatch(missing.stderr, /no checkpoint named 'nope'; nearest: v1/);
  });

  await t.step("diff against the current index after a token changes status", async () => {
    writeTree(root, {
      "src/cli/list.ts": QUERY_FIXTURE_FILES["src/cli/list.ts"].replace(
        'FEATURE="SearchCommand"; ASPECT=CLI; STATUS=STUB',
        'FEATURE="SearchCommand"; ASPECT=CLI; STATUS=IMPL',
      ),
      "src/new.ts": '// CANARY: REQ=CBIN-400; FEATURE="Fresh"; ASPECT=API; STATUS=STUB\n',
    }, new Date());
    assertEquals((await runCanary(["index", "--root", root, "--db", db])).code, 0);
    const diff = await json("checkpoint", "diff", "v1");
    assertEquals(diff.from.name, "v1");
    assertEquals(diff.to, { name: null, created_at: null, commit_hash: null });
    assertEquals(diff.counts, { added: 1, removed: 0, status_changed: 1, unchanged: 5 });
    assertEquals(diff.added.map((t: { req_id: string }) => t.req_id), ["CBIN-400"]);
    assertEquals(diff.status_changed, [{
      req_id: "CBIN-CLI-002",
      feature: "SearchCommand",
      aspect: "CLI",
      file_path: "src/cli/list.ts",
      line_number: 2,
      from: "STUB",
      to: "IMPL",
    }]);
    assertEquals(diff.status_counts.from.STUB, 2);
    assertEquals(diff.status_counts.to.STUB, 2);
    assertEquals(diff.status_counts.to.IMPL, 2);
    const text = await canary("checkpoint", "diff", "v1");
    assertMatch(text.stdout, /status changed \(1\)/);
    assertMatch(text.stdout, /CBIN-CLI-002\s+SearchCommand\s+CLI\s+STUB\s+IMPL/);
    assertMatch(text.stdout, /1 added, 0 removed, 1 changed status, 5 unchanged/);
  });

  await t.step("diff between two checkpoints, after a token is removed", async () => {
    assertEquals((await canary("checkpoint", "create", "v2")).code, 0);
    writeTree(root, { "src/new.ts": "// nothing here any more\n" }, new Date());
    assertEquals((await runCanary(["index", "--root", root, "--db", db])).code, 0);
    assertEquals((await canary("checkpoint", "v3")).code, 0);
    const diff = await json("checkpoint", "diff", "v2", "v3");
    assertEquals([diff.from.name, diff.to.name], ["v2", "v3"]);
    assertEquals(diff.counts, { added: 0, removed: 1, status_changed: 0, unchanged: 6 });
    assertEquals(diff.removed[0].req_id, "CBIN-400");
    const list = await json("checkpoint", "list");
    assertEquals(list.map((c: { name: string }) => c.name), ["v1", "v2", "v3"]);
    const table = await canary("checkpoint", "list");
    assertMatch(table.stdout, /^NAME\s+CREATED\s+COMMIT\s+TOTAL\s+MISSING/);
  });

  await t.step(
    "a subcommand word needs `create` to be a name; no name is a usage error",
    async () => {
      assertEquals((await canary("checkpoint", "create", "list")).code, 0);
      assertEquals((await json("checkpoint", "show", "list")).name, "list");
      assertEquals((await canary("checkpoint")).code, 2);
    },
  );
});

Deno.test("an error naming a checkpoint with a line break stays on one line", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  assertEquals((await runCanary(["checkpoint", "create", "a\nb", "--db", db])).code, 0);
  for (
    const args of [
      ["show", "ab"],
      ["diff", "ab"],
      ["delete", "ab"],
      ["create", "a\nb"],
    ]
  ) {
    const r = await runCanary(["checkpoint", ...args, "--db", db]);
    assertEquals(r.code, 1, args.join(" "));
    assertEquals(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
    assertMatch(r.stderr, /^canary: error: .*a\\nb/);
  }
});

Deno.test("checkpoint diff: two tokens that differ by aspect and swap lines are unchanged", async () => {
  using dir = tempDir();
  const api = '// CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=API; STATUS=IMPL\n';
  const cli = '// CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=CLI; STATUS=TESTED; TEST=T\n';
  const db = `${dir.path}/canary.db`;
  const index = async (text: string) => {
    writeTree(dir.path, { "tree/a.go": text }, new Date());
    assertEquals((await runCanary(["index", "--root", `${dir.path}/tree`, "--db", db])).code, 0);
  };
  await index(api + cli);
  assertEquals((await runCanary(["checkpoint", "c1", "--db", db])).code, 0);
  await index(cli + api.replace("IMPL", "STUB"));
  const r = await runCanary(["checkpoint", "diff", "c1", "--db", db, "--json"]);
  assertEquals(r.code, 0, r.stderr);
  const diff = JSON.parse(r.stdout);
  assertEquals(diff.counts, { added: 0, removed: 0, status_changed: 1, unchanged: 1 });
  assertEquals(
    diff.status_changed.map((
      c: Record<string, unknown>,
    ) => [c.aspect, c.from, c.to, c.line_number]),
    [["API", "IMPL", "STUB", 2]],
  );
});

Deno.test("a checkpoint's total leaves out REMOVED tokens, as status, show and report do", async () => {
  using dir = tempDir();
  writeTree(dir.path, {
    "tree/a.go": '// CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=API; STATUS=REMOVED\n' +
      '// CANARY: REQ=CBIN-1; FEATURE="B"; ASPECT=API; STATUS=IMPL\n',
  });
  const db = `${dir.path}/canary.db`;
  assertEquals((await runCanary(["index", "--root", `${dir.path}/tree`, "--db", db])).code, 0);
  const json = async (...args: string[]) => {
    const r = await runCanary([...args, "--db", db, "--json"]);
    assertEquals(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const created = await json("checkpoint", "k");
  const [listed] = await json("checkpoint", "list");
  const shown = await json("checkpoint", "show", "k");
  const report = await json("report");
  assertEquals(
    [created.total, listed.total, shown.total, report.trend[0].total, report.project.total],
    [1, 1, 1, 1, 1],
  );
  assertEquals([shown.status_counts.REMOVED, shown.tokens.length], [1, 2]);
  assertEquals([(await json("show", "CBIN-1")).total, (await json("status", "CBIN-1")).total], [
    1,
    1,
  ]);
});

Deno.test("a Go checkpoint with no total_tokens counts its REMOVED token out, never below 0", async () => {
  using dir = tempDir();
  const db = `${dir.path}/g.db`;
  goEditionDatabase(db, 5);
  const go = new DatabaseSync(db);
  go.prepare(
    "INSERT INTO checkpoints (name, created_at, snapshot_json) VALUES ('odd', '2025-03-01', ?)",
  ).run(JSON.stringify([{
    ReqID: "CBIN-1",
    Feature: "A",
    Aspect: "API",
    Status: "REMOVED",
    FilePath: "a.go",
    LineNumber: 1,
  }]));
  go.close();
  const r = await runCanary(["checkpoint", "list", "--json", "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  const odd = JSON.parse(r.stdout).find((c: { name: string }) => c.name === "odd");
  assertEquals([odd.total, odd.status_counts.REMOVED], [0, 1]);
  const shown = await runCanary(["checkpoint", "show", "odd", "--db", db]);
  assertMatch(shown.stdout, /^total +0$/m);
});

Deno.test("checkpoint: unquoted description words are joined, as the Go edition does", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  let r = await runCanary(["checkpoint", "words", "after", "the", "sprint", "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  r = await runCanary(["checkpoint", "create", "more", "release", "candidate", "2", "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  r = await runCanary(["checkpoint", "bare", "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  const list = JSON.parse((await runCanary(["checkpoint", "list", "--db", db, "--json"])).stdout);
  assertEquals(
    list.map((c: { name: string; description: string | null }) => [c.name, c.description]),
    [["words", "after the sprint"], ["more", "release candidate 2"], ["bare", null]],
  );
});

Deno.test("a checkpoint taken from a nested repository records the project's commit", async () => {
  using dir = tempDir();
  const git = (cwd: string, ...args: string[]) =>
    new TextDecoder().decode(
      new Deno.Command("git", {
        args: ["-C", cwd, "-c", "user.name=t", "-c", "user.email=t@t", ...args],
        stdout: "piped",
      }).outputSync().stdout,
    ).trim();
  const project = `${dir.path}/project`;
  const nested = `${project}/vendor/lib`;
  writeTree(project, { "README.md": "no tokens yet\n" });
  Deno.mkdirSync(nested, { recursive: true });
  for (const repo of [project, nested]) {
    git(repo, "init", "-q");
    git(repo, "commit", "-q", "--allow-empty", "-m", repo);
  }
  // An index built outside git would hold no commit; this one is empty, so none either.
  assertEquals((await runCanary(["index"], { cwd: project })).code, 0);
  const r = await runCanary(["checkpoint", "--json", "create", "c1"], { cwd: nested });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).commit_hash, git(project, "rev-parse", "HEAD"));
});

Deno.test("checkpoint diff orders paths as list does: code point order, astral and private-use included", async () => {
  using dir = tempDir();
  const root = `${dir.path}/tree`;
  // UTF-16 order would put the astral names (surrogate pairs) before U+E000 and U+FF21.
  const names = [
    "\u{1F600}.ts",
    "\u{1D538}.ts",
    "\uE000.ts",
    "\uFF21.ts",
    "\u00E9.ts",
    "z.ts",
    "A.ts",
  ];
  const token = (req: number, status: string) =>
    `// CANARY: REQ=CBIN-${req}; FEATURE="F"; ASPECT=API; STATUS=${status}; UPDATED=2025-10-16\n`;
  const tree = (status: string) =>
    Object.fromEntries(names.map((name, i) => [`src/${name}`, token(100 + i, status)]));
  writeTree(root, tree("STUB"));
  const db = `${dir.path}/canary.db`;
  const json = async (...args: string[]) => {
    const r = await runCanary([...args, "--db", db, "--json"], { cwd: `${root}/src` });
    assertEquals(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  await json("index", "--root", root);
  await json("checkpoint", "create", "before");
  writeTree(root, tree("IMPL"), new Date());
  await json("index", "--root", root);
  const expected = names.map((name) => `src/${name}`).sort(compareCodePoints);
  assertEquals(expected.slice(-3), ["src/\uFF21.ts", "src/\u{1D538}.ts", "src/\u{1F600}.ts"]);
  const listed = await json("list", "--order-by", "file");
  assertEquals(listed.map((t: { file_path: string }) => t.file_path), expected);
  const diff = await json("checkpoint", "diff", "before");
  assertEquals(diff.status_changed.map((c: { file_path: string }) => c.file_path), expected);
});
