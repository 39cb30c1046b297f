/**
 * One path order everywhere: `list --order-by file`, `checkpoint diff` and the code point
 * comparator agree on paths with astral-plane (😀, 𝔸) and private-use (U+E000) characters, where
 * UTF-16 order (JavaScript's `<`) and locale order disagree with code point order.
 */
import { assertEquals } from "../src/test_assert.ts";
import { compareCodePoints } from "../src/scan/path_order.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";

const NAMES = ["\u{1F600}.ts", "\u{1D538}.ts", "\u{E000}.ts", "\u00E9.ts", "z.ts", "Z.ts", "a.ts"];

function token(req: number, status: string): string {
  return `// CANARY: REQ=CBIN-${req}; FEATURE="Path${req}"; ASPECT=API; STATUS=${status}\n`;
}

Deno.test("list, checkpoint diff and compareCodePoints order the same paths the same way", async () => {
  using dir = tempDir();
  const root = `${dir.path}/tree`;
  const db = `${dir.path}/paths.db`;
  const paths = NAMES.map((name) => `src/${name}`);
  const expected = [...paths].sort(compareCodePoints);
  // The case the test is for: UTF-16 order puts the astral paths before U+E000.
  assertEquals(expected.slice(-3), ["src/\u{E000}.ts", "src/\u{1D538}.ts", "src/\u{1F600}.ts"]);
  assertEquals(expected.join() === [...paths].sort().join(), false);

  writeTree(root, Object.fromEntries(paths.map((path, i) => [path, token(i, "STUB")])));
  const run = async (...args: string[]) => {
    const r = await runCanary([...args, "--db", db], { cwd: root });
    assertEquals(r.code, 0, r.stderr);
    return r.stdout;
  };
  await run("index");
  await run("checkpoint", "create", "before");
  const listed = JSON.parse(await run("list", "--order-by", "file", "--json"));
  assertEquals(listed.map((t: { file_path: string }) => t.file_path), expected);

  // Every token changes status, so the diff lists every path.
  writeTree(root, Object.fromEntries(paths.map((path, i) => [path, token(i, "IMPL")])), new Date());
  await run("index");
  const diff = JSON.parse(await run("checkpoint", "diff", "before", "--json"));
  assertEquals(diff.status_changed.map((c: { file_path: string }) => c.file_path), expected);
  const relisted = JSON.parse(await run("--json", "list", "--order-by", "file"));
  assertEquals(relisted.map((t: { file_path: string }) => t.file_path), expected);
});
