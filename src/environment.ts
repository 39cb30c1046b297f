/**
 * The environment variables canary reads. The compiled binary is allowed to
 * read exactly these (`scripts/binary_flags.ts` is checked against this
 * list), and {@link readEnvironment} refuses any other name, so a new
 * variable cannot be read without being granted and documented.
 *
 * @module
 */
import { COLOR_VARIABLES } from "./output/output.ts";

/** Every variable canary reads: colour, the database, and the test clock of `scan`. */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.freeze([
  ...COLOR_VARIABLES,
  "CANARY_DB",
  "CANARY_TEST_TIMESTAMP",
]);

/**
 * Reads one of {@link ENVIRONMENT_VARIABLES}; undefined when unset or not
 * readable. Throws for any other name: a programming error, not a user's.
 */
export function readEnvironment(name: string): string | undefined {
  if (!ENVIRONMENT_VARIABLES.includes(name)) {
    throw new Error(`canary does not read the environment variable ${name}`);
  }
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // not granted: as if unset
  }
}
