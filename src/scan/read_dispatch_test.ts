import { assert, assertEquals } from "../test_assert.ts";
import { BatchDispatcher, CHUNK_SIZE, WorkerLane } from "./read_dispatch.ts";

/** A worker that answers each request with its body doubled, or never when the body is null. */
function doublingWorker(dir: string): Worker {
  const module = new URL(`file://${dir}/doubling_worker.js`);
  Deno.writeTextFileSync(
    module,
    `self.onmessage = (event) => {
  const { id, body } = event.data;
  if (body !== null) self.postMessage({ id, body: { items: body.items.map((n) => 2 * n) } });
};`,
  );
  return new Worker(module.href, { type: "module" });
}

Deno.test("an ended lane answers what it had not with null and takes nothing more", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "canary-lane-" });
  try {
    const lane = new WorkerLane(doublingWorker(dir));
    assertEquals(await lane.ask({ items: [1, 2] }), { items: [2, 4] });
    const unanswered = lane.ask(null);
    lane.end();
    assertEquals(await unanswered, null);
    assertEquals(lane.failed, true);
    assertEquals(await lane.ask({ items: [3] }), null);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a dispatcher delivers every batch of its live lanes, none of an ended one", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "canary-lane-" });
  try {
    const live = new WorkerLane(doublingWorker(dir));
    const ended = new WorkerLane(doublingWorker(dir));
    // Ended once it has loaded: a worker ended while loading could still look for its module
    // after the folder is gone, and say so on stderr.
    assertEquals(await ended.ask({ items: [1] }), { items: [2] });
    ended.end();
    const doubled = new Map<number, number>();
    const dispatcher = new BatchDispatcher<number, { items: number[] }>(
      [live, ended],
      (items) => ({ items }),
      (items, reply) => items.forEach((n, k) => doubled.set(n, reply.items[k])),
    );
    for (let n = 0; n < 1000; n++) dispatcher.add(n);
    await dispatcher.finish();
    assertEquals(dispatcher.delivered, 1000);
    assertEquals(doubled.get(999), 1998);
    live.worker.terminate();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

/**
 * A worker that claims each batch before doubling it, and holds every batch after its first until
 * the request's gate opens.
 */
function claimingWorker(dir: string): Worker {
  const module = new URL(`file://${dir}/claiming_worker.js`);
  const dispatch = new URL("./read_dispatch.ts", import.meta.url).href;
  Deno.writeTextFileSync(
    module,
    `import { claimForWorker, DECLINED } from ${JSON.stringify(dispatch)};
let answered = 0;
self.onmessage = (event) => {
  const { id, body, claim } = event.data;
  if (!claimForWorker(claim)) return self.postMessage({ id, body: DECLINED });
  if (answered++ > 0) Atomics.wait(body.gate, 0, 0);
  self.postMessage({ id, body: { items: body.items.map((n) => 2 * n) } });
};`,
  );
  return new Worker(module.href, { type: "module" });
}

Deno.test("batches taken back are the caller's alone, and the worker's answers cover the rest", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "canary-lane-" });
  const lane = new WorkerLane(claimingWorker(dir));
  const gate = new Int32Array(new SharedArrayBuffer(4));
  try {
    const doubled = new Map<number, number>();
    let firstDelivery = () => {};
    const begun = new Promise<void>((resolve) => firstDelivery = resolve);
    const dispatcher = new BatchDispatcher<number, { items: number[] }>(
      [lane],
      (items) => ({ items, gate }),
      (items, reply) => items.forEach((n, k) => doubled.set(n, reply.items[k])),
      { canTakeBack: true },
    );
    dispatcher.onDelivered = () => firstDelivery();
    const total = 40 * CHUNK_SIZE + 17;
    for (let n = 0; n < total; n++) dispatcher.add(n);
    await begun; // the worker has answered the first batch, and holds the next one it claims
    const takenBack: number[] = [];
    for (let items; (items = dispatcher.takeBack()) !== null;) takenBack.push(...items);
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    await dispatcher.finish();
    // The unsent last batch first, then the sent ones, newest first.
    assertEquals(takenBack.slice(0, 17), Array.from({ length: 17 }, (_, k) => total - 17 + k));
    assertEquals(takenBack.slice(17, 17 + CHUNK_SIZE)[0], 39 * CHUNK_SIZE);
    assert(takenBack.length >= 17 + 38 * CHUNK_SIZE, `taken back: ${takenBack.length}`);
    assert(doubled.size >= CHUNK_SIZE, `the worker delivered ${doubled.size}`);
    assertEquals(dispatcher.delivered, doubled.size);
    assertEquals(takenBack.filter((n) => doubled.has(n)), []);
    assertEquals(doubled.size + takenBack.length, total);
    for (const [n, twice] of doubled) assertEquals(twice, 2 * n);
  } finally {
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    lane.worker.terminate();
    Deno.removeSync(dir, { recursive: true });
  }
});
Deno.test("a dispatcher built without canTakeBack gives nothing back, not even its last batch", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "canary-lane-" });
  const lane = new WorkerLane(doublingWorker(dir));
  try {
    const dispatcher = new BatchDispatcher<number, { items: number[] }>(
      [lane],
      (items) => ({ items }),
      () => {},
    );
    for (let n = 0; n < CHUNK_SIZE + 3; n++) dispatcher.add(n);
    assertEquals(dispatcher.takeBack(), null);
    await dispatcher.finish();
    assertEquals(dispatcher.delivered, CHUNK_SIZE + 3);
  } finally {
    lane.worker.terminate();
    Deno.removeSync(dir, { recursive: true });
  }
});
