/**
 * The progress line of a long scan: files done and the rate, on a terminal's stderr only.
 *
 * @module
 */
import type { Output } from "./output.ts";
import { countOf } from "./plural.ts";

/** A run shorter than this shows no progress at all, in milliseconds. */
const QUIET_START_MS = 1000;
/** The least time between two updates, in milliseconds. */
const UPDATE_EVERY_MS = 100;

/**
 * A callback for a scan's `onProgress` that shows `<label>: 1200 files scanned, 850 files/s` on
 * `out`'s progress line (stderr, terminal only, cut to its width), from one second into the run
 * and at most ten times a second. `now` is the clock, in milliseconds.
 */
export function fileProgress(
  out: Output,
  label: string,
  now: () => number = Date.now,
): (filesDone: number) => void {
  const started = now();
  let lastShown = 0;
  return (filesDone) => {
    const at = now();
    if (at - started < QUIET_START_MS || at - lastShown < UPDATE_EVERY_MS) return;
    lastShown = at;
    const perSecond = Math.round(filesDone / ((at - started) / 1000));
    out.progress(`${label}: ${countOf(filesDone, "file")} scanned, ${perSecond} files/s`);
  };
}
