/**
 * The PRIORITY scale, written once: its bounds and the priority a token without one gets.
 *
 * @module
 */

/** Highest priority (most important). */
export const PRIORITY_HIGHEST = 1;

/** Lowest priority. */
export const PRIORITY_LOWEST = 10;

/** The priority of a token that declares none: the middle of the scale. */
export const DEFAULT_PRIORITY = 5;

/** Whether `value` is an integer on the scale. */
export function isPriority(value: number): boolean {
  return Number.isInteger(value) && value >= PRIORITY_HIGHEST && value <= PRIORITY_LOWEST;
}
