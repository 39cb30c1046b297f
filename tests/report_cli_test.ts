import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { pathToFileURL } from "node:url";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { TRACK_FIXTURE_FILES } from "./track_fixture.ts";
import { BROWSER_UNAVAILABLE, withBrowserPage } from "./browser.ts";
import { git } from "./git_fixture.ts";

const HOSTILE = [
  '// CANARY: REQ=CBIN-400; FEATURE="<script>alert(1)</script> | pipe"; ASPECT=API; STATUS=STUB',
  "",
].join("\n");

/**
 * A project with three checkpoints, progress made between them: `<dir>/project`,
 * indexed into its own `.canary/canary.db`. Returns the project folder.
 */
async function projectWithHistory(dir: string): Promise<string> {
  const project = `${dir}/project`;
  writeTree(project, { ...TRACK_FIXTURE_FILES, "src/hostile.ts": HOSTILE });
  // The first index creates .canary/ here; later commands find it from a subfolder.
  assertEquals((await runCanary(["index"], { cwd: project })).code, 0);
  const run = async (...args: string[]) => {
    const r = await runCanary(args, { cwd: `${project}/src` });
    assertEquals(r.code, 0, r.stderr);
  };
  const plan = `${project}/src/plan/plan.ts`;
  // Each step finishes one more feature, re-indexes and checkpoints.
  const steps = [
    ["start", "", ""],
    [
      "middle",
      '"Ghost"; ASPECT=API; STATUS=IMPL',
      '"Ghost"; ASPECT=API; STATUS=TESTED; TEST=TestGhost',
    ],
    [
      "end",
      '"Planner"; ASPECT=Planner; STATUS=STUB',
      '"Planner"; ASPECT=Planner; STATUS=TESTED; TEST=TP',
    ],
  ];
  for (const [checkpoint, before, after] of steps) {
    if (before !== "") {
      Deno.writeTextFileSync(plan, Deno.readTextFileSync(plan).replace(before, after));
      await run("index");
    }
    await run("checkpoint", checkpoint);
  }
  return project;
}

Deno.test("canary report: JSON, Markdown and a self-contained HTML page", async (t) => {
  using dir = tempDir();
  const project = await projectWithHistory(dir.path);
  const report = (...args: string[]) => runCanary(["report", ...args], { cwd: `${project}/src` });

  const r = await report("--json");
  assertEquals(r.code, 0, r.stderr);
  const data = JSON.parse(r.stdout);
  await t.step("every jq path in report --help's examples names a field of --json", async () => {
    const help = (await report("--help")).stdout;
    const paths = [...help.matchAll(/jq (\.[\w.]+)/g)].map((m) => m[1]);
    assert(paths.length > 0, help);
    for (const path of paths) {
      const value = path.slice(1).split(".").reduce((v, key) => v?.[key], data);
      assert(value !== undefined && value !== null, `${path} is ${value}`);
    }
  });

  await t.step(
    "--json: progress, one entry per requirement, one trend point per checkpoint",
    () => {
      const ids = data.requirements.map((q: { req_id: string }) => q.req_id);
      assertEquals(ids, [...ids].sort());
      assert(ids.includes("CBIN-400") && ids.includes("CBIN-304"));
      assertEquals(data.trend.map((p: { name: string }) => p.name), [
        "start",
        "middle",
        "end",
      ]);
      const completed = data.trend.map((p: { completed: number }) => p.completed);
      assertEquals([completed[1] - completed[0], completed[2] - completed[1]], [1, 1]);
      assertEquals(data.project.completed, completed[2], "the last checkpoint is the index now");
      assertMatch(data.generated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const ghost = data.traceability.find((q: { req_id: string }) => q.req_id === "CBIN-304");
      assertEquals(ghost.features[0].tests, ["TestGhost"]);
    },
  );

  await t.step(
    "--markdown: a table row per requirement, a sparkline, table-safe cells",
    async () => {
      const md = await report("--markdown");
      assertEquals(md.code, 0, md.stderr);
      const rows = md.stdout.split("\n").filter((l) => /^\| CBIN-/.test(l));
      assertEquals(rows.length, data.requirements.length);
      assertMatch(md.stdout, /Trend over 3 checkpoints: [▁-█]{3} \(completed \d+ → \d+\)/);
      assert(!md.stdout.includes("<script>"), "data cannot inject HTML into the comment");
      assertMatch(md.stdout, /\\<script\\>alert\\\(1\\\)\\<\/script\\> \\\| pipe/);
    },
  );

  await t.step("--html: one file, escaped data, nothing loaded from anywhere", async () => {
    const html = await report("--html", "../report.html");
    assertEquals([html.code, html.stdout], [0, ""], html.stderr);
    const page = Deno.readTextFileSync(`${project}/report.html`);
    assert(!page.includes("<script>alert"), "the hostile feature is escaped");
    assertMatch(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt; \| pipe/);
    assertMatch(page, /Content-Security-Policy" content="default-src 'none'/);
    assert(!/\b(?:src|href)=/.test(page), "no resource is referenced");
  });

  await t.step("usage errors: no form asked, or two forms on stdout", async () => {
    const none = await report();
    assertEquals(none.code, 2);
    assertMatch(none.stderr, /report needs --html FILE, --markdown or --json/);
    const both = await report("--html", "-", "--json");
    assertEquals(both.code, 2);
    assertMatch(both.stderr, /cannot both write to stdout/);
  });
});

Deno.test("an unwritable report --html or diff --sarif file: exit 1, one line in canary's words", async () => {
  using dir = tempDir();
  git(dir.path, "init", "-q");
  git(dir.path, "commit", "-q", "--allow-empty", "-m", "one");
  Deno.mkdirSync(`${dir.path}/folder.html`);
  const cases: [string[], string][] = [
    [
      ["report", "--html", "missing/r.html"],
      "cannot write missing/r.html: no such file or directory",
    ],
    [["report", "--html", "folder.html"], "cannot write folder.html: is a directory"],
    [["diff", "HEAD", "--sarif", "missing/r.sarif"], "cannot write missing/r.sarif: no such file"],
  ];
  // Deno itself refuses /proc to a process without every permission: still canary's words.
  if (Deno.build.os === "linux") {
    cases.push([
      ["report", "--html", "/proc/version"],
      "cannot write /proc/version: permission denied",
    ]);
  }
  for (const [args, message] of cases) {
    const r = await runCanary(args, { cwd: dir.path });
    const what = args.join(" ");
    assertEquals(r.code, 1, `${what}: ${r.stderr}`);
    const errors = r.stderr.trimEnd().split("\n").filter((line) =>
      line.startsWith("canary: error:")
    );
    assertEquals(errors.length, 1, `${what}: ${r.stderr}`);
    assert(errors[0].startsWith(`canary: error: ${message}`), `${what}: ${errors[0]}`);
    assert(!/--allow|Requires/.test(r.stderr), `${what}: ${r.stderr}`);
  }
});

Deno.test({
  name: "canary report --html renders in Chromium: rows, chart points, filter, no network",
  ignore: BROWSER_UNAVAILABLE !== null,
  async fn() {
    using dir = tempDir();
    const project = await projectWithHistory(dir.path);
    const json = JSON.parse((await runCanary(["report", "--json"], { cwd: project })).stdout);
    const file = `${dir.path}/report.html`;
    const r = await runCanary(["report", "--html", file], { cwd: project });
    assertEquals(r.code, 0, r.stderr);
    const { result, requests } = await withBrowserPage(pathToFileURL(file).href, async (page) => {
      const counts = await page.evaluate<number[]>(`[
        document.querySelectorAll("#requirements tbody tr").length,
        document.querySelectorAll("#trend-chart circle.point").length,
        document.querySelectorAll("#traceability tbody tr").length,
        document.getElementById("filter").hidden ? 1 : 0,
      ]`);
      const visible = await page.evaluate<number>(`(() => {
        const box = document.getElementById("filter");
        box.value = "cbin-304";
        box.dispatchEvent(new Event("input"));
        return [...document.querySelectorAll("#traceability tbody tr")].filter((r) => !r.hidden)
          .length;
      })()`);
      return { counts, visible, png: await page.screenshot() };
    });
    const features = json.traceability.reduce(
      (n: number, q: { features: unknown[] }) => n + q.features.length,
      0,
    );
    assertEquals(result.counts, [json.requirements.length, 3, features, 0]);
    assertEquals(result.visible, 1, "the filter box keeps only the matching feature");
    assertEquals([...result.png.slice(1, 4)], [0x50, 0x4e, 0x47], "a PNG screenshot");
    assert(result.png.length > 10_000, `a rendered page, not a blank one (${result.png.length} B)`);
    Deno.writeFileSync(`${dir.path}/report.png`, result.png);
    assertEquals(requests, [pathToFileURL(file).href], "the page requested nothing but itself");
  },
});

if (BROWSER_UNAVAILABLE !== null) {
  console.error(`report browser test skipped: ${BROWSER_UNAVAILABLE}`);
}
