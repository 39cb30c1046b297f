/**
 * Nothing from the data reaches a terminal as a control sequence: file names,
 * token values and checkpoint names carrying ESC, BEL, OSC 52 (clipboard),
 * C1 controls and bidirectional overrides come out escaped on stderr, in
 * tables, text reports and TSV; JSON keeps them exactly.
 */
import { assert, assertEquals } from "../src/test_assert.ts";
import { runCanary, type RunResult, tempDir, writeTree } from "./helpers.ts";

// OSC 52 (writes the clipboard) ended by BEL, a CSI clear screen, C1 CSI and OSC, RLO.
const HOSTILE = "x\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\x9d0;t\x9c\u202e";
const SHOWN = "x\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J\\x9b31m\\x9d0;t\\x9c\\u202e";
// deno-lint-ignore no-control-regex
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

function assertInert(r: RunResult, what: string): void {
  assert(!ACTIVE.test(r.stdout), `${what}: stdout ${JSON.stringify(r.stdout.slice(0, 400))}`);
  assert(!ACTIVE.test(r.stderr), `${what}: stderr ${JSON.stringify(r.stderr.slice(0, 400))}`);
}

Deno.test("control sequences in names and values are escaped in every human-readable stream", async (t) => {
  using dir = tempDir();
  const root = `${dir.path}/tree`;
  const file = `${HOSTILE}.ts`;
  writeTree(root, {
    [file]: [
      `// CANARY: REQ=CBIN-1; FEATURE="F${HOSTILE}"; ASPECT=API; STATUS=TESTED; UPDATED=2024-01-01`,
      "// CANARY: REQ=CBIN-2; FEATURE=Broken; ASPECT=API; STATUS=NOPE",
      "",
    ].join("\n"),
    "nl\nname.ts": [
      "// CANARY: REQ=CBIN-3; FEATURE=G; ASPECT=API; STATUS=TESTED; UPDATED=2024-01-01",
      "// CANARY: REQ=CBIN-4; FEATURE=Broken; ASPECT=API; STATUS=NOPE",
      "",
    ].join("\n"),
  });
  const db = `${dir.path}/canary.db`;
  const canary = (...args: string[]) => runCanary([...args, "--db", db]);

  await t.step("index diagnostics name the file escaped", async () => {
    const r = await runCanary(["index", "--root", root, "--db", db]);
    assertInert(r, "index");
    assert(r.stderr.includes(`${SHOWN}.ts:2:`), r.stderr);
    assert(
      r.stderr.includes("\nnl\\nname.ts:2: "),
      `a line break in a name is escaped: ${r.stderr}`,
    );
  });

  await t.step("list: table and TSV escape, JSON is exact", async () => {
    const table = await canary("list");
    assertInert(table, "list");
    assert(table.stdout.includes(`F${SHOWN}`), table.stdout);
    const tsv = await canary("list", "--format", "tsv", "--req", "CBIN-1");
    assertInert(tsv, "tsv");
    assertEquals(tsv.stdout.split("\t")[1], `F${SHOWN}`);
    const json = JSON.parse((await canary("list", "--json", "--req", "CBIN-1")).stdout);
    assertEquals(json[0].feature, `F${HOSTILE}`);
    assertEquals(json[0].file_path, file);
    assertInert(await canary("search", "CBIN"), "search");
  });

  await t.step("prioritize: the note and the nearest known pairs", async () => {
    const ok = await canary("prioritize", "CBIN-1", `F${HOSTILE}`, "2");
    assertEquals(ok.code, 0, ok.stderr);
    assertInert(ok, "prioritize");
    assert(ok.stderr.includes(`CBIN-1 F${SHOWN}: priority 2`), ok.stderr);
    const unknown = await canary("prioritize", "CBIN-9", `G${HOSTILE}`, "2");
    assertEquals(unknown.code, 1);
    assertInert(unknown, "prioritize unknown");
    assert(unknown.stderr.includes(`nearest known: CBIN-1 F${SHOWN}`), unknown.stderr);
  });

  await t.step("checkpoint names and descriptions in create, list, show, diff", async () => {
    const name = `n${HOSTILE}`;
    const created = await canary("checkpoint", "create", name, `d${HOSTILE}`);
    assertEquals(created.code, 0, created.stderr);
    assertInert(created, "create");
    assert(created.stderr.includes(`checkpoint 'n${SHOWN}' created`), created.stderr);
    for (const args of [["list"], ["show", name], ["diff", name], ["show", `m${HOSTILE}`]]) {
      const r = await canary("checkpoint", ...args);
      assertInert(r, `checkpoint ${args[0]}`);
    }
    const shown = await canary("checkpoint", "show", name);
    assert(shown.stdout.includes(`checkpoint   n${SHOWN}`), shown.stdout);
    assert(shown.stdout.includes(`description  d${SHOWN}`), shown.stdout);
    assertEquals(
      JSON.parse((await canary("checkpoint", "show", name, "--json")).stdout).name,
      name,
    );
  });

  await t.step("scan --update-stale names the rewritten file escaped", async () => {
    const r = await runCanary([
      "scan",
      "--root",
      root,
      "--update-stale",
      "--out",
      `${dir.path}/status.json`,
      "--csv",
      `${dir.path}/status.csv`,
    ], { env: { CANARY_TEST_TIMESTAMP: "2025-03-31T12:00:00Z" } });
    assertInert(r, "scan");
    assert(r.stderr.includes(`updated ${SHOWN}.ts: UPDATED=`), r.stderr);
    assert(r.stderr.includes("\nupdated nl\\nname.ts: UPDATED="), r.stderr);
  });
});
