/**
 * The temporary files canary writes beside a file it replaces (see `writeFileAtomic`): how they
 * are named, so the scanner never reads one as source, and when a leftover is provably stale.
 *
 * A name is `.<file>.<random>.canary-tmp`: hidden, named after the file it replaces, and with a
 * suffix no editor or tool uses.
 * The writer holds an exclusive lock on the file from just after creating it until it has been
 * renamed into place; the kernel drops the lock when the process dies, even by kill -9. So a
 * file with canary's name that nobody has locked, and that is older than the instant between
 * creating and locking, was left by a killed run.
 *
 * @module
 */

import { errorMessage } from "../errors.ts";
import { basename, dirname, join } from "../path.ts";

const TEMPORARY_NAME = /^\.(.+)\.[0-9a-z]+\.canary-tmp$/;

/** How old an unlocked temporary file must be to count as abandoned. */
export const STALE_TEMPORARY_MS = 10_000;

/** A fresh temporary path beside `target`, named after it. */
export function temporaryPathFor(target: string): string {
  const suffix = crypto.getRandomValues(new Uint32Array(2)).reduce(
    (text, n) => text + n.toString(36),
    "",
  );
  return join(dirname(target), `.${basename(target)}.${suffix}.canary-tmp`);
}

/** Whether a file name is one {@linkcode temporaryPathFor} makes. */
export function isTemporaryName(name: string): boolean {
  return TEMPORARY_NAME.test(name);
}

/**
 * Removes the leftovers among `paths` (relative to `root`, as a walk lists them): files with
 * canary's temporary name, beside the file they are named after, not locked by a writer, and
 * older than {@linkcode STALE_TEMPORARY_MS}. Returns those removed, and those that could not be with why.
 */
export function removeStaleTemporaries(
  root: string,
  paths: readonly string[],
  now: number = Date.now(),
): { removed: string[]; failed: { path: string; reason: string }[] } {
  const removed: string[] = [];
  const failed: { path: string; reason: string }[] = [];
  for (const path of paths) {
    if (!isTemporaryName(basename(path))) continue;
    const absolute = join(root, path);
    try {
      if (removeIfAbandoned(absolute, now)) removed.push(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      failed.push({ path, reason: errorMessage(error) });
    }
  }
  return { removed, failed };
}

function removeIfAbandoned(absolute: string, now: number): boolean {
  // The file it was a copy of is still beside it: one more sign it is canary's.
  const original = TEMPORARY_NAME.exec(basename(absolute))![1];
  if (!Deno.lstatSync(join(dirname(absolute), original)).isFile) return false;
  using file = Deno.openSync(absolute, { read: true });
  const info = file.statSync();
  if (!info.isFile || now - (info.mtime?.getTime() ?? now) < STALE_TEMPORARY_MS) return false;
  // Held while removing, so a writer cannot be part-way through it.
  if (!file.tryLockSync(true)) return false;
  Deno.removeSync(absolute);
  return true;
}
