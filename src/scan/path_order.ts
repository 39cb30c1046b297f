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

const SURROGATE = /[\uD800-\uDFFF]/;

/** Whether `text` holds a surrogate (half of an astral character): only then do the orders part. */
export function hasSurrogate(text: string): boolean {
  return SURROGATE.test(text);
}

/**
 * Sorts items by a string key in code point order (see {@linkcode compareCodePoints}). Without
 * surrogates, code unit order is code point order, so the cheaper built-in comparison is used.
 * `surrogates` says whether some key holds one, when the caller knows: looking costs more than
 * the sort of a list already in order.
 */
export function sortByCodePoints<T>(
  items: T[],
  key: (item: T) => string,
  surrogates: boolean = items.some((item) => hasSurrogate(key(item))),
): T[] {
  if (surrogates) {
    return items.sort((a, b) => compareCodePoints(key(a), key(b)));
  }
  // Lists mostly come in order already (a walk's do): checking costs half of sorting.
  if (inCodeUnitOrder(items, key)) return items;
  return items.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Whether no item's key sorts before the previous item's (a stable sort would change nothing). */
function inCodeUnitOrder<T>(items: readonly T[], key: (item: T) => string): boolean {
  for (let i = 1; i < items.length; i++) {
    if (key(items[i - 1]) > key(items[i])) return false;
  }
  return true;
}
