/**
 * Output at scale: a huge cell is cut for people and kept whole for scripts,
 * and a table of 200,000 rows renders (a million tokens: `output_million_test.ts`).
 * Shapes are asserted, never times.
 */
import { assert, assertEquals } from "../src/test_assert.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { buildTokenDatabase } from "./bulk_tokens.ts";

const token = (req: string, feature: string, status = "IMPL") =>
  `// CANARY: REQ=${req}; FEATURE="${feature}"; ASPECT=API; STATUS=${status}\n`;

/** Widest line of `text`, in code units. */
function widest(text: string): number {
  return Math.max(0, ...text.split("\n").map((line) => line.length));
}

Deno.test("a 100 KB and a 5 MB feature are cut in tables and whole in TSV and JSON", async () => {
  using dir = tempDir();
  const root = `${dir.path}/tree`;
  const medium = "M".repeat(100_000);
  const huge = "H".repeat(5_000_000);
  const small: Record<string, string> = {};
  for (let i = 0; i < 20; i++) small[`s${i}.ts`] = token(`CBIN-S${i}`, `Small${i}`);
  writeTree(root, { "a.ts": token("CBIN-A", medium), "b.ts": token("CBIN-B", huge), ...small });
  const db = `${dir.path}/canary.db`;
  const canary = async (...args: string[]) => {
    const r = await runCanary([...args, "--db", db]);
    assertEquals(r.code, 0, `${args.join(" ")}: ${r.stderr.slice(0, 300)}`);
    return r;
  };
  await canary("index", "--root", root);

  const table = await canary("list");
  assertEquals(table.stdout.trimEnd().split("\n").length, 23);
  // Piped, a table cuts only a cell no person reads whole (MAX_CELL_WIDTH columns).
  assert(widest(table.stdout) < 1300, `widest line ${widest(table.stdout)}`);
  assert(table.stdout.includes("MMMM…"), "the long feature ends in an ellipsis");
  const tsv = (await canary("list", "--format", "tsv", "--req", "CBIN-B")).stdout;
  assertEquals(tsv.split("\t")[1], huge);
  const json = JSON.parse((await canary("list", "--json", "--req", "CBIN-A")).stdout);
  assertEquals(json[0].feature, medium);
  assert(widest((await canary("search", "CBIN")).stdout) < 1300);

  await canary("checkpoint", "before");
  assert(widest((await canary("checkpoint", "show", "before")).stdout) < 1300);
  Deno.removeSync(`${root}/b.ts`);
  writeTree(root, { "a.ts": token("CBIN-A", medium, "STUB") }, new Date());
  await canary("index", "--root", root);
  const diff = (await canary("checkpoint", "diff", "before")).stdout;
  assert(diff.includes("removed (1)") && diff.includes("status changed (1)"), diff.slice(0, 500));
  assert(widest(diff) < 1300, `widest line ${widest(diff)}`);
});

Deno.test("a table of 200,000 rows renders in full", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  buildTokenDatabase(db, 200_000);
  const r = await runCanary(["list", "--db", db]);
  assertEquals(r.code, 0, r.stderr.slice(0, 300));
  const lines = r.stdout.trimEnd().split("\n");
  assertEquals(lines.length, 200_001);
  assert(lines[0].startsWith("REQ "));
});
