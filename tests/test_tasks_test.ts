/** The two test tasks split the suite: every test file runs in exactly one of them. */
import { assertEquals } from "../src/test_assert.ts";
import denoConfig from "../deno.json" with { type: "json" };

Deno.test("test:slow runs exactly the files test leaves out, and they exist", () => {
  const tasks = denoConfig.tasks as Record<string, string>;
  const ignored = /--ignore=(\S+)/.exec(tasks.test)?.[1].split(",") ?? [];
  const slow = tasks["test:slow"].split(/\s+/).filter((word) => word.endsWith("_test.ts"));
  assertEquals([...ignored].sort(), [...slow].sort());
  for (const file of slow) Deno.statSync(new URL(`../${file}`, import.meta.url));
  assertEquals(tasks.ok.includes("deno task test && deno task test:slow"), true);
});
