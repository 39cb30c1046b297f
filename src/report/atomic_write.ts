/**
 * Writing a file so that readers see the old contents or the new, never a part: write a
 * temporary file beside it, then rename it over the target.
 *
 * @module
 */

import { temporaryPathFor } from "../scan/temporary_file.ts";
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

/** What a rewrite must keep of the file it replaces. */
interface Kept {
  mode?: number;
  uid: number | null;
  gid: number | null;
}

/**
 * Replaces `path` with `data` atomically: the data goes to a temporary file in the same folder
 * (so the rename never crosses file systems, named so the scanner skips it, see
 * `temporary_file.ts`, and locked while written), gets the owner, group and permission bits of the file it replaces, and
 * is renamed over `path`. A symbolic link is followed, so the file it points to is replaced and
 * the link kept. On failure the temporary file is removed and the target is left as it was.
 *
 * A file with more than one hard link is refused, since the rename would split it from its
 * other names; so is one whose owner or group this process cannot give the new file (another
 * user's file, when not root): the rewrite would hand the file to the running user.
 *
 * @throws {ReportError} `hard_linked` or `owner_not_kept` (the file was left alone), or
 * `unwritable` naming `path` and the reason.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const { target, kept } = inspectTarget(path, options.mode);
  const temporary = temporaryPathFor(target);
  try {
    // Locked from creation to rename, so no later run takes it for a killed run's leftover.
    using file = Deno.openSync(temporary, {
      write: true,
      createNew: true,
      // Private until it has the kept owner and bits: a copy of a 0600 file must not leak.
      ...(kept.mode === undefined ? {} : { mode: 0o600 }),
    });
    file.lockSync(true);
    writeAll(file, typeof data === "string" ? encoder.encode(data) : data);
    keepOwner(path, temporary, kept);
    // Set after creating and after chown (which clears setuid): the umask must not narrow the
    // bits being kept.
    if (kept.mode !== undefined && Deno.build.os !== "windows") {
      Deno.chmodSync(temporary, kept.mode);
    }
    Deno.renameSync(temporary, target);
  } catch (error) {
    try {
      Deno.removeSync(temporary);
    } catch {
      // Never created, or already renamed: nothing to clean up.
    }
    if (error instanceof ReportError) throw error;
    throw new ReportError("unwritable", path, `cannot write ${path}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
}

function writeAll(file: Deno.FsFile, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length;) offset += file.writeSync(bytes.subarray(offset));
}

/** The file a write replaces (through links) and what must be kept of it. */
function inspectTarget(path: string, mode: number | undefined): { target: string; kept: Kept } {
  let info: Deno.FileInfo;
  let target: string;
  try {
    target = Deno.realPathSync(path);
    info = Deno.statSync(target);
  } catch (error) {
    // A new file: nothing to follow or keep.
    if (error instanceof Deno.errors.NotFound) {
      return { target: path, kept: { mode, uid: null, gid: null } };
    }
    throw new ReportError("unwritable", path, `cannot write ${path}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
  if (info.isDirectory) {
    throw new ReportError("unwritable", path, `cannot write ${path}: is a directory`);
  }
  if (info.nlink !== null && info.nlink > 1) {
    throw new ReportError(
      "hard_linked",
      path,
      `${path} has ${info.nlink} hard links; replacing it would split them, so it was left alone`,
    );
  }
  const keptMode = mode ?? (info.mode === null ? undefined : info.mode & 0o7777);
  return { target, kept: { mode: keptMode, uid: info.uid, gid: info.gid } };
}

/** Gives `temporary` the owner and group to keep, or throws `owner_not_kept`. */
function keepOwner(path: string, temporary: string, kept: Kept): void {
  if (kept.uid === null || kept.gid === null) return;
  const made = Deno.statSync(temporary);
  if (made.uid === kept.uid && made.gid === kept.gid) return;
  try {
    Deno.chownSync(temporary, kept.uid, kept.gid);
  } catch (error) {
    throw new ReportError(
      "owner_not_kept",
      path,
      `${path} belongs to uid ${kept.uid}, gid ${kept.gid}, which this user cannot give a ` +
        `rewritten file (${describeFsError(error)}), so it was left alone`,
      { cause: error },
    );
  }
}
