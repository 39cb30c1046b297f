/**
 * canary as people really run it: in a shell without NO_COLOR, with options
 * before subcommand words, from a subfolder of the project, with standard
 * streams as file names. Each case failed before canary handled it.
 */
import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { QUERY_FIXTURE_FILES } from "../src/query/test_database.ts";
import { LATEST_SCHEMA_VERSION } from "../src/db/embedded_migrations.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";

/** Every path below `root`, relative, sorted: what a command left behind. */
function listTree(root: string, prefix = ""): string[] {
  const paths: string[] = [];
  for (const entry of Deno.readDirSync(`${root}/${prefix}`)) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    paths.push(path);
    if (entry.isDirectory) paths.push(...listTree(root, path));
  }
  return paths.sort();
}

/** A project folder `project/` with an indexed tree and a subfolder `project/src/db`. */
async function indexedProject(root: string): Promise<string> {
  const project = `${root}/project`;
  writeTree(project, { ...QUERY_FIXTURE_FILES });
  const r = await runCanary(["index"], { cwd: project });
  assertEquals(r.code, 0, r.stderr);
  return project;
}

for (
  const args of [[], ["--help"], ["help"], ["help", "index"], ["index", "--help"], [
    "checkpoint",
    "help",
  ]]
) {
  Deno.test(`'canary ${args.join(" ")}' shows help in a shell without NO_COLOR`, async () => {
    using dir = tempDir();
    const r = await runCanary(args, { cwd: dir.path });
    assertEquals(r.code, 0, r.stderr);
    assertMatch(r.stdout, /Usage: canary/);
    assert(!/Requires env access|unexpected failure/.test(r.stdout + r.stderr), r.stderr);
    assertEquals(listTree(dir.path), [], "help creates nothing");
  });
}

Deno.test("an option before a subcommand word acts on the database it names", async (t) => {
  using dir = tempDir();
  const project = await indexedProject(dir.path);
  const other = `${dir.path}/other.db`;
  assertEquals((await runCanary(["migrate", "all", "--db", other])).code, 0);
  const version = async (db: string) =>
    JSON.parse((await runCanary(["migrate", "status", "--json", "--db", db])).stdout).version;

  await t.step("migrate --db X force 2 changes X only", async () => {
    const r = await runCanary(["migrate", "--db", other, "force", "2"], { cwd: project });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(await version(other), 2);
    assertEquals(await version(`${project}/.canary/canary.db`), LATEST_SCHEMA_VERSION);
    const restore = ["migrate", "force", String(LATEST_SCHEMA_VERSION), "--db", other];
    assertEquals((await runCanary(restore)).code, 0);
  });

  await t.step("migrate --db X status and migrate status --db X say the same", async () => {
    const before = await runCanary(["migrate", "--db", other, "status", "--json"]);
    const after = await runCanary(["migrate", "status", "--json", "--db", other]);
    assertEquals(before.code, 0, before.stderr);
    assertEquals(before.stdout, after.stdout);
    assertEquals(JSON.parse(before.stdout).database, other);
  });

  await t.step("checkpoint --db X create|list|show|diff use X", async () => {
    const create = await runCanary(["checkpoint", "--db", other, "create", "v1"], {
      cwd: project,
    });
    assertEquals(create.code, 0, create.stderr);
    const list = await runCanary(["checkpoint", "--db", other, "--json", "list"], {
      cwd: project,
    });
    assertEquals(list.code, 0, list.stderr);
    assertEquals(JSON.parse(list.stdout).map((c: { name: string }) => c.name), ["v1"]);
    const local = await runCanary(["checkpoint", "list", "--json"], { cwd: project });
    assertEquals(JSON.parse(local.stdout), [], "the project's database is untouched");
    for (const words of [["show", "v1"], ["diff", "v1"]]) {
      const r = await runCanary(["checkpoint", "--json", "--db", other, ...words], {
        cwd: project,
      });
      assertEquals(r.code, 0, r.stderr);
      JSON.parse(r.stdout);
    }
  });

  await t.step("an option the subcommand lacks, or two values, is a usage error", async () => {
    const lacks = await runCanary(["migrate", "--dry-run", "status", "--db", other]);
    assertEquals(lacks.code, 2);
    assertMatch(lacks.stderr, /--dry-run does not apply to 'canary migrate status'/);
    const twice = await runCanary(["migrate", "--db", other, "status", "--db", `${other}2`]);
    assertEquals(twice.code, 2);
    assertMatch(twice.stderr, /--db is given before and after 'status' with different values/);
  });
});

Deno.test("a mistyped checkpoint subcommand is a usage error, not a checkpoint", async () => {
  using dir = tempDir();
  const db = `${dir.path}/c.db`;
  assertEquals((await runCanary(["migrate", "all", "--db", db])).code, 0);
  for (const [args, meant] of [[["lsit"], "list"], [["shw", "base"], "show"], [["dif"], "diff"]]) {
    const r = await runCanary(["checkpoint", ...args, "--db", db]);
    assertEquals(r.code, 2, r.stderr);
    assertMatch(r.stderr, new RegExp(`did you mean 'canary checkpoint ${meant}'`));
    assertMatch(r.stderr, new RegExp(`run 'canary checkpoint create ${args[0]}'`));
  }
  const list = await runCanary(["checkpoint", "list", "--json", "--db", db]);
  assertEquals(JSON.parse(list.stdout), []);
  const onPurpose = await runCanary(["checkpoint", "create", "lsit", "--db", db]);
  assertEquals(onPurpose.code, 0, onPurpose.stderr);
  const plain = await runCanary(["checkpoint", "sprint-12", "--db", db]);
  assertEquals(plain.code, 0, plain.stderr);
});

Deno.test("checkpoint delete removes one; a missing name names the nearest", async () => {
  using dir = tempDir();
  const db = `${dir.path}/c.db`;
  writeTree(`${dir.path}/tree`, { ...QUERY_FIXTURE_FILES });
  assertEquals((await runCanary(["index", "--root", `${dir.path}/tree`, "--db", db])).code, 0);
  for (const name of ["sprint-1", "sprint-2", "release"]) {
    assertEquals((await runCanary(["checkpoint", "create", name, "--db", db])).code, 0);
  }
  const missing = await runCanary(["checkpoint", "delete", "sprint-3", "--db", db]);
  assertEquals(missing.code, 1);
  assertMatch(
    missing.stderr,
    /no checkpoint named 'sprint-3'; nearest: sprint-1, sprint-2, release/,
  );
  const deleted = await runCanary(["checkpoint", "delete", "sprint-1", "--json", "--db", db]);
  assertEquals(deleted.code, 0, deleted.stderr);
  assertEquals(JSON.parse(deleted.stdout).name, "sprint-1");
  assertMatch(deleted.stderr, /checkpoint 'sprint-1' deleted/);
  const list = await runCanary(["checkpoint", "list", "--json", "--db", db]);
  assertEquals(JSON.parse(list.stdout).map((c: { name: string }) => c.name), [
    "sprint-2",
    "release",
  ]);
});

Deno.test("scan reads and writes standard streams; no file named '-' appears", async () => {
  using dir = tempDir();
  writeTree(dir.path, { ...QUERY_FIXTURE_FILES });
  const before = listTree(dir.path);
  const json = await runCanary(["scan", "--out", "-", "--csv", "/dev/null"], { cwd: dir.path });
  assertEquals(json.code, 0, json.stderr);
  assertEquals(JSON.parse(json.stdout).summary.total_tokens, 6);
  const csv = await runCanary(["scan", "--csv", "/dev/stdout", "--out", "/dev/null"], {
    cwd: dir.path,
  });
  assertEquals(csv.code, 0, csv.stderr);
  assertMatch(csv.stdout, /^req,feature,aspect,status,file/);
  const toStderr = await runCanary(["scan", "--csv", "/dev/stderr", "--out", "/dev/null"], {
    cwd: dir.path,
  });
  assertEquals(toStderr.stdout, "");
  assertMatch(toStderr.stderr, /req,feature,aspect,status,file/);
  const verify = await runCanary(["scan", "--verify", "-", "--out", "-", "--csv", "/dev/null"], {
    cwd: dir.path,
    stdin: "# Gaps\n- ✅ CBIN-130 MigrationRollback\n",
  });
  assertEquals(verify.code, 2, verify.stderr); // a STUB claimed done: the claim fails
  assertMatch(verify.stderr, /CANARY_VERIFY_FAIL REQ=CBIN-130/);
  const both = await runCanary(["scan", "--out", "-", "--csv", "-"], { cwd: dir.path });
  assertEquals(both.code, 2);
  assertMatch(both.stderr, /--out and --csv cannot both write to stdout/);
  assertEquals(listTree(dir.path), before, "nothing written into the tree");
});

Deno.test("from a subfolder, commands use the project's database and tree", async () => {
  using dir = tempDir();
  const project = await indexedProject(dir.path);
  const sub = `${project}/src/db`;
  const before = listTree(project);
  const list = await runCanary(["list", "--json"], { cwd: sub });
  assertEquals(list.code, 0, list.stderr);
  assertEquals(JSON.parse(list.stdout).length, 6);
  const search = await runCanary(["search", "migrations", "--json"], { cwd: sub });
  assert(JSON.parse(search.stdout).length > 0, search.stderr);
  assertEquals((await runCanary(["checkpoint", "v1"], { cwd: sub })).code, 0);
  const checkpoints = await runCanary(["checkpoint", "list", "--json"], { cwd: sub });
  assertEquals(JSON.parse(checkpoints.stdout)[0].total, 6);
  const index = await runCanary(["index", "--json"], { cwd: sub });
  assertEquals(index.code, 0, index.stderr);
  assertEquals(JSON.parse(index.stdout).tokens, 6, "the whole project tree, not the subfolder");
  assertEquals(JSON.parse(index.stdout).database, "../../.canary/canary.db");
  assertEquals(listTree(project), before, "no second .canary/ in the subfolder");
});

Deno.test("CANARY_DB names the database when --db is absent; --db still wins", async () => {
  using dir = tempDir();
  const project = await indexedProject(dir.path);
  const env = { CANARY_DB: `${project}/.canary/canary.db` };
  const list = await runCanary(["list", "--json"], { cwd: dir.path, env });
  assertEquals(JSON.parse(list.stdout).length, 6, list.stderr);
  const other = await runCanary(["list", "--json", "--db", `${dir.path}/none.db`], {
    cwd: dir.path,
    env,
  });
  assertEquals(JSON.parse(other.stdout), []);
});

for (
  const args of [
    ["list"],
    ["list", "--json"],
    ["search", "migr"],
    ["search", "migr", "--json"],
    ["checkpoint", "list"],
    ["checkpoint", "list", "--json"],
    ["checkpoint", "show", "v1"],
    ["checkpoint", "diff", "v1"],
    ["migrate", "status"],
    ["migrate", "status", "--json"],
    ["prioritize", "CBIN-129", "DatabaseMigrations", "1"],
  ]
) {
  Deno.test(`'canary ${args.join(" ")}' without a database creates no file`, async () => {
    using dir = tempDir();
    const r = await runCanary(args, { cwd: dir.path });
    assertEquals(listTree(dir.path), []);
    assertMatch(r.stderr, /no canary database here or above: run canary index/);
    const needsOne = ["show", "diff", "prioritize"].some((word) => args.includes(word));
    assertEquals(r.code, needsOne ? 1 : 0, r.stderr);
    if (args.includes("--json") && args[0] !== "migrate") assertEquals(JSON.parse(r.stdout), []);
    const named = await runCanary([...args, "--db", "x/named.db"], { cwd: dir.path });
    assertEquals(listTree(dir.path), []);
    assertMatch(named.stderr, /no canary database at x\/named\.db/);
  });
}

Deno.test("index --root naming a missing folder or a file creates no database", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "file.txt": "x" });
  for (const root of ["missing", "file.txt"]) {
    const r = await runCanary(["index", "--root", root], { cwd: dir.path });
    assertEquals(r.code, 1);
    assertMatch(r.stderr, root === "missing" ? /no such directory: missing/ : /not a directory/);
    assertEquals(listTree(dir.path), ["file.txt"]);
  }
});
