import { assertEquals, assertMatch } from "../src/test_assert.ts";
import { QUERY_FIXTURE_FILES } from "../src/query/test_database.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { indexedTrackFixture } from "./track_fixture.ts";

Deno.test("canary deps", async (t) => {
  using dir = tempDir();
  const db = await indexedTrackFixture(dir.path);
  const deps = (...args: string[]) => runCanary(["deps", ...args, "--db", db]);

  await t.step("check names the missing requirement and the cycle, exit 1", async () => {
    const r = await deps("check");
    assertEquals(r.code, 1);
    assertEquals(
      r.stdout,
      [
        "missing: CBIN-304 depends on CBIN-999, which has no token (src/plan/plan.ts:5)",
        "cycle: CBIN-302 → CBIN-303 → CBIN-302",
        "",
      ].join("\n"),
    );
    assertEquals(
      r.stderr,
      "canary: error: dependency check failed: 1 missing requirement, 1 cycle\n",
    );
    const json = await deps("check", "--json");
    assertEquals(json.code, 1);
    assertEquals(JSON.parse(json.stdout), {
      missing: [{
        req_id: "CBIN-304",
        dependency: "CBIN-999",
        file_path: "src/plan/plan.ts",
        line_number: 5,
      }],
      cycles: [["CBIN-302", "CBIN-303", "CBIN-302"]],
    });
  });

  await t.step("check on a sound graph: exit 0, nothing on stdout", async () => {
    writeTree(`${dir.path}/ok`, { ...QUERY_FIXTURE_FILES });
    const okDb = `${dir.path}/ok.db`;
    assertEquals((await runCanary(["index", "--root", `${dir.path}/ok`, "--db", okDb])).code, 0);
    const r = await runCanary(["deps", "check", "--db", okDb]);
    assertEquals([r.code, r.stdout], [0, ""]);
    assertMatch(r.stderr, /^dependencies ok: 6 requirements, no cycle\n$/);
  });

  await t.step("graph: Mermaid by default, DOT, JSON; nodes carry progress", async () => {
    const mermaid = (await deps("graph")).stdout.split("\n");
    assertEquals(mermaid[0], "graph LR");
    assertEquals(mermaid[2], '  n1["CBIN-130 50% (1/2)"]');
    assertEquals(mermaid[10], '  n9["CBIN-999 no token"]');
    assertEquals(mermaid.filter((l) => l.includes("-->")), [
      "  n4 --> n1",
      "  n5 --> n0",
      "  n6 --> n7",
      "  n7 --> n6",
      "  n8 --> n9",
    ]);
    const dot = (await deps("graph", "--format", "dot")).stdout;
    assertMatch(dot, /^digraph requirements \{\n/);
    assertMatch(dot, /\n {2}"CBIN-999" \[label="CBIN-999 no token", style=dashed\];\n/);
    assertMatch(dot, /\n {2}"CBIN-302" -> "CBIN-303";\n/);
    const json = JSON.parse((await deps("graph", "--json")).stdout);
    assertEquals(json.nodes[1], {
      req_id: "CBIN-130",
      is_missing: false,
      total: 2,
      completed: 1,
      percent: 50,
    });
    assertEquals(json.edges.length, 5);
    assertEquals((await deps("graph", "--format", "svg")).code, 2);
  });
});
