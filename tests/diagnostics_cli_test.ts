import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { docsTree, expectedDiagnostics } from "./docs_fixture.ts";

const DIAGNOSTIC_LINE = /^docs\/[A-Z_]+\.md:\d+: (rejected|warning): /;

function checkDiagnostics(stderr: string): void {
  const lines = stderr.split("\n").filter((line) => DIAGNOSTIC_LINE.test(line));
  const expected = expectedDiagnostics();
  assertEquals(lines.length, expected.length, stderr);
  expected.forEach(({ prefix, example }, i) => {
    assert(lines[i].startsWith(prefix), `line ${i}: ${lines[i]} should start with ${prefix}`);
    for (const text of example.says) assert(lines[i].includes(text), `${lines[i]} lacks ${text}`);
    const reasons = lines[i].slice(prefix.length);
    for (const text of example.never) assert(!reasons.includes(text), `${lines[i]} has ${text}`);
  });
}

for (const command of ["index", "scan"]) {
  Deno.test(`${command}: one line per token with a problem, all reasons in it`, async () => {
    using dir = tempDir();
    writeTree(dir.path, docsTree());
    const args = command === "scan" ? ["--json"] : ["--db", "../../.canary/canary.db"];
    const r = await runCanary([command, "--root", "../..", ...args], {
      cwd: `${dir.path}/src/cli`,
    });
    assertEquals(r.code, 0, r.stderr);
    checkDiagnostics(r.stderr);
    // 16 diagnostics: the summary counts them per file, most first.
    assertMatch(r.stderr, /16 diagnostics \(docs\/TOKEN_FORMAT\.md 10, docs\/GAP_ANALYSIS\.md 6\)/);
  });

  Deno.test(`${command} --quiet prints only the summary`, async () => {
    using dir = tempDir();
    writeTree(dir.path, docsTree());
    const args = command === "scan" ? ["--json"] : ["--db", "../.canary/canary.db"];
    // The database exists already, so no note on its creation joins the summary.
    if (command === "index") {
      await runCanary([command, ...args, "--root", ".."], { cwd: `${dir.path}/docs` });
    }
    const r = await runCanary([command, ...args, "--root", "..", "--quiet"], {
      cwd: `${dir.path}/docs`,
    });
    assertEquals(r.code, 0, r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    assertEquals(lines.length, 1, r.stderr);
    assertMatch(lines[0], command === "index" ? /^indexed / : /^scanned /);
    assertMatch(lines[0], /16 diagnostics \(/);
  });
}
