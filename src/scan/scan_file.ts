/**
 * Reading and parsing one file: the unit of work of the scanner, shared by
 * the main thread and the read workers (so a worker loads only this, not the
 * walker and its ignore rules).
 *
 * @module
 */
import { type Diagnostic, type LocatedToken, parseTokens } from "../tokens/mod.ts";
import { readSource } from "./read.ts";
import { ScanError } from "./scan_error.ts";

/** What reading and parsing one file gave (see {@linkcode scanFile}). */
export type FileOutcome =
  | { kind: "text"; tokens: LocatedToken[]; diagnostics: Diagnostic[] }
  | { kind: "binary" }
  | { kind: "report" }
  | { kind: "failed"; reason: "vanished" | "unreadable"; message: string };

/** A file to read: where it is, the path it is reported under, and its size from the walk. */
export interface FileToRead {
  absPath: string;
  path: string;
  size: number;
}

/** Reads one file and parses its tokens. Never throws for a problem with the file itself. */
export function scanFile(file: FileToRead, options: { strict?: boolean } = {}): FileOutcome {
  let source;
  try {
    source = readSource(file.absPath, file.size);
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    return {
      kind: "failed",
      reason: error.code === "vanished" ? "vanished" : "unreadable",
      message: error.message,
    };
  }
  if (source.kind !== "text") return source;
  if (source.text === null) return { kind: "text", tokens: [], diagnostics: [] };
  return { kind: "text", ...parseTokens(source.text, file.path, options) };
}

/** The size and age of a plain file, its fingerprint. */
export interface FileStat {
  /** Size in bytes. */
  size: number;
  /** Last modification time in milliseconds since the epoch, 0 when the platform has none. */
  mtimeMs: number;
}

/** The modification time in milliseconds, 0 when the platform does not provide one. */
export function mtimeOf(info: Deno.FileInfo): number {
  return info.mtime === null ? 0 : info.mtime.getTime();
}

/** How a worker probes the files of a batch (see {@linkcode probeFiles}). */
export interface ProbeSettings {
  strict: boolean;
  /** Files larger than this are not read (the walk skips them as too large). */
  maxFileSize: number;
  /** Whether to read and parse each file at once, or only stat it. */
  read: boolean;
}

/** A batch of files for a worker to read and parse, one outcome each. */
export interface ReadRequest {
  strict: boolean;
  files: FileToRead[];
}

/** A worker's answer to a {@link ReadRequest}, in the same order. */
export interface ReadReply {
  outcomes: FileOutcome[];
}

/**
 * A batch of files for a worker to probe (see {@linkcode probeFiles}), as one string: structured
 * cloning a string costs a copy, while an object per file costs far more than the stat.
 */
export interface ProbeRequest {
  probe: ProbeSettings;
  /** Prepended to each path to open it: the root's absolute path and a `/`. */
  prefix: string;
  /** Paths relative to the root, separated by NUL (which no name holds). */
  paths: string;
}

/** A worker's answer to a {@link ProbeRequest}, in the same order. */
export interface ProbeReply {
  /**
   * Size and modification time of each file, NaN for both when it is no longer a plain file or
   * cannot be stat-ed (the walk then looks at it again and reports why).
   */
  stats: Float64Array<ArrayBuffer>;
  /** When the files were read, each one's outcome; null where it was not read. */
  outcomes?: (FileOutcome | null)[];
}

/** Stats each file of the request that the directory listing showed as plain and, when asked, reads it. */
export function probeFiles(request: ProbeRequest): ProbeReply {
  const { probe, prefix } = request;
  const paths = request.paths.split("\0");
  const reply = emptyReply(probe, paths.length);
  paths.forEach((path, k) => probeFile(probe, prefix + path, path, k, reply));
  return reply;
}

/** {@linkcode probeFiles} for listed files at hand, on the thread that listed them. */
export function probeListedFiles(
  probe: ProbeSettings,
  files: readonly { absPath: string; path: string }[],
): ProbeReply {
  const reply = emptyReply(probe, files.length);
  files.forEach(({ absPath, path }, k) => probeFile(probe, absPath, path, k, reply));
  return reply;
}

function emptyReply(probe: ProbeSettings, files: number): ProbeReply {
  return { stats: new Float64Array(files * 2), outcomes: probe.read ? [] : undefined };
}

/** Probes the `k`th file of a batch into `reply`. */
function probeFile(
  probe: ProbeSettings,
  absPath: string,
  path: string,
  k: number,
  { stats, outcomes }: ProbeReply,
): void {
  let info: Deno.FileInfo | null = null;
  try {
    info = Deno.lstatSync(absPath);
  } catch {
    // Looked at again by the walk, which tells why.
  }
  if (info === null || !info.isFile) {
    stats[2 * k] = stats[2 * k + 1] = NaN;
    if (outcomes) outcomes[k] = null;
    return;
  }
  stats[2 * k] = info.size;
  stats[2 * k + 1] = mtimeOf(info);
  if (outcomes) {
    outcomes[k] = info.size <= probe.maxFileSize
      ? scanFile({ absPath, path, size: info.size }, probe)
      : null;
  }
}
