/**
 * A worker thread for {@linkcode scanTreeParallel}: reads and parses the files of each batch it
 * is sent and answers with one outcome per file, in order. Asked first for git's listing, it
 * runs git while the main thread walks the tree.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { errorMessage } from "../errors.ts";
import { type ReadReply, type ReadRequest, scanFile } from "./scan_file.ts";
import { gitListing, type GitReply, type GitRequest } from "./git_candidates.ts";

self.onmessage = async (event: MessageEvent<ReadRequest | GitRequest>) => {
  if ("gitRoot" in event.data) {
    self.postMessage({ git: await gitListing(event.data.gitRoot) } satisfies GitReply);
    return;
  }
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
