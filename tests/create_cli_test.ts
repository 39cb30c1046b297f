import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanary, tempDir } from "./helpers.ts";

const TODAY = { CANARY_TEST_TIMESTAMP: "2026-03-04T23:59:59Z" };

Deno.test("canary create", async (t) => {
  using dir = tempDir();
  const create = (...args: string[]) =>
    runCanary(["create", ...args], { cwd: dir.path, env: TODAY });

  await t.step("prints one canonical line dated today, and creates no file", async () => {
    const r = await create(
      "CBIN-140",
      'Say "hi"; then go',
      "--aspect",
      "cli",
      "--test",
      "TestA,TestB",
    );
    assertEquals([r.code, r.stderr], [0, ""]);
    assertEquals(
      r.stdout,
      '// CANARY: REQ=CBIN-140; FEATURE="Say \\"hi\\"; then go"; ASPECT=CLI; STATUS=IMPL; ' +
        'TEST="TestA,TestB"; UPDATED=2026-03-04\n',
    );
    assertEquals([...Deno.readDirSync(dir.path)], []);
  });

  await t.step("--for picks the comment syntax; the line indexes back", async () => {
    const py = await create(
      "CBIN-140",
      "X",
      "--for",
      "lib/a.py",
      "--owner",
      "bob",
      "--priority",
      "2",
    );
    assertMatch(
      py.stdout,
      /^# CANARY: REQ=CBIN-140; .*OWNER="bob"; PRIORITY=2; UPDATED=2026-03-04\n$/,
    );
    const md = await create("CBIN-141", "a -> b", "--for", "README.md", "--aspect", "Docs");
    assertMatch(md.stdout, /^<!-- CANARY: .* -->\n$/);
    Deno.writeTextFileSync(`${dir.path}/README.md`, md.stdout);
    Deno.writeTextFileSync(`${dir.path}/a.py`, py.stdout);
    const db = `${dir.path}/x.db`;
    assertEquals((await runCanary(["index", "--root", dir.path, "--db", db])).code, 0);
    const list = await runCanary(["list", "--db", db, "--json", "--order-by", "req"]);
    const tokens = JSON.parse(list.stdout) as { feature: string; owner: string | null }[];
    assertEquals(tokens.map((x) => [x.feature, x.owner]), [["X", "bob"], ["a -> b", null]]);
  });

  await t.step("--json", async () => {
    const r = await create("CBIN-140", "X", "--json", "--for", "a.sql");
    const value = JSON.parse(r.stdout);
    assertEquals(value.comment_for, "a.sql");
    assert(value.token_line.startsWith("-- CANARY: REQ=CBIN-140;"), value.token_line);
  });

  await t.step(
    "what a token cannot carry is a usage error (exit 2), nothing on stdout",
    async () => {
      for (
        const args of [
          ["CBIN-140", "two\nlines"],
          ["CBIN 140", "X"],
          ["CBIN-140", "X", "--status", "DONE"],
          ["CBIN-140", "X", "--priority", "11"],
          // It would end the HTML comment early and let the rest run as markup.
          ["CBIN-140", "x --><img src=x onerror=alert(1)><!--", "--for", "page.html"],
          ["CBIN-140", "a--b", "--for", "pom.xml"],
        ]
      ) {
        const r = await create(...args);
        assertEquals([r.code, r.stdout], [2, ""], args.join(" "));
        assertMatch(r.stderr, /^canary: error: .+\n$/);
      }
    },
  );
});
