/**
 * A worker thread for {@linkcode scanTreeParallel}: answers each numbered request it is sent, with
 * the same number. A batch of files is read and parsed, or probed (stat-ed, and read when asked),
 * one outcome per file in order; asked for git's listing, it runs git while other requests are
 * answered.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { errorMessage } from "../errors.ts";
import { probeFiles, type ProbeRequest, type ReadRequest, scanFile } from "./scan_file.ts";
import { gitListing, type GitRequest } from "./git_candidates.ts";
import { claimForWorker, DECLINED, type LaneMessage } from "./read_dispatch.ts";

type Request = ReadRequest | ProbeRequest | GitRequest;

async function answer(request: Request): Promise<[unknown, Transferable[]]> {
  if ("gitRoot" in request) return [{ git: await gitListing(request) }, []];
  try {
    if ("probe" in request) {
      const reply = probeFiles(request);
      return [reply, [reply.stats.buffer]];
    }
    const { strict } = request;
    return [{ outcomes: request.files.map((file) => scanFile(file, { strict })) }, []];
  } catch (error) {
    // Answered, not thrown: the main thread handles this batch itself, and nothing is printed.
    return [{ error: errorMessage(error) }, []];
  }
}

self.onmessage = async (event: MessageEvent<LaneMessage<Request>>) => {
  const { id, body, claim } = event.data;
  // A batch the main thread took back is its own to handle.
  if (!claimForWorker(claim)) return self.postMessage({ id, body: DECLINED });
  const [reply, transfer] = await answer(body);
  self.postMessage({ id, body: reply } satisfies LaneMessage<unknown>, transfer);
};
