/**
 * Status promotion: evidence written on a token (TEST, BENCH) outranks the status declared.
 *
 * @module
 */

import type { Status } from "./token.ts";

/**
 * The effective status of a token declared `declared` with the given TEST and BENCH lists.
 *
 * IMPL with at least one test becomes TESTED; IMPL or TESTED with at least one bench becomes
 * BENCHED (IMPL with both also becomes BENCHED). MISSING, STUB, BENCHED and REMOVED never change:
 * a stub that names a test is still a stub, and a removed feature stays removed.
 */
export function promoteStatus(
  declared: Status,
  tests: readonly string[],
  benches: readonly string[],
): Status {
  if (declared !== "IMPL" && declared !== "TESTED") return declared;
  if (benches.length > 0) return "BENCHED";
  if (declared === "IMPL" && tests.length > 0) return "TESTED";
  return declared;
}
