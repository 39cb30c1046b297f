/**
 * The one place canary writes to the terminal or a pipe. Data goes to stdout;
 * notes, warnings and errors go to stderr. Colour is used only on a terminal,
 * honouring `NO_COLOR` and `FORCE_COLOR`. A reader that closes the pipe early
 * (`canary list | head -1`) silently ends further output instead of failing.
 *
 * Nothing from the data reaches a terminal as a control sequence: messages
 * (notes, warnings, errors, progress) and text lines are escaped here, by
 * {@link escapeExceptStyles}, whoever built them; only the styles of a
 * {@link Palette} become colour, never an escape sequence in the text.
 * Nor can a message or text line saved in a tree be read back as a token: its
 * `CANARY:` is written `CANARY\:` (see `escapeMarker`), except in the token
 * line `canary create` prints to be pasted ({@link Output.tokenLine}).
 * {@link Output.data} alone writes bytes as given, for formats whose renderer
 * escapes them (JSON, HTML, Markdown, help text).
 *
 * @module
 */
import { escapeControls, escapeExceptStyles, styleText } from "./sanitize.ts";
import { jsonChunks } from "./json_stream.ts";
import { fitCell } from "./table.ts";

import { escapeMarker, escapeMarkerInJson } from "../tokens/marker_escape.ts";

/** A byte sink that writes synchronously, such as `Deno.stdout`. */
export interface SyncWriter {
  writeSync(data: Uint8Array): number;
  isTerminal?(): boolean;
}

/** What an {@link Output} writes to and how it decides on colour. */
export interface OutputTarget {
  stdout: SyncWriter;
  stderr: SyncWriter;
  /** Reads an environment variable (those of {@link COLOR_VARIABLES}). */
  env: (name: string) => string | undefined;
  /** The width of the terminal, when there is one. */
  columns?: () => number | undefined;
}

/** The environment variables {@link colorEnabled} reads; the binary may read exactly these. */
export const COLOR_VARIABLES = ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "TERM"];

/**
 * Whether to colour a stream, the one decision for all of canary's output:
 * a non-empty `NO_COLOR` wins; `FORCE_COLOR` (`0`/`false` off, any other
 * value on) and then `CLICOLOR_FORCE` (anything but `0`) decide next; else
 * colour only on a terminal that is not `TERM=dumb`, unless `CLICOLOR=0`.
 */
export function colorEnabled(
  isTerminal: boolean,
  env: (name: string) => string | undefined,
): boolean {
  const set = (name: string) => {
    const value = env(name);
    return value === undefined || value === "" ? undefined : value;
  };
  if (set("NO_COLOR") !== undefined) return false;
  const force = set("FORCE_COLOR");
  if (force !== undefined) return force !== "0" && force !== "false";
  const clicolorForce = set("CLICOLOR_FORCE");
  if (clicolorForce !== undefined && clicolorForce !== "0") return true;
  if (!isTerminal || set("TERM") === "dumb") return false;
  return set("CLICOLOR") !== "0";
}

/**
 * Named ANSI styles; each returns its input unchanged when colour is off, and
 * else its input escaped between style marks that only {@link Output} writes
 * as colour (see `styleText`).
 */
export interface Palette {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
}

/** Builds a palette that colours only when `enabled`. */
export function palette(enabled: boolean): Palette {
  const style = (open: number, close: number) => (text: string) =>
    enabled ? styleText(text, open, close) : text;
  return {
    enabled,
    bold: style(1, 22),
    dim: style(2, 22),
    red: style(31, 39),
    green: style(32, 39),
    yellow: style(33, 39),
    magenta: style(35, 39),
    cyan: style(36, 39),
  };
}

const encoder = new TextEncoder();

function isTerminal(writer: SyncWriter): boolean {
  try {
    return writer.isTerminal?.() ?? false;
  } catch {
    return false;
  }
}

/**
 * The width to fit on a terminal: as measured, or 80 for one that reports
 * none or 0 columns (a pseudo-terminal nobody sized, a serial console).
 */
function terminalWidth(measured: number | undefined): number {
  return measured !== undefined && measured > 0 ? measured : 80;
}

/** Writes data and messages for one command run. */
export class Output {
  readonly #target: OutputTarget;
  #stdoutClosed = false;
  #progressShown = false;
  // A dumb terminal cannot erase a line: it would show `ESC [ K` and keep every update.
  readonly #progressOn: boolean;
  /** Styles for data written to stdout. */
  readonly colors: Palette;
  /** Styles for messages written to stderr. */
  readonly errColors: Palette;
  /** Whether stdout is a terminal (tables for people) rather than a pipe. */
  readonly stdoutIsTerminal: boolean;
  /** Whether stderr is a terminal (progress lines are shown only there). */
  readonly stderrIsTerminal: boolean;
  /** The terminal's width when stdout is a terminal (80 when it reports none), for help and tables. */
  readonly stdoutColumns: number | undefined;
  /** The terminal's width when stderr is a terminal. */
  readonly stderrColumns: number | undefined;

  /** Creates an output bound to the given streams and environment. */
  constructor(target: OutputTarget) {
    this.#target = target;
    this.stdoutIsTerminal = isTerminal(target.stdout);
    this.stderrIsTerminal = isTerminal(target.stderr);
    this.#progressOn = this.stderrIsTerminal && target.env("TERM") !== "dumb";
    this.colors = palette(colorEnabled(this.stdoutIsTerminal, target.env));
    this.errColors = palette(colorEnabled(this.stderrIsTerminal, target.env));
    const columns = this.stdoutIsTerminal || this.stderrIsTerminal
      ? terminalWidth(target.columns?.())
      : undefined;
    this.stdoutColumns = this.stdoutIsTerminal ? columns : undefined;
    this.stderrColumns = this.stderrIsTerminal ? columns : undefined;
  }

  /** True once the reader of stdout has gone away; later data is dropped. */
  get stdoutClosed(): boolean {
    return this.#stdoutClosed;
  }

  #write(writer: SyncWriter, text: string): boolean {
    const bytes = encoder.encode(text);
    let offset = 0;
    while (offset < bytes.length) {
      offset += writer.writeSync(bytes.subarray(offset));
    }
    return true;
  }

  /** Writes data to stdout as is. */
  data(text: string): void {
    if (this.#stdoutClosed || text === "") return;
    try {
      this.#write(this.#target.stdout, text);
    } catch (error) {
      if (isClosedPipe(error)) {
        this.#stdoutClosed = true;
        return;
      }
      throw error;
    }
  }

  /** Writes data to stderr as is, for a report the user sent there (`--out /dev/stderr`). */
  stderrData(text: string): void {
    try {
      this.#write(this.#target.stderr, text);
    } catch (error) {
      if (!isClosedPipe(error)) throw error;
    }
  }

  /**
   * Writes text lines to stdout, each ending in a newline. Control characters
   * in them (line feeds too) are escaped, and `CANARY:` is written `CANARY\:`;
   * tabs and the palette's styles (when colour is on) are kept.
   */
  lines(lines: Iterable<string>): void {
    this.#chunked(
      lines,
      (line) => escapeMarker(escapeExceptStyles(line, this.colors.enabled)) + "\n",
    );
  }

  /**
   * Writes a token line meant to be pasted into a source file, with its `CANARY:` as it is,
   * unlike {@link lines}; control characters are escaped all the same.
   */
  tokenLine(line: string): void {
    this.data(escapeControls(line, { keepLayout: true }) + "\n");
  }

  /**
   * Writes a value as pretty JSON to stdout: `JSON.stringify(value, null, 2)`
   * with `CANARY:` escaped (see `escapeMarkerInJson`; each piece holds whole
   * strings, so none is split).
   */
  json(value: unknown): void {
    this.#chunked(jsonChunks(value), escapeMarkerInJson);
    this.data("\n");
  }

  /** Writes `value` as one line of JSON (JSON Lines: one object per event of a stream). */
  jsonLine(value: unknown): void {
    this.#chunked([JSON.stringify(value)], escapeMarkerInJson);
    this.data("\n");
  }

  // Buffered so writes stay few, memory stays flat and a closed pipe stops the work early.
  #chunked(pieces: Iterable<string>, map: (piece: string) => string): void {
    const limit = 1 << 16;
    let buffer = "";
    for (const piece of pieces) {
      if (this.#stdoutClosed) return;
      buffer += map(piece);
      if (buffer.length >= limit) {
        this.data(buffer);
        buffer = "";
      }
    }
    this.data(buffer);
  }

  /** Writes a message line to stderr, its controls (line feeds, tabs) and `CANARY:` escaped. */
  note(message: string): void {
    this.#message(message);
  }

  // One line, so nothing in a message can start a line that looks like canary's own.
  #message(text: string): void {
    try {
      const line = escapeMarker(escapeExceptStyles(text, this.errColors.enabled, false));
      this.#write(this.#target.stderr, line + "\n");
    } catch (error) {
      if (!isClosedPipe(error)) throw error;
    }
  }

  /** Shows a transient status line on stderr, only when stderr is a terminal that can erase it. */
  progress(line: string): void {
    if (!this.#progressOn) return;
    // Wider than the terminal, the line would wrap and each update leave one behind.
    // On: stderr is a terminal, so its width is known (80 where it reports none).
    const shown = fitCell(line, this.stderrColumns! - 1);
    try {
      this.#write(this.#target.stderr, `\r\x1b[K${shown}`);
      this.#progressShown = true;
    } catch (error) {
      if (!isClosedPipe(error)) throw error;
    }
  }

  /** Erases the status line left by {@link progress}, if any. */
  clearProgress(): void {
    if (!this.#progressShown) return;
    this.#progressShown = false;
    try {
      this.#write(this.#target.stderr, "\r\x1b[K");
    } catch (error) {
      if (!isClosedPipe(error)) throw error;
    }
  }

  /** Writes `canary: warning: …` to stderr. */
  warn(message: string): void {
    this.#message(`${this.errColors.yellow("canary: warning:")} ${message}`);
  }

  /**
   * Writes `canary: error: …` to stderr, always on one line: a line break in it (a name quoted
   * from the data, say) is written `\n`, like every control character.
   */
  error(message: string): void {
    this.#message(`${this.errColors.red("canary: error:")} ${message}`);
  }
}

/** True for the error a write raises when the reading end of a pipe is closed. */
export function isClosedPipe(error: unknown): boolean {
  if (error instanceof Deno.errors.BrokenPipe) return true;
  const code = (error as { code?: string })?.code;
  return code === "EPIPE" || code === "ERR_STREAM_DESTROYED";
}

/** An output writing to the process's real stdout and stderr; `env` reads the colour variables. */
export function processOutput(env: (name: string) => string | undefined): Output {
  return new Output({
    stdout: Deno.stdout,
    stderr: Deno.stderr,
    columns: () => {
      try {
        return Deno.consoleSize().columns;
      } catch {
        return undefined; // no terminal to measure
      }
    },
    env,
  });
}
