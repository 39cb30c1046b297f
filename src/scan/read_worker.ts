/**
 * A worker thread for {@linkcode scanTreeParallel}: reads and parses the files of each batch it
 * is sent and answers with one outcome per file, in order.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { errorMessage } from "../errors.ts";
import { type ReadReply, type ReadRequest, scanFile } from "./scan_file.ts";

self.onmessage = (event: MessageEvent<ReadRequest>) => {
  const { strict, files } = event.data;
  let reply: ReadReply;
  try {
    reply = { outcomes: files.map((file) => scanFile(file, { strict })) };
  } catch (error) {
    // Answered, not thrown: the main thread reads this batch itself, and nothing is printed.
    reply = { error: errorMessage(error) };
  }
  self.postMessage(reply);
};
