/**
 * Changes under a tree, in debounced batches, for `canary index --watch`:
 * a batch is yielded once no event has arrived for the debounce time, so an
 * editor's save or a `git checkout` becomes one re-index, not hundreds.
 *
 * @module
 */

/** Options of {@link watchChanges}. */
export interface WatchChangesOptions {
  /** Ends the watch; a batch being collected is dropped, nothing is cut short. */
  signal: AbortSignal;
  /** Quiet time that closes a batch (default 250 ms). */
  debounceMs?: number;
  /** Paths whose changes do not count (the database's own files, say). */
  ignore?: (path: string) => boolean;
}

/** The default quiet time that closes a batch. */
export const DEFAULT_DEBOUNCE_MS = 250;

type Next = IteratorResult<Deno.FsEvent>;

/** `next`, or null when `ms` pass first (the timer is always cleared). */
async function nextWithin(next: Promise<Next>, ms: number): Promise<Next | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const quiet = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([next, quiet]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Yields the set of changed paths under `root` each time a burst of changes
 * settles, until `signal` aborts. Events on ignored paths alone yield nothing.
 */
export async function* watchChanges(
  root: string,
  options: WatchChangesOptions,
): AsyncGenerator<string[]> {
  const { signal, debounceMs = DEFAULT_DEBOUNCE_MS, ignore = () => false } = options;
  if (signal.aborted) return;
  const watcher = Deno.watchFs(root, { recursive: true });
  const stop = () => watcher.close();
  signal.addEventListener("abort", stop, { once: true });
  const events = watcher[Symbol.asyncIterator]();
  const relevant = (event: Deno.FsEvent) => event.paths.filter((path) => !ignore(path));
  try {
    let pending = events.next();
    while (!signal.aborted) {
      const first = await pending;
      if (first.done) return;
      const changed = new Set(relevant(first.value));
      for (;;) {
        pending = events.next();
        const more = await nextWithin(pending, debounceMs);
        if (more === null) break; // quiet: `pending` carries over to the next burst
        if (more.done) return;
        for (const path of relevant(more.value)) changed.add(path);
      }
      if (changed.size > 0 && !signal.aborted) yield [...changed].sort();
    }
  } finally {
    signal.removeEventListener("abort", stop);
    try {
      watcher.close();
    } catch {
      // Already closed by the abort.
    }
  }
}
