/**
 * Talks to the read workers: each worker is a {@linkcode WorkerLane} that pairs requests with
 * their answers, and a {@linkcode BatchDispatcher} hands batches of files to the lanes as they come
 * (during the walk, so the workers work while this thread still lists the tree, or after it),
 * each batch to the lane with the fewest files outstanding. A batch a worker could not handle, or
 * every batch of a worker that failed, is left without outcomes, for the caller to handle on its
 * own thread.
 *
 * @module
 */
/** Files per message to a worker: large enough to amortise messaging, small enough to balance. */
export const CHUNK_SIZE = 256;

/** A request to a worker or its answer, numbered so that answers may come in any order. */
export interface LaneMessage<Body> {
  id: number;
  body: Body;
}

/** One worker: sends it requests and resolves each with its answer, or null once it fails. */
export class WorkerLane {
  #pending = new Map<number, (answer: unknown) => void>();
  #nextId = 0;
  #failed = false;

  constructor(readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<LaneMessage<unknown>>) => {
      const settle = this.#pending.get(event.data?.id);
      // An answer to nothing asked is a worker that does not follow the protocol.
      if (settle === undefined) return this.#fail();
      this.#pending.delete(event.data.id);
      settle(event.data.body);
    };
    worker.onerror = (event) => {
      event.preventDefault(); // what it had not answered is handled on the caller's thread
      this.#fail();
    };
  }

  /** Whether the worker failed: it is sent nothing more. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Sends `body`; resolves with the worker's answer, or null when the worker fails first. */
  ask<Answer>(body: unknown): Promise<Answer | null> {
    if (this.#failed) return Promise.resolve(null);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, (answer) => resolve(answer as Answer | null));
      this.worker.postMessage({ id, body } satisfies LaneMessage<unknown>);
    });
  }

  /**
   * Ends the worker: what it had not answered resolves with null, for the caller to handle on its
   * own thread, and it is sent nothing more.
   */
  end(): void {
    this.worker.terminate();
    this.#fail();
  }

  #fail(): void {
    this.#failed = true;
    for (const settle of this.#pending.values()) settle(null);
    this.#pending.clear();
  }
}

/**
 * Sends items to lanes in batches, and hands each answer to `deliver` with the items it is about.
 * An answer that is an error, or never comes, is not delivered.
 */
export class BatchDispatcher<Item, Reply> {
  #lanes: { lane: WorkerLane; outstanding: number }[];
  #batch: Item[] = [];
  #answers: Promise<void>[] = [];
  #delivered = 0;

  /** Runs after each delivered answer (progress, say). */
  onDelivered: () => void = () => {};

  /** Drives `lanes` with batches, each sent as the request `encode` makes of it. */
  constructor(
    lanes: readonly WorkerLane[],
    readonly encode: (items: Item[]) => unknown,
    readonly deliver: (items: Item[], reply: Reply) => void,
  ) {
    this.#lanes = lanes.map((lane) => ({ lane, outstanding: 0 }));
  }

  /** How many items were delivered so far. */
  get delivered(): number {
    return this.#delivered;
  }

  /** Queues `item`; a full batch is sent at once. */
  add(item: Item): void {
    this.#batch.push(item);
    if (this.#batch.length >= CHUNK_SIZE) this.#send();
  }

  /** Sends the last batch and waits until every batch is answered or its worker has failed. */
  async finish(): Promise<void> {
    if (this.#batch.length > 0) this.#send();
    await Promise.all(this.#answers);
  }

  #send(): void {
    const items = this.#batch;
    this.#batch = [];
    const live = this.#lanes.filter(({ lane }) => !lane.failed);
    if (live.length === 0) return; // handled by the caller
    const target = live.reduce((a, b) => (b.outstanding < a.outstanding ? b : a));
    target.outstanding += items.length;
    const answered = target.lane.ask<Reply | { error: string }>(this.encode(items)).then(
      (reply) => {
        target.outstanding -= items.length;
        if (reply === null || typeof reply !== "object" || "error" in reply) return;
        this.deliver(items, reply);
        this.#delivered += items.length;
        this.onDelivered();
      },
    );
    this.#answers.push(answered);
  }
}
