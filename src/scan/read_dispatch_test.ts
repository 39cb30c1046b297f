import { assertEquals } from "../test_assert.ts";
import { BatchDispatcher, WorkerLane } from "./read_dispatch.ts";

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
