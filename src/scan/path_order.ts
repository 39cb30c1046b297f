/**
 * Deterministic ordering for relative paths.
 *
 * @module
 */

/**
 * Compares two strings by Unicode code point, so the order matches a byte-wise sort of their UTF-8
 * encodings (and the order `git ls-files` and ripgrep's `--sort path` use). The default JavaScript
 * comparison works on UTF-16 code units, which puts characters above U+FFFF before U+E000–U+FFFF.
 *
 * @returns A negative number, zero or a positive number, as `Array.prototype.sort` expects.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Maps a UTF-16 code unit to a rank where surrogates (astral code points) sort above U+FFFF. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  if (unit < 0xe000) return unit + 0x2000;
  return unit - 0x800;
}
