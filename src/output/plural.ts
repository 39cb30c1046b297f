/**
 * Counts in words, singular or plural.
 *
 * @module
 */

/** A count and its noun: `1 token`, `2 tokens`, `0 tokens`; `plural` for irregular nouns. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
