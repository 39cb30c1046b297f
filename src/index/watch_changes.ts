/**
 * Changes under a tree, in debounced batches, for `canary index --watch`:
 * a batch is yielded once no event has arrived for the debounce time, so an
 * editor's save or a `git checkout` becomes one re-index, not hundreds.
 *
 * @module
 */

import { type FolderWatch, WatchedFolders } from "./watched_folders.ts";

/** Options of {@link watchChanges}. */
export interface WatchChangesOptions {
  /** Ends the watch; a batch being collected is dropped, nothing is cut short. */
  signal: AbortSignal;
  /** Quiet time that closes a batch (default 250 ms). */
  debounceMs?: number;
  /** Paths whose changes do not count (`.git/`, say). */
  ignore?: (path: string) => boolean;
  /**
   * A folder no watch may cover, nor anything in it (the database's: see `watched_folders.ts`);
   * it must not be the root.
   */
  keepOut: string;
}

/** The default quiet time that closes a batch. */
export const DEFAULT_DEBOUNCE_MS = 250;

/** The events of several watchers, in one queue, read as they come whether or not anyone waits. */
class EventQueue {
  readonly #events: Deno.FsEvent[] = [];
  readonly #watchers: Deno.FsWatcher[] = [];
  #failure: { error: unknown } | null = null;
  #closed = false;
  #wake: (() => void) | null = null;

  /** Starts reading `watcher`'s events; a failure of its comes out of {@link next}. */
  add(watcher: Deno.FsWatcher): void {
    this.#watchers.push(watcher);
    (async () => {
      try {
        for await (const event of watcher) this.#push(event);
      } catch (error) {
        if (!this.#closed) this.#failure ??= { error };
        this.#wake?.();
      }
    })();
  }

  #push(event: Deno.FsEvent): void {
    this.#events.push(event);
    this.#wake?.();
  }

  /** The next event; "quiet" when none comes within `ms`; null once closed. */
  async next(ms = Infinity): Promise<Deno.FsEvent | "quiet" | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      while (!this.#closed && this.#events.length === 0 && this.#failure === null) {
        const woken = new Promise<boolean>((resolve) => {
          this.#wake = () => resolve(true);
          if (ms !== Infinity) timer = setTimeout(() => resolve(false), ms);
        });
        if (!(await woken)) return "quiet";
        clearTimeout(timer);
      }
    } finally {
      clearTimeout(timer);
      this.#wake = null;
    }
    if (this.#closed) return null;
    if (this.#failure !== null) throw this.#failure.error;
    return this.#events.shift()!;
  }

  /** Closes every watcher; {@link next} returns null from now on. */
  close(): void {
    this.#closed = true;
    for (const watcher of this.#watchers) {
      try {
        watcher.close();
      } catch {
        // Already closed.
      }
    }
    this.#wake?.();
  }
}

/** Starts watching the folders not watched yet: alone or with their subfolders, one call each. */
function watchNewFolders(folders: WatchedFolders, queue: EventQueue): void {
  const pending = folders.toWatch();
  for (const recursive of [false, true]) {
    const group = pending.filter((folder) => folder.recursive === recursive);
    if (group.length === 0) continue;
    try {
      watchGroup(folders, queue, group);
    } catch {
      // One of them vanished since it was listed: watch the others one by one.
      for (const folder of group) {
        try {
          watchGroup(folders, queue, [folder]);
        } catch {
          // Gone: nothing in it to watch; one made anew shows up as an event.
        }
      }
    }
  }
}

function watchGroup(folders: WatchedFolders, queue: EventQueue, group: FolderWatch[]): void {
  const watcher = Deno.watchFs(group.map((folder) => folder.watchPath), {
    recursive: group[0].recursive,
  });
  queue.add(watcher);
  for (const folder of group) folders.started(folder);
}

/**
 * Yields the set of changed paths under `root` each time a burst of changes
 * settles, until `signal` aborts. Events on ignored paths alone yield nothing.
 * Folders made later are watched before their batch is yielded, so a run that
 * follows misses nothing in them. Watching starts at the first `next()`.
 *
 * @throws {UsageError} at once, when `keepOut` is the root (see `WatchedFolders`).
 */
export function watchChanges(root: string, options: WatchChangesOptions): AsyncGenerator<string[]> {
  return batches(new WatchedFolders(root, options.keepOut), options);
}

async function* batches(
  folders: WatchedFolders,
  options: WatchChangesOptions,
): AsyncGenerator<string[]> {
  const { signal, debounceMs = DEFAULT_DEBOUNCE_MS, ignore = () => false } = options;
  if (signal.aborted) return;
  const queue = new EventQueue();
  const stop = () => queue.close();
  signal.addEventListener("abort", stop, { once: true });
  const relevant = (event: Deno.FsEvent) => {
    folders.saw(event);
    const paths = event.paths.map((path) => folders.treePath(path));
    return paths.filter((path) => folders.concerns(path) && !ignore(path));
  };
  try {
    watchNewFolders(folders, queue);
    for (;;) {
      const first = await queue.next();
      if (first === null || first === "quiet") return;
      const changed = new Set(relevant(first));
      for (let more = await queue.next(debounceMs); more !== "quiet";) {
        if (more === null) return;
        for (const path of relevant(more)) changed.add(path);
        more = await queue.next(debounceMs);
      }
      watchNewFolders(folders, queue);
      if (changed.size > 0 && !signal.aborted) yield [...changed].sort();
    }
  } finally {
    signal.removeEventListener("abort", stop);
    queue.close();
  }
}
