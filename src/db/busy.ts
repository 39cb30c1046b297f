/**
 * Waiting for other processes that hold the database lock.
 *
 * @module
 */
import { errorMessage } from "../errors.ts";
import type { DatabaseSync } from "node:sqlite";

/** How long a command waits for another process's write lock, in milliseconds. */
export const BUSY_TIMEOUT_MS = 30_000;

/**
 * True for SQLite's "another connection holds the lock" errors, and for
 * SQLITE_PROTOCOL ("locking protocol"): a WAL lock race SQLite gave up
 * retrying after a few attempts, cleared by trying again.
 */
export function isBusyError(error: unknown): boolean {
  const message = errorMessage(error);
  return /database is locked|database table is locked|SQLITE_BUSY|locking protocol/i.test(message);
}

/** SQLite's result code for a schema changed by another connection under a statement. */
const SQLITE_SCHEMA = 17;

/**
 * True for SQLITE_SCHEMA: another connection changed the schema while a statement was being
 * prepared. SQLite prepares again once by itself, but not when the change meets a virtual table
 * being connected (the full-text index), which fails as "vtable constructor failed" instead.
 * Reading again sees the new schema.
 */
export function isSchemaRace(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === "number" && (code & 0xff) === SQLITE_SCHEMA;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `fn`, retrying while SQLite reports the database busy, or its schema changed by another
 * connection mid-statement (see {@linkcode isSchemaRace}); callers pass only reads, or statements
 * that change nothing when they fail. SQLite's own busy handler covers most waits, but not all: a
 * connection that opens a file while another switches it to WAL, or runs WAL recovery, gets
 * SQLITE_BUSY at once. Those waits are short, so retry with a growing pause.
 */
export function retryWhileBusy<T>(fn: () => T, timeoutMs: number = BUSY_TIMEOUT_MS): T {
  let result: { value: T } | undefined;
  let failure: unknown;
  pollUntil(() => {
    try {
      result = { value: fn() };
      return true;
    } catch (error) {
      if (!isBusyError(error) && !isSchemaRace(error)) throw error;
      failure = error;
      return false;
    }
  }, timeoutMs);
  if (result === undefined) throw failure;
  return result.value;
}

/**
 * Calls `poll` until it returns true, pausing a growing while between calls
 * (2 ms, doubling up to 100 ms), for at most `timeoutMs`; says whether it
 * ever did. The pauses block: canary's database work is synchronous.
 *
 * It gives up only after a call made at or past the deadline: a process
 * stalled by a loaded machine between two calls still looks once more,
 * rather than judging by a state seen before the stall.
 */
export function pollUntil(poll: () => boolean, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 2;; pause = Math.min(pause * 2, 100)) {
    const polledAt = Date.now();
    if (poll()) return true;
    if (polledAt >= deadline) return false;
    Atomics.wait(sleeper, 0, 0, Math.max(0, Math.min(pause, deadline - Date.now())));
  }
}

/** Starts a write transaction, waiting for other writers (see {@link retryWhileBusy}). */
export function beginImmediate(db: DatabaseSync): void {
  retryWhileBusy(() => db.exec("BEGIN IMMEDIATE"));
}

/**
 * Runs `fn` inside one read transaction, so every statement in it sees the
 * same committed state (a version record and the schema it describes), then
 * ends it. Inside a transaction already, just runs `fn`.
 */
export function inReadSnapshot<T>(db: DatabaseSync, fn: () => T): T {
  if (db.isTransaction) return fn();
  // Only reads run here, so a lock race (SQLITE_BUSY or SQLITE_PROTOCOL while
  // another process opens or checkpoints the log) is retried from the start.
  return retryWhileBusy(() => {
    db.exec("BEGIN");
    try {
      return fn();
    } finally {
      if (db.isTransaction) db.exec("ROLLBACK");
    }
  });
}
