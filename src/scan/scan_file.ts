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

/** A batch of files sent to a read worker. */
export interface ReadRequest {
  strict: boolean;
  files: FileToRead[];
}

/** A read worker's answer to a {@link ReadRequest}: one outcome per file, or why it gave up. */
export type ReadReply = { outcomes: FileOutcome[] } | { error: string };
