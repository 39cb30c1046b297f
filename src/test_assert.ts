/**
 * Assertions for tests, on top of `node:assert/strict`, in the shape the
 * tests use: `assertThrows` returns the error so tests can inspect it.
 *
 * @module
 */
import assertStrict from "node:assert/strict";

/** Fails unless `value` is truthy. */
export function assert(value: unknown, message?: string): asserts value {
  assertStrict.ok(value, message);
}

/** Deep strict equality. */
export function assertEquals<T>(actual: unknown, expected: T, message?: string): void {
  assertStrict.deepStrictEqual(actual, expected, message);
}

/** Fails unless `text` matches `pattern`. */
export function assertMatch(text: string, pattern: RegExp, message?: string): void {
  assertStrict.match(text, pattern, message);
}

/** Runs `fn`, requires it to throw an instance of `type` (whose message includes `includes`), and returns the error. */
export function assertThrows<E extends Error>(
  fn: () => unknown,
  type: new (...args: never[]) => E,
  includes?: string,
): E {
  try {
    fn();
  } catch (error) {
    assertStrict.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    if (includes !== undefined) {
      assertStrict.ok((error as E).message.includes(includes), (error as E).message);
    }
    return error as E;
  }
  assertStrict.fail(`expected ${type.name} to be thrown`);
}

/** Awaits `fn`, requires it to reject with an instance of `type` (whose message includes `includes`), and returns the error. */
export async function assertRejects<E extends Error>(
  fn: () => Promise<unknown>,
  type: new (...args: never[]) => E,
  includes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (error) {
    assertStrict.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    if (includes !== undefined) {
      assertStrict.ok((error as E).message.includes(includes), (error as E).message);
    }
    return error as E;
  }
  assertStrict.fail(`expected ${type.name} to be rejected`);
}
