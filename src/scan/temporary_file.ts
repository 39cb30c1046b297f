/**
 * The temporary files canary writes beside a file it replaces (see `writeFileAtomic`): how they
 * are named, so the scanner never reads one as source, and when a leftover is provably stale.
 *
 * A name is `.<file>.<pid>-<random>.canary-tmp`: hidden, tied to the writing process, and with
 * a suffix no editor or tool uses.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";

const TEMPORARY_NAME = /^\..+\.(\d+)-[0-9a-z]+\.canary-tmp$/;

/** A fresh temporary path beside `target`, named after it and this process. */
export function temporaryPathFor(target: string): string {
  const suffix = crypto.getRandomValues(new Uint32Array(2)).reduce(
    (text, n) => text + n.toString(36),
    "",
  );
  return join(dirname(target), `.${basename(target)}.${Deno.pid}-${suffix}.canary-tmp`);
}

/** Whether a file name is one {@linkcode temporaryPathFor} makes. */
export function isTemporaryName(name: string): boolean {
  return TEMPORARY_NAME.test(name);
}

/**
 * Whether the temporary file at `path` is a leftover: its name is canary's and the process
 * named in it is no longer running (seen through `/proc`; where there is none, nothing is
 * provably stale and false is returned). A file of this process is never stale.
 */
export function isStaleTemporary(path: string): boolean {
  const match = TEMPORARY_NAME.exec(basename(path));
  if (match === null) return false;
  const pid = Number(match[1]);
  if (pid === Deno.pid) return false;
  return processesVisible() && !exists(`/proc/${pid}`);
}

function processesVisible(): boolean {
  return exists(`/proc/${Deno.pid}`);
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
