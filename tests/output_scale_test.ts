/**
 * Output at scale: a huge cell is cut for people and kept whole for scripts,
 * a table of 200,000 rows renders, and a million tokens go through `--json`
 * and a checkpoint snapshot. Shapes are asserted, never times.
 */
import { assert, assertEquals } from "../src/test_assert.ts";
import { CANARY_PERMISSIONS, MAIN_TS, runCanary, tempDir, writeTree } from "./helpers.ts";
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

/** Runs canary and reads stdout as it comes, keeping only what `scan` extracts. */
async function streamCanary(
  args: string[],
  scan: (chunk: string) => void,
): Promise<{ code: number; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--no-prompt", ...CANARY_PERMISSIONS, MAIN_TS, ...args],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const decoder = new TextDecoder();
  for await (const bytes of child.stdout) scan(decoder.decode(bytes, { stream: true }));
  return { code: (await child.status).code, stderr: await stderr };
}

/** Counts the elements of a pretty-printed JSON array of objects as it streams past. */
function elementCounter(indent: string) {
  const marker = `\n${indent}{\n`;
  let count = 0;
  let tail = "";
  let head = "";
  return {
    scan(chunk: string) {
      if (head.length < 64) head += chunk.slice(0, 64);
      const text = tail + chunk;
      for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) count++;
      tail = text.slice(-(marker.length - 1));
    },
    get count() {
      return count;
    },
    get head() {
      return head;
    },
  };
}

Deno.test("a million tokens: list --json and a checkpoint snapshot work", async () => {
  using dir = tempDir();
  const db = `${dir.path}/canary.db`;
  buildTokenDatabase(db, 1_000_000);

  const list = elementCounter("  ");
  const listed = await streamCanary(["list", "--json", "--db", db], list.scan);
  assertEquals(listed.code, 0, listed.stderr);
  assertEquals(list.count, 1_000_000);
  assert(list.head.startsWith('[\n  {\n    "id": '), list.head);

  const created = await runCanary(["checkpoint", "million", "--db", db, "--json"]);
  assertEquals(created.code, 0, created.stderr);
  assertEquals(JSON.parse(created.stdout).total, 1_000_000);

  const show = elementCounter("    ");
  const shown = await streamCanary(
    ["checkpoint", "show", "million", "--json", "--db", db],
    show.scan,
  );
  assertEquals(shown.code, 0, shown.stderr);
  assertEquals(show.count, 1_000_000);
  assert(show.head.startsWith('{\n  "id": 1,\n  "name": "million"'), show.head);
});
