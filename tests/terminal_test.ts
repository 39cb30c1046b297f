/**
 * What a person at a terminal sees: canary run under a pseudo-terminal
 * (util-linux `script`), in a person's environment.
 */
import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { QUERY_FIXTURE_FILES } from "../src/query/test_database.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { commitAll } from "./git_fixture.ts";
import { hasColour, runInTerminal, TERMINAL_UNAVAILABLE } from "./terminal.ts";
import { displayWidth } from "../src/output/table.ts";

const ignore = TERMINAL_UNAVAILABLE !== null;
if (ignore) console.warn(`terminal tests ignored: ${TERMINAL_UNAVAILABLE}`);

async function indexed(root: string): Promise<void> {
  writeTree(root, { ...QUERY_FIXTURE_FILES });
  assertEquals((await runCanary(["index"], { cwd: root })).code, 0);
}

Deno.test({
  name: "terminal: help is shown, wrapped to the terminal's width",
  ignore,
  fn: async () => {
    using dir = tempDir();
    for (const args of [["--help"], ["help", "list"], ["checkpoint", "--help"]]) {
      const r = await runInTerminal(args, { cwd: dir.path, columns: 100 });
      assertEquals(r.code, 0, r.screen);
      assertMatch(r.screen, /^Usage: canary/);
      assert(!/Requires env access|unexpected failure/.test(r.screen), r.screen);
      const widest = Math.max(...r.screen.split("\n").map((line) => line.length));
      assert(widest <= 100, `a help line is ${widest} columns wide on a 100-column terminal`);
    }
  },
});

Deno.test({
  name: "terminal: tables are coloured, unless a variable turns colour off",
  ignore,
  fn: async () => {
    using dir = tempDir();
    await indexed(dir.path);
    const plain = await runInTerminal(["list"], { cwd: dir.path });
    assertEquals(plain.code, 0, plain.screen);
    assert(hasColour(plain.screen), `no colour on a terminal:\n${plain.screen}`);
    assertMatch(plain.screen, /CBIN-129/);
    const offs: Record<string, string>[] = [
      { NO_COLOR: "1" },
      { NO_COLOR: "yes" },
      { FORCE_COLOR: "0" },
      { CLICOLOR: "0" },
      { TERM: "dumb" },
      { NO_COLOR: "1", FORCE_COLOR: "1" },
    ];
    for (const env of offs) {
      const r = await runInTerminal(["list"], { cwd: dir.path, env });
      assertEquals(r.code, 0, r.screen);
      assert(!hasColour(r.screen), `colour despite ${JSON.stringify(env)}:\n${r.screen}`);
      assertMatch(r.screen, /CBIN-129/);
    }
  },
});

Deno.test("a pipe gets no colour unless FORCE_COLOR or CLICOLOR_FORCE asks", async () => {
  using dir = tempDir();
  await indexed(dir.path);
  assert(!hasColour((await runCanary(["list"], { cwd: dir.path })).stdout));
  const forced: Record<string, string>[] = [{ FORCE_COLOR: "1" }, { CLICOLOR_FORCE: "1" }];
  for (const env of forced) {
    const r = await runCanary(["list"], { cwd: dir.path, env });
    assert(hasColour(r.stdout), `no colour with ${JSON.stringify(env)}`);
  }
  const off = await runCanary(["list"], { cwd: dir.path, env: { CLICOLOR_FORCE: "0" } });
  assert(!hasColour(off.stdout));
});

Deno.test({
  name:
    "terminal: a long index or scan shows files and files/s, fitted to the width, then erases it",
  ignore,
  fn: async () => {
    using dir = tempDir();
    // Enough files that indexing and scanning take well over the one second before progress
    // shows (a scan of 100,000 took 1.2 s, too close to it). Each holds a NUL byte, so git cannot
    // tell canary to leave it unread; all but one per folder are hard links to that one, which
    // a file system makes many times faster than files.
    const folders = 1000;
    for (let d = 0; d < folders; d++) writeTree(dir.path, { [`d${d}/f${d}.txt`]: `line ${d}\0\n` });
    for (let i = folders; i < 300_000; i++) {
      const folder = `${dir.path}/d${i % folders}`;
      Deno.linkSync(`${folder}/f${i % folders}.txt`, `${folder}/f${i}.txt`);
    }
    const r = await runInTerminal(["index"], { cwd: dir.path });
    assertEquals(r.code, 0, r.screen);
    assertMatch(r.screen, /canary: indexing \.: \d+ files scanned, \d+ files\/s/);
    assert(r.screen.includes("\r\x1b[Kindexed 300000 files"), "the progress line is erased");
    const piped = await runCanary(["index"], { cwd: dir.path });
    assert(!/files scanned/.test(piped.stderr), "no progress line on a pipe");
    // scan shows the same progress, each update cut to a narrow terminal's width.
    const scan = await runInTerminal(["scan", "--json"], { cwd: dir.path, columns: 40 });
    assertEquals(scan.code, 0, scan.screen);
    const updates = scan.screen.split("\r\x1b[K").filter((u) => u.startsWith("canary: scan"));
    assert(updates.length > 0, `scan showed no progress:\n${scan.screen.slice(0, 2000)}`);
    for (const update of updates) {
      assert(displayWidth(update) < 40, `a progress update is wider than 40 columns: ${update}`);
    }
    assertMatch(updates[0], /^canary: scanning \.: \d+ files/);
    const pipedScan = await runCanary(["scan", "--json"], { cwd: dir.path });
    assert(!/files scanned/.test(pipedScan.stderr), "no scan progress line on a pipe");
  },
});

Deno.test({
  name: "terminal: on 60 columns no table line is wider than 60, CJK and emoji included",
  ignore,
  fn: async () => {
    using dir = tempDir();
    writeTree(dir.path, {
      "src/wide.ts": [
        '// CANARY: REQ=CBIN-700; FEATURE="数据库迁移和回滚的完整支持🎉🎉🎉"; ASPECT=Storage; STATUS=IMPL; OWNER=名前; UPDATED=2025-10-16',
        '// CANARY: REQ=CBIN-701; FEATURE="ExtremelyLongFeatureNameThatGoesOnAndOnForeverAndEver"; ASPECT=API; STATUS=TESTED; TEST=TestSomethingVeryLongIndeed; UPDATED=2025-10-16',
      ].join("\n") + "\n",
      "src/deeply/nested/folder/with/a/long/path/file_name_that_is_long.ts":
        '// CANARY: REQ=CBIN-702; FEATURE="Ünïcödé ✨ sparkle"; ASPECT=Engine; STATUS=STUB; UPDATED=2025-10-16\n',
    });
    assertEquals((await runCanary(["index"], { cwd: dir.path })).code, 0);
    assertEquals(
      (await runCanary(["checkpoint", "release-candidate", "the long description of it"], {
        cwd: dir.path,
      })).code,
      0,
    );
    for (
      const args of [["list"], ["search", "CBIN"], ["show", "CBIN-700"], ["status"], [
        "checkpoint",
        "list",
      ], ["next"]]
    ) {
      const r = await runInTerminal(args, { cwd: dir.path, columns: 60 });
      assertEquals(r.code, 0, r.screen);
      // deno-lint-ignore no-control-regex
      const lines = r.screen.replace(/\x1b\[[0-9;]*m/g, "").split("\n");
      const widest = Math.max(...lines.map(displayWidth));
      assert(widest <= 60, `canary ${args.join(" ")}: a line is ${widest} wide:\n${r.screen}`);
      if (["list", "search", "checkpoint"].includes(args[0])) {
        assert(lines.some((line) => line.includes("…")), `canary ${args.join(" ")} cut nothing`);
      }
    }
    const piped = await runCanary(["list"], { cwd: dir.path });
    assert(piped.stdout.includes("ExtremelyLongFeatureNameThatGoesOnAndOnForeverAndEver"));
  },
});

Deno.test({
  name: "terminal: an SGR sequence in the data is escaped with colour on, in diff and annotations",
  ignore,
  fn: async () => {
    using dir = tempDir();
    const token = (status: string) =>
      `// CANARY: REQ=CBIN-1; FEATURE="Login\x1b[8m"; ASPECT=API; STATUS=${status}\n` +
      "// CANARY: REQ=CBIN-2; FEATURE=F; ASPECT=Bogus; STATUS=IMPL\n";
    const file = "a\x1b[8m.go";
    writeTree(dir.path, { [file]: token("TESTED; TEST=TestLogin") });
    commitAll(dir.path, "one");
    writeTree(dir.path, { [file]: token("STUB") });
    const runs = [
      await runInTerminal(["diff", "HEAD"], { cwd: dir.path }),
      await runInTerminal(["diff", "HEAD", "--annotations", "github"], { cwd: dir.path }),
      await runInTerminal([
        "scan",
        "--annotations",
        "github",
        "--out",
        "/dev/null",
        "--csv",
        "/dev/null",
      ], {
        cwd: dir.path,
        env: { FORCE_COLOR: "1" },
      }),
    ];
    assert(hasColour(runs[0].screen), `the diff is not coloured:\n${runs[0].screen}`);
    for (const r of runs) {
      assert(!r.screen.includes("\x1b[8m"), JSON.stringify(r.screen));
      assert(r.screen.includes("\\x1b[8m"), JSON.stringify(r.screen));
    }
    assertMatch(
      runs[0].screen,
      /Login\\x1b\[8m \[API\]: .*TESTED.* → .*STUB.* at a\\x1b\[8m\.go:1/,
    );
    assertMatch(runs[1].screen, /::error file=a\\x1b\[8m\.go,line=1,.*::CBIN-1 Login\\x1b\[8m/);
    assertMatch(runs[2].screen, /::warning file=a\\x1b\[8m\.go,line=2,.*unknown ASPECT/);
  },
});

Deno.test({
  name: "terminal: scan --csv to a terminal escapes controls; to a pipe the CSV is exact",
  ignore,
  fn: async () => {
    using dir = tempDir();
    const feature = "x\x1b]52;c;aGVsbG8=\x07\x1b[2J";
    writeTree(dir.path, {
      "a.go": `// CANARY: REQ=CBIN-1; FEATURE="${feature}"; ASPECT=API; STATUS=IMPL\n`,
    });
    for (const csv of ["-", "/dev/stdout", "/dev/stderr"]) {
      const r = await runInTerminal(["scan", "--out", "/dev/null", "--csv", csv], {
        cwd: dir.path,
      });
      assertEquals(r.code, 0, r.screen);
      // deno-lint-ignore no-control-regex
      assert(!/[\x07\x1b]/.test(r.screen), `${csv}: ${JSON.stringify(r.screen)}`);
      assert(r.screen.includes("CBIN-1,x\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J,API,IMPL,a.go"), r.screen);
    }
    const piped = await runCanary(["scan", "--out", "/dev/null", "--csv", "-"], { cwd: dir.path });
    assert(piped.stdout.includes(`CBIN-1,${feature},API,IMPL,a.go,,,,\r\n`), piped.stdout);
  },
});

Deno.test({
  name: "terminal: scan --csv to a terminal shows a field's line breaks escaped, records as lines",
  ignore,
  fn: async () => {
    using dir = tempDir();
    const name = "a\nCBIN-666,Forged,API,TESTED,evil.go,,,,\r\nb.go";
    writeTree(dir.path, { [name]: "// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL\n" });
    const r = await runInTerminal(["scan", "--out", "/dev/null", "--csv", "-"], { cwd: dir.path });
    assertEquals(r.code, 0, r.screen);
    const lines = r.screen.split("\n").map((line) => line.replace(/\r$/, ""));
    assertEquals(lines.slice(0, 2), [
      "req,feature,aspect,status,file,test,bench,owner,updated",
      'CBIN-1,F,API,IMPL,"a\\nCBIN-666,Forged,API,TESTED,evil.go,,,,\\r\\nb.go",,,,',
    ]);
    const piped = await runCanary(["scan", "--out", "/dev/null", "--csv", "-"], { cwd: dir.path });
    assert(piped.stdout.includes(`"${name}",,,,\r\n`), piped.stdout);
  },
});

Deno.test({
  name: "terminal: on 40 and 50 columns ids are whole and no table line wraps",
  ignore,
  fn: async () => {
    using dir = tempDir();
    writeTree(dir.path, {
      "src/db/a.go": [
        '// CANARY: REQ=CBIN-129; FEATURE="DatabaseMigrations"; ASPECT=Storage; STATUS=IMPL; TEST=TestMigrate',
        '// CANARY: REQ=CBIN-130; FEATURE="Rollback"; ASPECT=Storage; STATUS=STUB',
        '// CANARY: REQ=CBIN-131; FEATURE="Search"; ASPECT=API; STATUS=MISSING; PRIORITY=2',
      ].join("\n") + "\n",
    });
    assertEquals((await runCanary(["index"], { cwd: dir.path })).code, 0);
    for (const columns of [40, 50]) {
      for (const args of [["list"], ["search", "CBIN"], ["next"], ["status"]]) {
        const r = await runInTerminal(args, { cwd: dir.path, columns, env: { NO_COLOR: "1" } });
        assertEquals(r.code, 0, r.screen);
        // The table: up to the blank line before status's summary lines.
        const lines = r.screen.split("\n\n")[0].split("\n");
        const widest = Math.max(...lines.map(displayWidth));
        const what = `canary ${args.join(" ")} on ${columns} columns`;
        assert(widest <= columns, `${what}: a line is ${widest} wide:\n${r.screen}`);
        assert(!r.screen.includes("CBIN-…") && !/CBIN-1…/.test(r.screen), `${what}:\n${r.screen}`);
      }
    }
  },
});

/**
 * The lines of each table on `screen`: from a heading line to the next blank line, less a
 * summary line (`PATH: state, …`) after it.
 */
function tableBlocks(screen: string): string[][] {
  return screen.split("\n\n").map((block) => block.split("\n").filter((l) => !/^\S+: /.test(l)))
    .map((lines) => lines.slice(lines.findIndex((l) => /^ *(REQ|FEATURE|NAME|VERSION) /.test(l))))
    .filter((lines) => lines.length > 1 && /^ *(REQ|FEATURE|NAME|VERSION) /.test(lines[0]));
}

Deno.test({
  name: "terminal: every table keeps its key whole and does not wrap at 30 to 50 columns",
  ignore,
  fn: async () => {
    using dir = tempDir();
    const tokens = (status: string) =>
      [
        `// CANARY: REQ=CBIN-129; FEATURE="Rollback"; ASPECT=Storage; STATUS=${status}`,
        `// CANARY: REQ=CBIN-130; FEATURE="Rollback"; ASPECT=Storage; STATUS=${status}`,
        '// CANARY: REQ=CBIN-131; FEATURE="Search"; ASPECT=API; STATUS=MISSING; PRIORITY=2',
      ].join("\n") + "\n";
    writeTree(dir.path, { "src/db/a.go": tokens("STUB") });
    const run = async (args: string[]) =>
      assertEquals((await runCanary(args, { cwd: dir.path })).code, 0, args.join(" "));
    await run(["index"]);
    await run(["checkpoint", "create", "sprint-1", "first sprint"]);
    writeTree(dir.path, { "src/db/a.go": tokens("IMPL") });
    await run(["index"]);
    await run(["checkpoint", "create", "sprint-2", "second sprint"]);
    const commands = [
      ["checkpoint", "diff", "sprint-1", "sprint-2"],
      ["show", "CBIN-129"],
      ["status", "CBIN-130"],
      ["migrate", "status"],
      ["list"],
    ];
    for (const columns of [30, 40, 50]) {
      const wide = columns >= 40 ? [["checkpoint", "list"]] : [];
      for (const args of [...commands, ...wide]) {
        const r = await runInTerminal(args, { cwd: dir.path, columns, env: { NO_COLOR: "1" } });
        const what = `canary ${args.join(" ")} on ${columns} columns`;
        assertEquals(r.code, 0, `${what}:\n${r.screen}`);
        const tables = tableBlocks(r.screen);
        assert(tables.length > 0, `${what}: no table:\n${r.screen}`);
        for (const line of tables.flat()) {
          assert(displayWidth(line) <= columns, `${what}: a line wraps:\n${r.screen}`);
        }
        assert(!/CBIN-…|CBIN-1…|sprin…|Rollb…|Roll…/.test(r.screen), `${what}:\n${r.screen}`);
        assert(!/(MISSI|IMP|STU|STATU)…/.test(r.screen), `${what}: a status is cut:\n${r.screen}`);
      }
    }
  },
});

Deno.test({
  name: "terminal: a flag counts two columns and a cut leaves an emoji sequence out whole",
  ignore,
  fn: async () => {
    using dir = tempDir();
    const family = "👨\u200d👩\u200d👧\u200d👦";
    writeTree(dir.path, {
      "a.txt": [
        `// CANARY: REQ=CBIN-1; FEATURE="Plainxxx"; ASPECT=API; STATUS=IMPL`,
        `// CANARY: REQ=CBIN-2; FEATURE="🇩🇪flag"; ASPECT=API; STATUS=IMPL`,
        `// CANARY: REQ=CBIN-3; FEATURE="Pla${family}family"; ASPECT=API; STATUS=IMPL`,
      ].join("\n"),
    });
    assertEquals((await runCanary(["index"], { cwd: dir.path })).code, 0);
    const wide = await runInTerminal(["list"], { cwd: dir.path, env: { NO_COLOR: "1" } });
    assert(wide.screen.includes("CBIN-2  🇩🇪flag       IMPL"), wide.screen);
    const narrow = await runInTerminal(["list"], {
      cwd: dir.path,
      env: { NO_COLOR: "1" },
      columns: 27,
    });
    assert(narrow.screen.includes("CBIN-2  🇩🇪f…  IMPL"), narrow.screen);
    assert(narrow.screen.includes("CBIN-3  Pla…  IMPL"), narrow.screen);
  },
});
