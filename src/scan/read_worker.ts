/**
 * A worker thread for {@linkcode scanTreeParallel}: reads and parses the files of each batch it
 * is sent and answers with one outcome per file, in order.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { type FileOutcome, type ReadRequest, scanFile } from "./scan_file.ts";

self.onmessage = (event: MessageEvent<ReadRequest>) => {
  const { strict, files } = event.data;
  const outcomes: FileOutcome[] = files.map((file) => scanFile(file, { strict }));
  self.postMessage(outcomes);
};
