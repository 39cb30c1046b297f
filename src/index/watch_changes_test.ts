import { assert, assertEquals } from "../test_assert.ts";
import { join } from "node:path";
import { watchChanges } from "./watch_changes.ts";

/** The next batch, or a failure once `ms` pass (every wait here has a deadline). */
async function nextBatch(batches: AsyncGenerator<string[]>, ms = 10_000): Promise<string[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no batch within ${ms} ms`)), ms);
  });
  try {
    const next = await Promise.race([batches.next(), late]);
    assert(!next.done, "the watch ended early");
    return next.value;
  } finally {
    clearTimeout(timer);
  }
}

/** A watch of `root` with a short quiet time, keeping out its `.canary` folder. */
function watchKeepingOutCanary(root: string) {
  const controller = new AbortController();
  const batches = watchChanges(root, {
    signal: controller.signal,
    debounceMs: 150,
    keepOut: join(root, ".canary"),
  });
  return { controller, batches };
}

Deno.test("watchChanges: a burst of writes is one batch; the folder kept out yields none", async () => {
  const root = Deno.realPathSync(Deno.makeTempDirSync({ prefix: "canary-watch-" }));
  const { controller, batches } = watchKeepingOutCanary(root);
  const first = nextBatch(batches);
  await new Promise((resolve) => setTimeout(resolve, 100)); // let the watcher start
  Deno.mkdirSync(join(root, ".canary"));
  Deno.writeTextFileSync(join(root, ".canary", "canary.db"), "ignored");
  for (let i = 0; i < 5; i++) {
    Deno.writeTextFileSync(join(root, "a.ts"), `// ${i}\n`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  Deno.writeTextFileSync(join(root, "b.ts"), "// b\n");
  const batch = await first;
  assertEquals(batch.map((p) => p.slice(root.length + 1)).filter((p) => !p.includes("/")), [
    "a.ts",
    "b.ts",
  ]);
  assert(batch.every((p) => !p.includes(".canary")));
  controller.abort();
  assertEquals((await batches.next()).done, true, "abort ends the watch");
  Deno.removeSync(root, { recursive: true });
});

Deno.test("watchChanges: a folder made after the watch began is watched, and so is one made anew", async () => {
  const root = Deno.realPathSync(Deno.makeTempDirSync({ prefix: "canary-watch-" }));
  Deno.mkdirSync(join(root, "old"));
  const { controller, batches } = watchKeepingOutCanary(root);
  const first = nextBatch(batches);
  await new Promise((resolve) => setTimeout(resolve, 100)); // let the watcher start
  Deno.mkdirSync(join(root, "new"));
  assertEquals(await first, [join(root, "new")]);
  Deno.writeTextFileSync(join(root, "new", "a.ts"), "// a\n");
  assertEquals(await nextBatch(batches), [join(root, "new", "a.ts")]);
  Deno.removeSync(join(root, "old"));
  Deno.mkdirSync(join(root, "old"));
  await nextBatch(batches);
  Deno.writeTextFileSync(join(root, "old", "b.ts"), "// b\n");
  assertEquals(await nextBatch(batches), [join(root, "old", "b.ts")]);
  controller.abort();
  assertEquals((await batches.next()).done, true);
  Deno.removeSync(root, { recursive: true });
});
