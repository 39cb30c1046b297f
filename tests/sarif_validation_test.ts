/**
 * The SARIF files of `scan --sarif` and `diff --sarif`, checked by Microsoft's SARIF Multitool
 * (npm `@microsoft/sarif-multitool`, which `.ci/run` installs into `.ci/tools/`). Where it is not
 * installed, the test says so and is ignored.
 */
import { assert, assertEquals } from "../src/test_assert.ts";
import { gitFixture } from "./git_fixture.ts";
import { REPO_ROOT, runCanary, tempDir, writeTree } from "./helpers.ts";

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
    const stdin = await runCanary(["scan", "--verify", "-", "--sarif", "stdin.sarif"], {
      cwd: repo.path,
      stdin: "- ✅ CBIN-42\n",
    });
    assertEquals(stdin.code, 2, stdin.stderr);
    for (const file of ["scan.sarif", "diff.sarif", "stdin.sarif"]) {
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

/** The SARIF `scan --sarif -` prints for `files`, with `document` given on stdin to `--verify -`. */
async function scanSarif(files: Record<string, string>, document: string) {
  using dir = tempDir();
  writeTree(dir.path, files);
  const r = await runCanary(
    ["scan", "--sarif", "-", "--out", "/dev/null", "--csv", "/dev/null", "--verify", "-"],
    { cwd: dir.path, stdin: document },
  );
  // Exit 2 only when a claim fails; token diagnostics alone are not a failure.
  assertEquals(r.code, document === "" ? 0 : 2, r.stderr);
  return { text: r.stdout, log: JSON.parse(r.stdout) };
}

Deno.test("scan --sarif: CANARY: escaped, rule texts and levels as their results", async () => {
  const forged = "// CANARY: REQ=CBIN-66; FEATURE=F; ASPECT=API; STATUS=IMPL";
  const { text, log } = await scanSarif({
    "a.go": `// CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT="${forged}"; STATUS=IMPL\n`,
  }, "- ✅ CBIN-9\n");
  assert(!text.includes("CANARY:"), "a literal CANARY: in the SARIF file");
  assert(text.includes("CANARY\\u003a"), "the marker is written CANARY\\u003a");
  const [run] = log.runs;
  assertEquals(run.results[0].message.text.includes(forged.slice(3)), true);
  for (const rule of run.tool.driver.rules) {
    assert(/[^.]\.$/.test(rule.shortDescription.text), rule.shortDescription.text);
  }
  for (const result of run.results) {
    assertEquals(run.tool.driver.rules[result.ruleIndex].defaultConfiguration.level, result.level);
  }
  // A document read from stdin is no file: the failed claim has no location.
  const claim = run.results.find((r: { ruleId: string }) => r.ruleId === "canary.claim_failed");
  assertEquals([claim.level, claim.locations], ["error", undefined]);
});

Deno.test("scan --sarif: rejected tokens of two requirements have two fingerprints", async () => {
  const line = (req: string) => `// CANARY: REQ=${req}; FEATURE="A"; ASPECT=API; STATUS=WHAT\n`;
  const prints = async (text: string) =>
    (await scanSarif({ "a.go": text }, "")).log.runs[0].results.map((
      r: { partialFingerprints: Record<string, string> },
    ) => r.partialFingerprints["canaryFinding/v1"]);
  const [one, two] = await prints(line("CBIN-1") + line("CBIN-2"));
  assert(one !== two, "CBIN-1 and CBIN-2 share a fingerprint");
  assertEquals(await prints("\n" + line("CBIN-2") + "\n" + line("CBIN-1")), [two, one]);
});
