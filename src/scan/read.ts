/**
 * Reads one source file for the scanner: binary detection and a fast search for the token marker.
 *
 * @module
 */

import { errorMessage } from "../errors.ts";
import { MARKER } from "../tokens/mod.ts";
import { ScanError } from "./scan_error.ts";

/** What {@linkcode readSource} found in a file. */
export type SourceRead =
  | { kind: "binary" }
  | { kind: "report" }
  | {
    kind: "text";
    /** The decoded text, or null when the file holds no `CANARY:`, so there is nothing to parse. */
    text: string | null;
  };

/** How many leading bytes are checked for a NUL byte, the sign of a binary file (as git does). */
export const BINARY_SNIFF_BYTES = 8192;

const BINARY: SourceRead = Object.freeze({ kind: "binary" });
const REPORT: SourceRead = Object.freeze({ kind: "report" });
const NO_MARKER: SourceRead = Object.freeze({ kind: "text", text: null });

// Lenient: invalid UTF-8 becomes U+FFFD instead of throwing, and a leading BOM is dropped.
const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });

/**
 * One buffer reused for every read: tens of thousands of fresh buffers per scan
 * cost more in allocation and garbage collection than the reads themselves.
 */
let shared = new Uint8Array(256 * 1024);

/**
 * Reads a file once and classifies it (see {@linkcode classifySource}). Never opens anything but
 * what the caller checked is a regular file. `expectedSize` (from the walk's stat) sizes the read;
 * a file that grew since is still read whole.
 *
 * @throws {ScanError} `vanished` when the file no longer exists, `unreadable` otherwise.
 */
export function readSource(absPath: string, expectedSize = 0): SourceRead {
  let length = 0;
  try {
    using file = Deno.openSync(absPath, { read: true });
    // One byte more than expected, so that a single short read normally proves end of file.
    if (shared.length <= expectedSize) shared = new Uint8Array(expectedSize + 1);
    for (;;) {
      if (length === shared.length) {
        const bigger = new Uint8Array(shared.length * 2);
        bigger.set(shared);
        shared = bigger;
      }
      const wanted = shared.length - length;
      const n = file.readSync(shared.subarray(length));
      if (n === null || n === 0) break;
      length += n;
      if (n < wanted) break; // a short read from a regular file is its end
    }
  } catch (error) {
    throw readError(absPath, error);
  }
  return classifySource(shared.subarray(0, length));
}

function readError(absPath: string, error: unknown): ScanError {
  if (error instanceof Deno.errors.NotFound) {
    return new ScanError("vanished", absPath, "file vanished during the scan", { cause: error });
  }
  return new ScanError("unreadable", absPath, `cannot read file: ${errorMessage(error)}`, {
    cause: error,
  });
}

/**
 * How the reports `canary scan` writes begin: `status.csv`'s header and `status.json`'s first key
 * (also what `scan --json` prints). A file beginning so is canary's own output, never source.
 */
export const REPORT_SIGNATURES: readonly string[] = [
  "req,feature,aspect,status,file,test,bench,owner,updated\r\n",
  '{\n  "generated_at": "',
];
const SIGNATURE_BYTES = REPORT_SIGNATURES.map((signature) => new TextEncoder().encode(signature));

/** Whether `bytes` begin like a report canary writes (see {@linkcode REPORT_SIGNATURES}). */
export function isCanaryReport(bytes: Uint8Array): boolean {
  return SIGNATURE_BYTES.some((signature) =>
    bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte)
  );
}

/**
 * Classifies file contents: binary when a NUL byte occurs in the first 8 KiB; a report canary
 * wrote (see {@linkcode isCanaryReport}), which is never read back as source, even from an
 * older canary that did not yet escape the marker in values; otherwise text, decoded leniently,
 * returned only when it contains `CANARY:`. The returned text never shares memory with `bytes`.
 *
 * The marker is searched in the bytes, and only files that hold it are decoded: most files have
 * no token, and decoding all of them dominated the scan. The search jumps between occurrences of
 * `Y`, a rare byte in source text, with the native `Uint8Array.prototype.indexOf`.
 */
export function classifySource(bytes: Uint8Array): SourceRead {
  if (hasNulInHead(bytes)) return BINARY;
  if (!hasMarker(bytes)) return NO_MARKER;
  return isCanaryReport(bytes) ? REPORT : { kind: "text", text: decoder.decode(bytes) };
}

const MARKER_BYTES = new TextEncoder().encode(MARKER);
const MARKER_PIVOT = MARKER_BYTES.indexOf(0x59); // "Y"

/** Whether the bytes contain `CANARY:`. */
export function hasMarker(bytes: Uint8Array): boolean {
  const last = bytes.length - (MARKER_BYTES.length - MARKER_PIVOT);
  for (
    let i = bytes.indexOf(0x59, MARKER_PIVOT);
    i !== -1 && i <= last;
    i = bytes.indexOf(0x59, i + 1)
  ) {
    let j = 0;
    const start = i - MARKER_PIVOT;
    while (j < MARKER_BYTES.length && bytes[start + j] === MARKER_BYTES[j]) j++;
    if (j === MARKER_BYTES.length) return true;
  }
  return false;
}

/** Whether a NUL byte occurs in the first {@linkcode BINARY_SNIFF_BYTES} bytes. */
function hasNulInHead(bytes: Uint8Array): boolean {
  const head = bytes.length > BINARY_SNIFF_BYTES ? bytes.subarray(0, BINARY_SNIFF_BYTES) : bytes;
  return head.indexOf(0) !== -1;
}
