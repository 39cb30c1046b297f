/**
 * The SARIF files of `scan --sarif` and `diff --sarif`, checked by Microsoft's SARIF Multitool
 * (npm `@microsoft/sarif-multitool`, which `.ci/run` installs into `.ci/tools/`). Where it is not
 * installed, the test says so and is ignored.
 */
import { assert, assertEquals } from "../src/test_assert.ts";
import { gitFixture } from "./git_fixture.ts";
import { REPO_ROOT, runCanary, writeTree } from "./helpers.ts";

const MULTITOOL = `${REPO_ROOT}.ci/tools/node_modules/.bin/sarif-multitool`;

function multitoolMissing(): string | null {
  try {
    Deno.statSync(MULTITOOL);
    return null;
  } catch {
    return `SARIF Multitool is not installed at ${MULTITOOL} (.ci/run installs it)`;
  }
}

const MISSING = multitoolMissing();
if (MISSING !== null) console.log(`SARIF validation ignored: ${MISSING}`);

/** Runs `sarif-multitool validate` and returns its errors (lines naming an error). */
async function validationErrors(file: string): Promise<{ code: number; errors: string[] }> {
  const result = await new Deno.Command(MULTITOOL, {
    args: ["validate", file],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(result.stdout) + new TextDecoder().decode(result.stderr);
  return { code: result.code, errors: text.split("\n").filter((line) => /: error /.test(line)) };
}

Deno.test({
  name: "scan --sarif and diff --sarif write SARIF 2.1.0 the Multitool accepts",
  ignore: MISSING !== null,
  async fn() {
    using repo = gitFixture();
    writeTree(repo.path, {
      "src/bad.ts": '// CANARY: REQ=CBIN-5; FEATURE="Bad"; ASPECT=API; STATUS=DONE\n',
      "GAPS.md": "# Gaps\n- ✅ CBIN-2\n- ✅ CBIN-42\n",
    });
    const scan = await runCanary([
      "scan",
      "--json",
      "--verify",
      "GAPS.md",
      "--sarif",
      "scan.sarif",
    ], { cwd: repo.path });
    assertEquals(scan.code, 2, scan.stderr);
    const diff = await runCanary(["diff", "v1", "--sarif", "diff.sarif"], { cwd: repo.path });
    assertEquals(diff.code, 0, diff.stderr);
    for (const file of ["scan.sarif", "diff.sarif"]) {
      const path = `${repo.path}/${file}`;
      const { code, errors } = await validationErrors(path);
      assertEquals([code, errors], [0, []], file);
      const log = JSON.parse(Deno.readTextFileSync(path));
      assertEquals(log.version, "2.1.0");
      assertEquals(log.runs[0].tool.driver.name, "canary");
      assert(log.runs[0].results.length > 0, `${file} has results`);
    }
  },
});
