/**
 * A million tokens go through `list --json` and a checkpoint snapshot in flat memory. It wants
 * the machine to itself, so it runs in `deno task test:slow`. Shapes are asserted, never times.
 */
import { assert, assertEquals, withDeadline } from "../src/test_assert.ts";
import { CANARY_RUN_FLAGS, exitOf, MAIN_TS, runCanary, tempDir } from "./helpers.ts";
import { buildTokenDatabase } from "./bulk_tokens.ts";

/** Runs canary and reads stdout as it comes, keeping only what `scan` extracts. */
async function streamCanary(
  args: string[],
  scan: (chunk: string) => void,
): Promise<{ code: number; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", ...CANARY_RUN_FLAGS, MAIN_TS, ...args],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const decoder = new TextDecoder();
  const read = async () => {
    for await (const bytes of child.stdout) scan(decoder.decode(bytes, { stream: true }));
  };
  await withDeadline(read(), `canary ${args.join(" ")} to finish its output`, {
    onTimeout: () => child.kill("SIGKILL"),
  });
  return { code: (await exitOf(child, `canary ${args.join(" ")}`)).code, stderr: await stderr };
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
  // A sixth of the tokens are REMOVED, which a total leaves out.
  assertEquals(JSON.parse(created.stdout).total, 833_334);

  const show = elementCounter("    ");
  const shown = await streamCanary(
    ["checkpoint", "show", "million", "--json", "--db", db],
    show.scan,
  );
  assertEquals(shown.code, 0, shown.stderr);
  assertEquals(show.count, 1_000_000);
  assert(show.head.startsWith('{\n  "id": 1,\n  "name": "million"'), show.head);
});
