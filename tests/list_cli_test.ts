import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import {
  CANARY_RUN_FLAGS,
  commandOutput,
  MAIN_TS,
  personEnv,
  runCanary,
  tempDir,
  writeTree,
} from "./helpers.ts";
import { QUERY_FIXTURE_FILES } from "../src/query/test_database.ts";

/** Indexes the fixture tree into `<dir>/canary.db` and returns the database path. */
async function indexedFixture(dir: string): Promise<string> {
  writeTree(`${dir}/tree`, { ...QUERY_FIXTURE_FILES });
  const db = `${dir}/canary.db`;
  const r = await runCanary(["index", "--root", `${dir}/tree`, "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  return db;
}

Deno.test("canary list", async (t) => {
  using dir = tempDir();
  const db = await indexedFixture(dir.path);
  const list = (...args: string[]) => runCanary(["list", "--db", db, ...args]);
  const reqs = async (...args: string[]) => {
    const r = await list("--json", ...args);
    assertEquals(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { req_id: string }[]).map((x) => x.req_id);
  };

  await t.step("default order: priority ascending, then updated descending", async () => {
    assertEquals(await reqs(), [
      "CBIN-CLI-001",
      "CBIN-CLI-002",
      "CBIN-130",
      "CBIN-129",
      "CBIN-201",
      "CBIN-200",
    ]);
  });

  await t.step("the table: aligned columns, path:line, nothing but data on stdout", async () => {
    const r = await list();
    assertEquals(r.code, 0);
    assertEquals(r.stderr, "");
    const lines = r.stdout.trimEnd().split("\n");
    assertMatch(lines[0], /^REQ\s+FEATURE\s+STATUS\s+ASPECT\s+PRI\s+LOCATION$/);
    assertMatch(lines[1], /^CBIN-CLI-001\s+ListCommand\s+IMPL\s+CLI\s+1\s+src\/cli\/list\.ts:1$/);
    assertEquals(lines.length, 7);
    assertEquals(lines[1].indexOf("ListCommand"), lines[0].indexOf("FEATURE"));
  });

  await t.step("colours only when forced", async () => {
    assert(!(await list()).stdout.includes("\x1b["));
    const r = await runCanary(["list", "--db", db], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    assert(r.stdout.includes("\x1b[32mTESTED"), r.stdout);
  });

  // How filters combine is unit-tested in src/query/list_tokens_test.ts; here, how the options
  // read: comma lists, repeated options, values in any case, every filter reaching the query.
  await t.step("filter options: comma lists, repeats, any case", async () => {
    assertEquals(await reqs("--status", "stub,MISSING"), ["CBIN-CLI-002", "CBIN-130", "CBIN-200"]);
    assertEquals(
      await reqs("--status", "stub", "--status", "missing"),
      await reqs("--status", "STUB,MISSING"),
    );
    assertEquals(await reqs("--status", "STUB", "--aspect", "storage"), ["CBIN-130"]);
    assertEquals(await reqs("--owner", "bob", "--phase", "P2"), ["CBIN-CLI-002"]);
    assertEquals(await reqs("--spec-status", "approved"), ["CBIN-CLI-002"]);
    assertEquals(await reqs("--req", "CBIN-CLI"), ["CBIN-CLI-001", "CBIN-CLI-002"]);
    assertEquals(await reqs("--path", "src/db/*"), ["CBIN-130", "CBIN-129"]);
    assertEquals(await reqs("--priority-min", "3", "--priority-max", "5"), [
      "CBIN-130",
      "CBIN-129",
      "CBIN-201",
    ]);
  });

  await t.step("--order-by, --desc and --limit", async () => {
    assertEquals(await reqs("--order-by", "req", "--limit", "2"), ["CBIN-129", "CBIN-130"]);
    assertEquals(await reqs("--order-by", "status", "--desc", "--limit", "2"), [
      "CBIN-201",
      "CBIN-129",
    ]);
    assertEquals((await reqs("--order-by", "updated", "--desc"))[0], "CBIN-129");
    assertEquals((await reqs("--order-by", "priority", "--desc"))[0], "CBIN-200");
  });

  await t.step(
    "as in the Go edition: --limit 0 is no limit, a priority bound of 0 no bound",
    async () => {
      assertEquals((await reqs("--limit", "0")).length, 6);
      assertEquals(await reqs("--priority-min", "0", "--priority-max", "0"), await reqs());
      assertEquals(await reqs("--priority-min", "0", "--priority-max", "2"), [
        "CBIN-CLI-001",
        "CBIN-CLI-002",
      ]);
      assertEquals(await reqs("--priority-min", "8", "--priority-max", "0"), ["CBIN-200"]);
    },
  );

  await t.step("--json: the documented token object", async () => {
    const r = await list("--json", "--req", "CBIN-201");
    const [token] = JSON.parse(r.stdout);
    assertEquals(token.status, "BENCHED");
    assertEquals(token.declared_status, "IMPL");
    assertEquals(token.tests, ["TestTok"]);
    assertEquals(token.benches, ["BenchTok"]);
    assertEquals(token.file_path, "lib/engine.py");
    assertEquals(token.line_number, 2);
    assertEquals(token.updated, "2025-09-01");
    assertEquals(token.owner, null);
    assertEquals(typeof token.id, "number");
    assertMatch(token.raw_token, /CANARY: REQ=CBIN-201/);
  });

  await t.step("--format tsv: one token per line, fixed columns, --header", async () => {
    const r = await list("--format", "tsv", "--limit", "1");
    assertEquals(
      r.stdout,
      "CBIN-CLI-001\tListCommand\tIMPL\tCLI\t1\tsrc/cli/list.ts\t1\tbob\tP1\tdraft\t2025-10-10\t\t\n",
    );
    const h = await list("--format", "tsv", "--header");
    assertEquals(h.stdout.split("\n")[0].split("\t").slice(0, 3), ["req_id", "feature", "status"]);
    assertEquals(h.stdout.trimEnd().split("\n").length, 7);
  });

  await t.step("an empty result: [] under --json, a note on stderr otherwise; exit 0", async () => {
    let r = await list("--json", "--req", "NOPE-1");
    assertEquals([r.code, r.stdout.trim()], [0, "[]"]);
    r = await list("--req", "NOPE-1");
    assertEquals([r.code, r.stdout], [0, ""]);
    assertMatch(r.stderr, /no tokens match/);
    r = await list("--format", "tsv", "--req", "NOPE-1");
    assertEquals([r.code, r.stdout], [0, ""]);
  });

  await t.step("bad options are usage errors (exit 2)", async () => {
    for (
      const args of [
        ["--order-by", "priority; DROP TABLE tokens"],
        ["--order-by", "id"],
        ["--status", "DONE"],
        ["--limit", "-1"],
        ["--limit", "x"],
        ["--priority-max", "-1"],
        ["--priority-min", "11"],
        ["--priority-min", "5", "--priority-max", "2"],
        ["--format", "xml"],
        ["--format", "tsv", "--json"],
      ]
    ) {
      const r = await list(...args);
      assertEquals(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assertEquals(r.stdout, "");
      assertMatch(r.stderr, /canary: error: /);
    }
    assertEquals((await reqs()).length, 6, "the tokens table is intact");
  });

  await t.step("--json output parses in a pipeline", async () => {
    const script = `JSON.parse(await new Response(Deno.stdin.readable).text()).length`;
    const r = await commandOutput("bash", {
      args: [
        "-c",
        `set -o pipefail; "$0" run -q ${
          CANARY_RUN_FLAGS.join(" ")
        } "$1" list --json --db "$2" | "$0" eval -p '${script}'`,
        Deno.execPath(),
        MAIN_TS,
        db,
      ],
      clearEnv: true,
      env: personEnv(),
    }, "list piped into a reader");
    assertEquals(r.code, 0, new TextDecoder().decode(r.stderr));
    assertEquals(new TextDecoder().decode(r.stdout).trim(), "6");
  });
});

Deno.test("a large list piped to head -1 stops early and exits 0 quietly", async () => {
  using dir = tempDir();
  const db = `${dir.path}/big.db`;
  assertEquals((await runCanary(["migrate", "all", "--db", db])).code, 0);
  const sqlite = new DatabaseSync(db);
  try {
    sqlite.exec(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
       INSERT INTO tokens (req_id, feature, aspect, status, file_path, line_number)
       SELECT 'CBIN-' || i, 'Feature' || i, 'API', 'IMPL', 'src/f' || i || '.ts', 1 FROM n`,
    );
  } finally {
    sqlite.close();
  }
  for (const format of ["table", "tsv", "json"]) {
    const r = await commandOutput("bash", {
      args: [
        "-c",
        `set -o pipefail; "$0" run -q ${
          CANARY_RUN_FLAGS.join(" ")
        } "$1" list --format "$3" --db "$2" | head -1`,
        Deno.execPath(),
        MAIN_TS,
        db,
        format,
      ],
      clearEnv: true,
      env: personEnv(),
    }, "list piped into a reader");
    const stderr = new TextDecoder().decode(r.stderr);
    assertEquals(r.code, 0, `${format}: ${stderr}`);
    assertEquals(stderr, "", format);
    assertEquals(new TextDecoder().decode(r.stdout).split("\n").length, 2, format);
  }
});

Deno.test("list migrates an old database, reporting it on stderr only", async () => {
  using dir = tempDir();
  const db = `${dir.path}/old.db`;
  assertEquals((await runCanary(["migrate", "1", "--db", db])).code, 0);
  const r = await runCanary(["list", "--json", "--db", db]);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout), []);
  assertMatch(r.stderr, /migrated .*old\.db from version 1 to/);
});

Deno.test("--path names a folder's files; an unknown --aspect is a usage error", async () => {
  using dir = tempDir();
  writeTree(dir.path, {
    ...QUERY_FIXTURE_FILES,
    "x.ts": '// CANARY: REQ=CBIN-900; FEATURE="Custom"; ASPECT=Telemetry; STATUS=IMPL\n',
  });
  assertEquals((await runCanary(["index"], { cwd: dir.path })).code, 0);
  const paths = async (...args: string[]) => {
    const r = await runCanary(["list", "--json", ...args], { cwd: dir.path });
    assertEquals(r.code, 0, r.stderr);
    return [...new Set(JSON.parse(r.stdout).map((t: { file_path: string }) => t.file_path))];
  };
  const inDb = await paths("--path", "src/db");
  assert(inDb.length > 0 && inDb.every((p) => String(p).startsWith("src/db/")), String(inDb));
  assertEquals(await paths("--path", "src/db/"), inDb);
  assertEquals(await paths("--path", "src/d"), [], "a prefix is not a folder");
  const typo = await runCanary(["list", "--aspect", "Storag"], { cwd: dir.path });
  assertEquals(typo.code, 2);
  assertMatch(typo.stderr, /unknown --aspect 'Storag' \(did you mean Storage\?\)/);
  const search = await runCanary(["search", "migr", "--aspect", "bogus"], { cwd: dir.path });
  assertEquals(search.code, 2);
  assert(!/did you mean/.test(search.stderr), "no far-fetched suggestion");
  assertEquals(await paths("--aspect", "telemetry"), ["x.ts"], "a custom aspect in the index");
});

Deno.test("--path: an absolute path inside the project is mapped; one naming nothing gets a note", async () => {
  using dir = tempDir();
  writeTree(dir.path, { ...QUERY_FIXTURE_FILES });
  assertEquals((await runCanary(["index"], { cwd: dir.path })).code, 0);
  const root = Deno.realPathSync(dir.path);
  const list = (cwd: string, ...args: string[]) => runCanary(["list", "--json", ...args], { cwd });
  const absolute = await list(dir.path, "--path", `${root}/src/db`);
  const relative = await list(dir.path, "--path", "src/db");
  assertEquals([absolute.code, absolute.stdout, absolute.stderr], [0, relative.stdout, ""]);
  assert(JSON.parse(absolute.stdout).length > 0);
  assertEquals(JSON.parse((await list(dir.path, "--path", root)).stdout).length > 0, true);
  const fromSub = await list(`${dir.path}/src/db`, "--path", "a.go");
  assertEquals([fromSub.code, fromSub.stdout], [0, "[]\n"]);
  assertEquals(
    fromSub.stderr,
    `canary: --path a.go names no indexed file (paths are relative to the project folder ${root})\n`,
  );
  const search = await runCanary(["search", "migr", "--path", "/nowhere"], { cwd: dir.path });
  assertEquals(search.code, 0);
  assertMatch(search.stderr, /--path \/nowhere names no indexed file/);
});
