import { assert, assertEquals } from "../test_assert.ts";
import { join } from "node:path";
import {
  READ_WORKERS_PAY_OFF,
  scanTree,
  scanTreeParallel,
  STAT_WORKER_PAYS_OFF,
  workerPlan,
} from "./scan_tree.ts";

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
  // What the workers hand back to the walk: links, a FIFO, a file too large for one setting.
  const outside = Deno.makeTempFileSync({ prefix: "canary-parallel-outside-" });
  Deno.writeTextFileSync(
    outside,
    "// CANARY: REQ=CBIN-9000; FEATURE=Out; ASPECT=API; STATUS=IMPL\n",
  );
  Deno.symlinkSync(outside, join(root, "d1/link_out.txt"));
  Deno.symlinkSync(join(root, "d0/f0.txt"), join(root, "d1/link_in.txt"));
  Deno.symlinkSync(join(root, "missing"), join(root, "d1/broken.txt"));
  Deno.symlinkSync(join(root, "d2"), join(root, "d1/linked_dir"));
  // A link is settled before the files beside it: the final sort orders an astral name last.
  Deno.symlinkSync(outside, join(root, "d1/\u{1F600}.txt"));
  Deno.writeTextFileSync(join(root, "d1/\uFF21.txt"), "plain text\n");
  new Deno.Command("mkfifo", { args: [join(root, "d3/fifo")] }).outputSync();
  Deno.writeTextFileSync(join(root, "d4/big.txt"), "x".repeat(5000));
  return {
    root,
    [Symbol.dispose]: () => {
      Deno.removeSync(root, { recursive: true });
      Deno.removeSync(outside);
    },
  };
}

Deno.test("scanTreeParallel gives exactly scanTree's result, with workers and without", async () => {
  using t = tree();
  const settings = [
    { strict: false },
    { strict: true, maxFileSize: 4096, outputs: [join(t.root, "d2/f2.txt")] },
  ];
  for (const setting of settings) {
    const expected = scanTree(t.root, setting);
    assert(expected.files.some((f) => f.tokens.length > 0));
    assert(expected.diagnostics.length > 0);
    assert(expected.skipped.some((s) => s.reason === "not_regular"));
    assert(expected.files.some((f) => f.path === "d1/link_out.txt"));
    const d1 = expected.files.map((f) => f.path).filter((path) => path.startsWith("d1/"));
    assertEquals(d1.slice(-2), ["d1/\uFF21.txt", "d1/\u{1F600}.txt"]);
    assert(expected.skipped.some((s) => s.reason === "too_large") === ("maxFileSize" in setting));
    for (const workers of [1, 2, 3]) {
      // Prestarted workers outside git read while the walk still lists the tree.
      for (const prestartWorkers of [false, true]) {
        const actual = await scanTreeParallel(t.root, {
          ...setting,
          workers,
          parallelThreshold: 1,
          prestartWorkers,
        });
        const label = `workers=${workers} ${JSON.stringify(setting)} ${prestartWorkers}`;
        assertEquals(actual, expected, label);
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
    assertEquals(result.filesRead, 605);
    assertEquals(result.files.filter((f) => f.reused).length, 100);
    assertEquals(done.at(-1), 705);
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

/** A module in `dir` that runs the real read worker and then `extra`, for a test to watch it. */
function wrappedWorker(dir: string, name: string, extra: string): URL {
  const module = new URL(`file://${dir}/${name}`);
  const real = new URL("./read_worker.ts", import.meta.url).href;
  Deno.writeTextFileSync(module, `import ${JSON.stringify(real)};\n${extra}`);
  return module;
}

/** A worker that is the real one, but logs how many files each read request carries. */
function countingWorker(dir: string): { module: URL; filesRead: () => number } {
  const log = join(dir, "reads.log");
  const module = wrappedWorker(
    dir,
    "counting_worker.js",
    `const answer = self.onmessage;
self.onmessage = (event) => {
  const body = event.data.body;
  const reads = "strict" in body ? body.files.length
    : "probe" in body && body.probe.read ? body.paths.split("\\0").length : 0;
  Deno.writeTextFileSync(${JSON.stringify(log)}, reads + "\\n", { append: true });
  return answer(event);
};
`,
  );
  const filesRead = () =>
    Deno.readTextFileSync(log).split("\n").filter(Boolean).reduce((n, line) => n + Number(line), 0);
  return { module, filesRead };
}

Deno.test("asked, git says which files need reading, in a work tree and in a plain folder", async () => {
  for (const workTree of [false, true]) {
    using t = tree();
    if (workTree) {
      const git = (...args: string[]) =>
        new Deno.Command("git", { args, cwd: t.root }).outputSync();
      git("init", "-q");
      git("add", "-A");
      git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "t");
    }
    const expected = scanTree(t.root);
    const dir = Deno.makeTempDirSync({ prefix: "canary-counting-worker-" });
    try {
      const worker = countingWorker(dir);
      const actual = await scanTreeParallel(t.root, {
        workers: 2,
        parallelThreshold: 1,
        prestartWorkers: true,
        askGit: true,
        workerModule: worker.module,
      });
      assertEquals(actual, expected, `work tree: ${workTree}`);
      // 191 files hold the marker, one is binary, and the two links out of the tree are read
      // through: the one worker left once git answered reads half of them, this thread the other
      // half. Without git's answer the workers would read all 705.
      const read = worker.filesRead();
      assert(read > 50 && read < 200, `work tree ${workTree}: ${read} files read`);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  }
});

/** A worker module that is the real one, and leaves a file behind when it starts. */
function markingWorker(dir: string): { module: URL; started: () => boolean } {
  const marker = join(dir, "started");
  const extra = `Deno.writeTextFileSync(${JSON.stringify(marker)}, "");\n`;
  const module = wrappedWorker(dir, "marking_worker.js", extra);
  const started = () => {
    try {
      return Deno.statSync(marker).isFile;
    } catch {
      return false;
    }
  };
  return { module, started };
}

Deno.test("a tree expected to be small is stat-ed and read without a worker", async () => {
  using t = tree();
  const expected = scanTree(t.root, { isUnchanged: () => true });
  const cases = [
    { expectedFiles: 10, prestartWorkers: false, worker: false },
    { expectedFiles: STAT_WORKER_PAYS_OFF, prestartWorkers: false, worker: true },
    { expectedFiles: undefined, prestartWorkers: false, worker: true },
    { expectedFiles: 10, prestartWorkers: true, worker: false },
    { expectedFiles: READ_WORKERS_PAY_OFF, prestartWorkers: true, worker: true },
    // Nothing to expect: the walk's estimate of 700-odd files in seven folders is too few.
    { expectedFiles: undefined, prestartWorkers: true, worker: false },
  ];
  for (const { expectedFiles, prestartWorkers, worker } of cases) {
    const dir = Deno.makeTempDirSync({ prefix: "canary-marking-worker-" });
    try {
      const marking = markingWorker(dir);
      const actual = await scanTreeParallel(t.root, {
        workers: 2,
        workerModule: marking.module,
        expectedFiles,
        prestartWorkers,
        isUnchanged: () => true,
      });
      const label = JSON.stringify({ expectedFiles, prestartWorkers });
      assertEquals(actual, expected, label);
      assertEquals(marking.started(), worker, label);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  }
});

Deno.test("a first index with nothing to expect starts workers once the walk expects many files", async () => {
  // The first folder is full and many empty ones wait: from 256 files, the walk expects 4,096.
  const root = Deno.makeTempDirSync({ prefix: "canary-estimate-" });
  const dir = Deno.makeTempDirSync({ prefix: "canary-marking-worker-" });
  try {
    Deno.mkdirSync(join(root, "a"));
    for (let i = 0; i < 300; i++) Deno.writeTextFileSync(join(root, "a", `f${i}.txt`), "text\n");
    for (let i = 0; i < 30; i++) Deno.mkdirSync(join(root, `b${i}`));
    const marking = markingWorker(dir);
    const actual = await scanTreeParallel(root, {
      workers: 2,
      workerModule: marking.module,
      prestartWorkers: true,
    });
    assertEquals(actual, scanTree(root));
    assert(marking.started(), "no worker started");
  } finally {
    Deno.removeSync(root, { recursive: true });
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("workers start once the listing is long enough to pay for them", () => {
  const soon = {
    startAt: 256,
    startAtEstimate: Infinity,
    readAfterWalk: 2000,
    spreadReadsFrom: 2000,
  };
  assertEquals(workerPlan({}), soon);
  const given = {
    startAt: 100,
    startAtEstimate: Infinity,
    readAfterWalk: 100,
    spreadReadsFrom: 100,
  };
  assertEquals(workerPlan({ parallelThreshold: 100 }), given);
  assertEquals(workerPlan({ parallelThreshold: 100, expectedFiles: 1 }), given);
  assertEquals(
    workerPlan({ parallelThreshold: 100, expectedFiles: 1, prestartWorkers: true }),
    given,
  );
  assertEquals(workerPlan({ expectedFiles: STAT_WORKER_PAYS_OFF - 1 }), {
    ...soon,
    startAt: STAT_WORKER_PAYS_OFF,
  });
  assertEquals(workerPlan({ expectedFiles: STAT_WORKER_PAYS_OFF }), soon);
  const reading = { prestartWorkers: true };
  // Started late or not at all, workers read after the walk only what this thread cannot soon.
  const late = { ...soon, startAt: READ_WORKERS_PAY_OFF, readAfterWalk: READ_WORKERS_PAY_OFF };
  assertEquals(workerPlan(reading), { ...late, startAtEstimate: READ_WORKERS_PAY_OFF });
  assertEquals(workerPlan({ ...reading, expectedFiles: READ_WORKERS_PAY_OFF - 1 }), late);
  assertEquals(workerPlan({ ...reading, expectedFiles: READ_WORKERS_PAY_OFF }), soon);
});
