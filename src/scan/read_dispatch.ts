/**
 * Talks to the read workers: each worker is a {@linkcode WorkerLane} that pairs requests with
 * their answers, and a {@linkcode BatchDispatcher} hands batches of files to the lanes as they come
 * (during the walk, so the workers work while this thread still lists the tree, or after it),
 * each batch to the lane with the fewest files outstanding. A batch a worker could not handle, or
 * every batch of a worker that failed, is left without outcomes, for the caller to handle on its
 * own thread. So is a batch the caller took back before its worker began it: a dispatcher whose
 * caller has a core to spare (see {@linkcode BatchDispatcher.takeBack}) numbers its batches in
 * memory shared with the workers, where each batch is claimed once, by its worker or by the caller.
 *
 * @module
 */
/** Files per message to a worker: large enough to amortise messaging, small enough to balance. */
export const CHUNK_SIZE = 256;

/** A request to a worker or its answer, numbered so that answers may come in any order. */
export interface LaneMessage<Body> {
  id: number;
  body: Body;
  /** Where the worker claims a request before it begins it; absent when it cannot be taken back. */
  claim?: BatchClaim;
}

/** A batch's slot in memory shared by a dispatcher and its workers. */
export interface BatchClaim {
  slots: Int32Array<SharedArrayBuffer>;
  slot: number;
}

const UNCLAIMED = 0;
const BEGUN = 1;
const TAKEN_BACK = 2;

/** Batches of one dispatcher that can be taken back: a slot each, 4 bytes, 16 million files. */
const CLAIM_SLOTS = 65_536;

/**
 * A worker's answer to a request whose claim it lost: the caller took the batch back. Like an
 * error, it is not delivered.
 */
export const DECLINED = { declined: true } as const;

/** Claims a request for its worker; false when the caller took it back first. */
export function claimForWorker(claim: BatchClaim | undefined): boolean {
  if (claim === undefined) return true;
  return Atomics.compareExchange(claim.slots, claim.slot, UNCLAIMED, BEGUN) === UNCLAIMED;
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

  /**
   * Sends `body`, to be claimed at `claim` when given; resolves with the worker's answer, or null
   * when the worker fails first.
   */
  ask<Answer>(body: unknown, claim?: BatchClaim): Promise<Answer | null> {
    if (this.#failed) return Promise.resolve(null);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, (answer) => resolve(answer as Answer | null));
      this.worker.postMessage({ id, body, claim } satisfies LaneMessage<unknown>);
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

/** A batch sent to a lane, with the slot where it is claimed. */
interface SentBatch<Item> {
  items: Item[];
  slot: number;
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
  /** With batches that can be taken back: their slots, and the sent batches not taken back. */
  #claims: { slots: Int32Array<SharedArrayBuffer>; used: number; sent: SentBatch<Item>[] } | null =
    null;

  /** Runs after each delivered answer (progress, say). */
  onDelivered: () => void = () => {};

  /**
   * Drives `lanes` with batches, each sent as the request `encode` makes of it; with
   * `canTakeBack`, batches a worker has not begun can be taken back.
   */
  constructor(
    lanes: readonly WorkerLane[],
    readonly encode: (items: Item[]) => unknown,
    readonly deliver: (items: Item[], reply: Reply) => void,
    { canTakeBack = false } = {},
  ) {
    this.#lanes = lanes.map((lane) => ({ lane, outstanding: 0 }));
    if (canTakeBack) {
      const slots = new Int32Array(new SharedArrayBuffer(CLAIM_SLOTS * 4));
      this.#claims = { slots, used: 0, sent: [] };
    }
  }

  /**
   * Takes back the newest batch not sent yet, or sent and not begun by its worker, for the caller
   * to handle itself; null when none is left. A caller done with its own work calls it until null,
   * handling each batch at once: it and the workers then meet in the middle of the queue.
   */
  takeBack(): Item[] | null {
    if (this.#claims === null) return null;
    if (this.#batch.length > 0) {
      const items = this.#batch;
      this.#batch = [];
      return items;
    }
    const claims = this.#claims;
    for (let batch; (batch = claims.sent.pop()) !== undefined;) {
      const taken = Atomics.compareExchange(claims.slots, batch.slot, UNCLAIMED, TAKEN_BACK);
      if (taken === UNCLAIMED) return batch.items;
    }
    return null;
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
    const claim = this.#claimFor(items);
    const answered = target.lane.ask<Reply | { error: string }>(this.encode(items), claim).then(
      (reply) => {
        target.outstanding -= items.length;
        if (reply === null || typeof reply !== "object" || "error" in reply) return;
        if ("declined" in reply) return;
        this.deliver(items, reply);
        this.#delivered += items.length;
        this.onDelivered();
      },
    );
    this.#answers.push(answered);
  }

  /** A slot for a batch about to be sent, when it can be taken back and a slot is left. */
  #claimFor(items: Item[]): BatchClaim | undefined {
    const claims = this.#claims;
    if (claims === null || claims.used === CLAIM_SLOTS) return undefined;
    const slot = claims.used++;
    claims.sent.push({ items, slot });
    return { slots: claims.slots, slot };
  }
}
