/**
 * Hands batches of files to the read workers as they come: during the walk
 * (the workers read while this thread still lists the tree) or after it. Each
 * batch goes to the worker with the fewest files outstanding. A batch a worker
 * could not read, or every batch of a worker that failed, is left without an
 * outcome, for the caller to read on its own thread.
 *
 * @module
 */
import type { FileOutcome, FileToRead, ReadReply, ReadRequest } from "./scan_file.ts";

/** Files per message to a worker: large enough to amortise messaging, small enough to balance. */
export const CHUNK_SIZE = 256;

interface Lane {
  worker: Worker;
  /** Batches sent and not answered yet, oldest first (a worker answers in order). */
  inFlight: FileToRead[][];
  failed: boolean;
}

/** Files sent to a worker and not answered yet. */
function outstanding(lane: Lane): number {
  return lane.inFlight.reduce((sum, batch) => sum + batch.length, 0);
}

/** Sends files to workers in batches and collects one outcome per file. */
export class ReadDispatcher<File extends FileToRead> {
  /** Outcomes by file, as the workers deliver them. */
  readonly outcomes = new Map<File, FileOutcome>();
  #lanes: Lane[];
  #batch: File[] = [];
  #settled: (() => void) | null = null;

  /** Runs after each answered batch (progress, say). */
  onOutcomes: () => void = () => {};

  /** Drives `workers` (already started) with batches of files to read. */
  constructor(workers: readonly Worker[], readonly strict: boolean) {
    this.#lanes = workers.map((worker) => ({
      worker,
      inFlight: [],
      failed: false,
    }));
    for (const lane of this.#lanes) {
      lane.worker.onmessage = (event: MessageEvent<ReadReply>) => this.#answered(lane, event.data);
      lane.worker.onerror = (event) => {
        event.preventDefault(); // its files are read on the caller's thread
        this.#fail(lane);
      };
    }
  }

  /** Queues `file`; a full batch is sent at once. */
  add(file: File): void {
    this.#batch.push(file);
    if (this.#batch.length >= CHUNK_SIZE) this.#send();
  }

  /** Sends the last batch and waits until every batch is answered or its worker has failed. */
  finish(): Promise<void> {
    if (this.#batch.length > 0) this.#send();
    return new Promise((resolve) => {
      this.#settled = resolve;
      this.#checkSettled();
    });
  }

  #send(): void {
    const files = this.#batch;
    this.#batch = [];
    const live = this.#lanes.filter((lane) => !lane.failed);
    if (live.length === 0) return; // read by the caller
    const lane = live.reduce((a, b) => (outstanding(b) < outstanding(a) ? b : a));
    lane.inFlight.push(files);
    const batch = files.map(({ absPath, path, size }) => ({ absPath, path, size }));
    lane.worker.postMessage({ strict: this.strict, files: batch } satisfies ReadRequest);
  }

  #answered(lane: Lane, reply: ReadReply): void {
    const files = lane.inFlight.shift() as File[] | undefined;
    if (files === undefined) return;
    if ("error" in reply) return this.#fail(lane);
    reply.outcomes.forEach((outcome, k) => this.outcomes.set(files[k], outcome));
    this.onOutcomes();
    this.#checkSettled();
  }

  #fail(lane: Lane): void {
    lane.failed = true;
    lane.inFlight = [];
    this.#checkSettled();
  }

  #checkSettled(): void {
    if (this.#settled === null) return;
    if (this.#lanes.every((lane) => lane.inFlight.length === 0)) this.#settled();
  }
}
