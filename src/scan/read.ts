/**
 * Reads one source file for the scanner: binary detection and a fast search for the token marker.
 *
 * @module
 */

import { MARKER } from "../tokens/mod.ts";
import { ScanError } from "./scan_error.ts";

/** What {@linkcode readSource} found in a file. */
export type SourceRead =
  | { kind: "binary" }
  | {
    kind: "text";
    /** The decoded text, or null when the file holds no `CANARY:`, so there is nothing to parse. */
    text: string | null;
  };

/** How many leading bytes are checked for a NUL byte, the sign of a binary file (as git does). */
export const BINARY_SNIFF_BYTES = 8192;

/** Above this size, the head is checked for NUL before decoding, to spare decoding big binaries. */
const DECODE_FIRST_LIMIT = 64 * 1024;

const BINARY: SourceRead = Object.freeze({ kind: "binary" });
const NO_MARKER: SourceRead = Object.freeze({ kind: "text", text: null });

// Lenient: invalid UTF-8 becomes U+FFFD instead of throwing, and a leading BOM is dropped.
const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });

/**
 * Reads a file once and classifies it (see {@linkcode classifySource}). Never opens anything but
 * what the caller checked is a regular file.
 *
 * @throws {ScanError} `vanished` when the file no longer exists, `unreadable` otherwise.
 */
export function readSource(absPath: string): SourceRead {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(absPath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new ScanError("vanished", absPath, "file vanished during the scan", { cause: error });
    }
    const reason = error instanceof Deno.errors.PermissionDenied
      ? "permission denied"
      : error instanceof Error
      ? error.message
      : String(error);
    throw new ScanError("unreadable", absPath, `cannot read file: ${reason}`, { cause: error });
  }
  return classifySource(bytes);
}

/**
 * Classifies file contents: binary when a NUL byte occurs in the first 8 KiB; otherwise text,
 * decoded leniently, returned only when it contains `CANARY:`.
 *
 * The whole file is decoded before searching because, in Deno, V8's UTF-8 decoder plus
 * `String.prototype.indexOf` outruns every byte-level search on offer (`Buffer.indexOf` is
 * implemented in JavaScript there and is about 20 times slower). Decoding cannot create or hide the
 * ASCII marker, so the answer is the same as a byte search.
 */
export function classifySource(bytes: Uint8Array): SourceRead {
  if (bytes.length > DECODE_FIRST_LIMIT && hasNulInHead(bytes)) return BINARY;
  const text = decoder.decode(bytes);
  // A NUL's index in the text is at most its byte offset, so a miss here settles it cheaply; a
  // hit before the limit may still lie beyond 8 KiB of bytes (multi-byte characters), so confirm.
  const nul = text.indexOf("\0");
  if (nul !== -1 && nul < BINARY_SNIFF_BYTES && hasNulInHead(bytes)) return BINARY;
  return text.indexOf(MARKER) === -1 ? NO_MARKER : { kind: "text", text };
}

/** Whether a NUL byte occurs in the first {@linkcode BINARY_SNIFF_BYTES} bytes. */
function hasNulInHead(bytes: Uint8Array): boolean {
  const head = bytes.length > BINARY_SNIFF_BYTES ? bytes.subarray(0, BINARY_SNIFF_BYTES) : bytes;
  return head.indexOf(0) !== -1;
}
