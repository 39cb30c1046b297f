/**
 * Parsers for command-line values. Each throws a {@link UsageError} (exit 2)
 * naming the accepted forms, so bad input never reaches the core.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import type { StepCount } from "../db/migrator.ts";

/** Parses a migration step count: a positive integer or `all`. */
export function parseSteps(text: string | undefined, command: string): StepCount {
  if (text === undefined || text === "") {
    throw new UsageError(`${command} needs a step count: a positive integer or 'all'`);
  }
  if (text === "all") return "all";
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n) && n > 0) return n;
  }
  throw new UsageError(
    `invalid step count '${text}' for ${command}: use a positive integer (1, 2, …) or 'all'`,
  );
}

/** Parses a whole number within [min, max]; `what` names the option in the message. */
export function parseIntegerIn(text: string, what: string, min: number, max: number): number {
  if (/^-?[0-9]+$/.test(text.trim())) {
    const n = Number(text.trim());
    if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  }
  const range = max === Number.MAX_SAFE_INTEGER
    ? `an integer ≥ ${min}`
    : `an integer from ${min} to ${max}`;
  throw new UsageError(`invalid ${what} '${text}': expected ${range}`);
}

/** Parses one of a fixed set of words (case-insensitive); returns the canonical spelling. */
export function parseChoice<T extends string>(
  text: string,
  what: string,
  choices: readonly T[],
): T {
  const found = choices.find((choice) => choice.toLowerCase() === text.trim().toLowerCase());
  if (found === undefined) {
    throw new UsageError(`invalid ${what} '${text}': expected one of ${choices.join(", ")}`);
  }
  return found;
}

const BYTE_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** Parses a size in bytes: `1048576`, `512K`, `16M`, `16MiB`, `1G` (binary units). */
export function parseByteSize(text: string, what: string): number {
  const match = /^\s*([0-9]+)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = match ? BYTE_UNITS[match[2].toLowerCase()] : undefined;
  if (match && unit !== undefined) {
    const n = Number(match[1]) * unit;
    if (Number.isSafeInteger(n) && n > 0) return n;
  }
  throw new UsageError(
    `invalid ${what} '${text}': expected a positive size such as 1048576, 512K or 16M`,
  );
}
