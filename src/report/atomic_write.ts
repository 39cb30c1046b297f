/**
 * Writing a file so that readers see the old contents or the new, never a part: write a
 * temporary file beside it, then rename it over the target.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import { describeFsError, ReportError } from "./report_error.ts";

/** Options for {@linkcode writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * Permission bits for the file. Default: an existing file's own bits, so a rewrite never
   * changes them; a new file gets the process default (0o666 less the umask).
   */
  mode?: number;
}

const encoder = new TextEncoder();

/**
 * Replaces `path` with `data` atomically: the data goes to a temporary file in the same folder
 * (so the rename never crosses file systems), gets the permission bits, and is renamed over
 * `path`. A symbolic link is followed, so the file it points to is replaced and the link kept.
 * On failure the temporary file is removed and the target is left as it was.
 *
 * @throws {ReportError} `unwritable` naming `path` and the reason.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  let target = path;
  let mode = options.mode;
  try {
    target = Deno.realPathSync(path);
    if (mode === undefined) {
      const info = Deno.statSync(target);
      if (info.isDirectory) {
        throw new ReportError("unwritable", path, `cannot write ${path}: is a directory`);
      }
      if (info.mode !== null) mode = info.mode & 0o7777;
    }
  } catch (error) {
    if (error instanceof ReportError) throw error;
    // A new file: nothing to follow or keep.
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new ReportError("unwritable", path, `cannot write ${path}: ${describeFsError(error)}`, {
        cause: error,
      });
    }
  }
  const suffix = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
  const temporary = join(dirname(target), `.${basename(target)}.${suffix}.tmp`);
  try {
    Deno.writeFileSync(temporary, typeof data === "string" ? encoder.encode(data) : data, {
      createNew: true,
    });
    // Set after creating: the umask must not narrow the bits being kept.
    if (mode !== undefined && Deno.build.os !== "windows") Deno.chmodSync(temporary, mode);
    Deno.renameSync(temporary, target);
  } catch (error) {
    try {
      Deno.removeSync(temporary);
    } catch {
      // Never created, or already renamed: nothing to clean up.
    }
    throw new ReportError("unwritable", path, `cannot write ${path}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
}
