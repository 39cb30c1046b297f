/**
 * Standard streams where a file path is accepted: `-` and `/dev/stdout` write
 * to stdout, `/dev/stderr` to stderr, `/dev/null` nowhere, and `-` or
 * `/dev/stdin` as an input read stdin. They are served by canary itself (the
 * binary may not open `/dev`), so no file named `-` and no temporary file
 * beside a device is ever created.
 *
 * @module
 */
import type { Stats } from "node:fs";
import { UsageError } from "../errors.ts";
import type { Output } from "../output/output.ts";
import { escapeCsvForTerminal, escapeForTerminal } from "../output/sanitize.ts";
import { describeFsError, ReportError } from "../report/report_error.ts";
import { writeFileAtomic } from "../report/atomic_write.ts";
import { namesOneFile, refuseSqliteFile } from "../db/sqlite_files.ts";
import { DEFAULT_DB_PATH } from "../db/locate.ts";
import type { CommandContext } from "./context.ts";

/** Where an output path sends its data. */
export type OutputStream = "stdout" | "stderr" | "null" | "file";

const OUTPUT_STREAMS: Record<string, OutputStream> = {
  "-": "stdout",
  "/dev/stdout": "stdout",
  "/dev/fd/1": "stdout",
  "/dev/stderr": "stderr",
  "/dev/fd/2": "stderr",
  "/dev/null": "null",
};

const INPUT_STREAMS = new Set(["-", "/dev/stdin", "/dev/fd/0"]);

/** The stream an output path names, or `file` for an ordinary path. */
export function outputStream(path: string): OutputStream {
  return OUTPUT_STREAMS[path] ?? "file";
}

/**
 * Refuses two outputs on stdout (their data would be interleaved). `outputs`
 * maps an option (`--out`) to its path, or to `-` for an option that prints
 * to stdout itself (`--json`).
 */
export function assertOneStdout(outputs: Record<string, string | undefined>): void {
  const onStdout = Object.entries(outputs)
    .filter(([, path]) => path !== undefined && outputStream(path) === "stdout")
    .map(([option]) => option);
  if (onStdout.length > 1) {
    throw new UsageError(`${onStdout.join(" and ")} cannot both write to stdout: choose one`);
  }
}

/**
 * Refuses, before anything is opened or written, outputs that cannot be written safely: two on
 * stdout (see {@linkcode assertOneStdout}); two naming one file (one would be lost); a file
 * that is the database in use or one SQLite keeps beside it (a report written there would
 * destroy the index, its checkpoints and priorities); or a file the command reads, named in
 * `inputs` (option to path), which would be lost. `outputs` is as for `assertOneStdout`.
 */
export function assertOutputs(
  ctx: CommandContext,
  outputs: Record<string, string | undefined>,
  inputs: Record<string, string | undefined> = {},
): void {
  assertOneStdout(outputs);
  const database = ctx.project?.db ?? DEFAULT_DB_PATH;
  const files = Object.entries(outputs)
    .filter((entry): entry is [string, string] =>
      entry[1] !== undefined && outputStream(entry[1]) === "file"
    );
  for (const [i, [option, path]] of files.entries()) {
    refuseSqliteFile(option, database, path);
    const twin = files.slice(i + 1).find(([, other]) => namesOneFile(path, other));
    if (twin !== undefined) {
      throw new UsageError(
        `${option} ${path} and ${twin[0]} ${twin[1]} name one file; choose another path`,
      );
    }
    for (const [inputOption, input] of Object.entries(inputs)) {
      if (input !== undefined && namesOneFile(path, isInputStream(input) ? "/dev/stdin" : input)) {
        throw new UsageError(
          `${option} ${path} names the ${inputOption} file; choose another path`,
        );
      }
    }
  }
}

/**
 * Writes `text` to `path`: a stream, or a file replaced atomically. A stream
 * that is a terminal gets the text with its controls escaped (for `csv`, line
 * breaks inside fields too); any other gets it exact.
 */
export function writeOutput(out: Output, path: string, text: string, csv = false): void {
  const shown = () => csv ? escapeCsvForTerminal(text) : escapeForTerminal(text);
  switch (outputStream(path)) {
    case "stdout":
      return out.data(out.stdoutIsTerminal ? shown() : text);
    case "stderr":
      return out.stderrData(out.stderrIsTerminal ? shown() : text);
    case "null":
      return;
    case "file":
      return writeFileAtomic(path, text);
  }
}

function readAll(reader: { readSync(buffer: Uint8Array): number | null }): Uint8Array {
  const chunks: Uint8Array[] = [];
  const buffer = new Uint8Array(64 * 1024);
  for (let n = reader.readSync(buffer); n !== null && n > 0; n = reader.readSync(buffer)) {
    chunks.push(buffer.slice(0, n));
  }
  const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}

/** Whether an input path names standard input rather than a file. */
export function isInputStream(path: string): boolean {
  return INPUT_STREAMS.has(path);
}

/**
 * Reads an input file as text; `-` and `/dev/stdin` read standard input.
 * @throws {ReportError} `unreadable` naming the path and the reason.
 */
export function readInputText(path: string): string {
  try {
    const bytes = isInputStream(path) ? readAll(Deno.stdin) : Deno.readFileSync(path);
    return new TextDecoder().decode(bytes);
  } catch (error) {
    throw new ReportError("unreadable", path, `cannot read ${path}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
}

/** `dev:ino` of a regular file, or null (gone, unreadable, not a file). */
function fileIdentity(stat: () => Stats): string | null {
  try {
    const info = stat();
    return info.isFile() ? `${info.dev}:${info.ino}` : null;
  } catch {
    return null;
  }
}

/**
 * A test for "this path is the file our stdout or stderr is redirected to",
 * so that a watch does not wake itself up by writing its own log
 * (`canary index --watch > index.log` inside the tree). The descriptors are
 * asked directly: `/dev/stdout` needs more than read permission, and Deno has no
 * `fstat` of its own. `node:fs` is loaded here, not with the module: it costs
 * about 20 ms, which every other command would pay.
 */
export async function isOwnOutputFile(): Promise<(path: string) => boolean> {
  const { fstatSync, statSync } = await import("node:fs");
  const own = new Set(
    [1, 2].map((fd) => fileIdentity(() => fstatSync(fd))).filter((id): id is string => id !== null),
  );
  if (own.size === 0) return () => false;
  return (path) => {
    const id = fileIdentity(() => statSync(path));
    return id !== null && own.has(id);
  };
}
