import { assert, assertEquals } from "../test_assert.ts";
import { join } from "node:path";
import { scanTree, scanTreeParallel } from "./scan_tree.ts";

function tree(): { root: string } & Disposable {
  const root = Deno.makeTempDirSync({ prefix: "canary-parallel-" });
  for (let i = 0; i < 700; i++) {
    const dir = join(root, `d${i % 7}`);
    Deno.mkdirSync(dir, { recursive: true });
    const body = i % 5 === 0
      ? `// CANARY: REQ=CBIN-${i}; FEATURE=F${i}; ASPECT=API; STATUS=IMPL; COLOUR=x\n`
      : i % 11 === 0
      ? "// CANARY: REQ=CBIN-###; FEATURE=x; ASPECT=API; STATUS=IMPL\n"
      : "plain text\n";
    Deno.writeTextFileSync(join(dir, `f${i}.txt`), body.repeat(1 + (i % 3)));
  }
  Deno.writeFileSync(join(root, "blob.bin"), new Uint8Array([1, 0, 2]));
  return { root, [Symbol.dispose]: () => Deno.removeSync(root, { recursive: true }) };
}

Deno.test("scanTreeParallel gives exactly scanTree's result, with workers and without", async () => {
  using t = tree();
  for (const strict of [false, true]) {
    const expected = scanTree(t.root, { strict });
    assert(expected.files.some((f) => f.tokens.length > 0));
    assert(expected.diagnostics.length > 0);
    for (const workers of [1, 2, 3]) {
      // Prestarted workers outside git read while the walk still lists the tree.
      for (const prestartWorkers of [false, true]) {
        const actual = await scanTreeParallel(t.root, {
          strict,
          workers,
          parallelThreshold: 1,
          prestartWorkers,
        });
        assertEquals(actual, expected, `workers=${workers} strict=${strict} ${prestartWorkers}`);
      }
    }
  }
});

Deno.test("scanTreeParallel skips what isUnchanged keeps and reports progress to the end", async () => {
  using t = tree();
  for (const prestartWorkers of [false, true]) {
    const done: number[] = [];
    const result = await scanTreeParallel(t.root, {
      workers: 2,
      parallelThreshold: 1,
      prestartWorkers,
      isUnchanged: (entry) => entry.path.startsWith("d0/"),
      onProgress: (n) => done.push(n),
    });
    assertEquals(result.filesRead, 601);
    assertEquals(result.files.filter((f) => f.reused).length, 100);
    assertEquals(done.at(-1), 701);
    assertEquals(done, [...done].sort((a, b) => a - b));
  }
});

Deno.test("when workers fail, the files they did not deliver are read on this thread", async () => {
  using t = tree();
  const expected = scanTree(t.root);
  for (
    const source of [
      "throw new Error('cannot start');",
      "self.onmessage = () => { throw new Error('boom'); };",
      "self.onmessage = () => self.postMessage({ error: 'gave up' });",
    ]
  ) {
    const dir = Deno.makeTempDirSync({ prefix: "canary-bad-worker-" });
    try {
      const module = new URL(`file://${dir}/bad_worker.ts`);
      Deno.writeTextFileSync(module, source);
      for (const prestartWorkers of [false, true]) {
        const actual = await scanTreeParallel(t.root, {
          workers: 2,
          parallelThreshold: 1,
          workerModule: module,
          prestartWorkers,
        });
        assertEquals(actual, expected, `${source} ${prestartWorkers}`);
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  }
});
