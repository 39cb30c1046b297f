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

/** Fails when `actual` deeply and strictly equals `unexpected`. */
export function assertNotEquals(actual: unknown, unexpected: unknown, message?: string): void {
  assertStrict.notDeepStrictEqual(actual, unexpected, message);
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

/** The longest a test waits for a process or a condition before failing, in milliseconds. */
export const TEST_DEADLINE_MS = 120_000;

/** How a wait ends early: its deadline, and what to do when it passes (such as killing a child). */
export interface DeadlineOptions {
  /** Milliseconds to wait; {@linkcode TEST_DEADLINE_MS} by default. */
  ms?: number;
  /** Runs when the deadline passes, before the wait fails. */
  onTimeout?: () => void;
}

/** Awaits `promise`; fails saying `what` did not happen when the deadline passes first. */
export async function withDeadline<T>(
  promise: Promise<T>,
  what: string,
  options: DeadlineOptions = {},
): Promise<T> {
  const ms = options.ms ?? TEST_DEADLINE_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      options.onTimeout?.();
      reject(new Error(`${what}: not done within ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `done` every 2 ms until it is true; fails saying `what` did not happen by the deadline. */
export async function waitUntil(
  done: () => boolean,
  what: string,
  ms: number = TEST_DEADLINE_MS,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not done within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
