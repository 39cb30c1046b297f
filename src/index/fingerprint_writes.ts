/**
 * The fingerprints an index run writes, queued and written in batches of one statement each.
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import type { FileStat } from "../scan/mod.ts";

/** What every fingerprint of one run shares. */
export interface FingerprintStamp {
  /** `indexed_at`. */
  now: string;
  strict: boolean;
  /** Files modified after this (ms since the epoch) get an impossible mtime. */
  racyAfter: number;
}

/** Rows per statement: a statement per row costs about twice what SQLite spends on the row. */
const BATCH = 512;

/** A kind of row: the SQL of its values after `file_path` (`?` where bound), and how many it binds. */
interface RowShape {
  columns: string;
  width: number;
}

/** A text file without tokens or diagnostics, most of any tree: its path, size and time. */
const PLAIN: RowShape = { columns: "'text', ?, ?, $strict, 0, NULL, $now", width: 3 };

/** Any other file: kind, size, time, token count and diagnostics too. */
const OTHER: RowShape = { columns: "?, ?, ?, $strict, ?, ?, $now", width: 6 };

/**
 * The statement that writes `rows` rows of `shape` for a run of `stamp`: what every row of the run
 * shares is written into the SQL, since `node:sqlite` pays per value bound (numbered parameters,
 * bound once, cost several times more).
 */
function upsertSql(shape: RowShape, rows: number, { now, strict }: FingerprintStamp): string {
  const values = `(?, ${shape.columns})`.replace("$strict", strict ? "1" : "0")
    .replace("$now", `'${now.replaceAll("'", "''")}'`);
  return `INSERT OR REPLACE INTO file_fingerprints
    (file_path, kind, size, mtime_ms, strict, token_count, diagnostics_json, indexed_at)
    VALUES ${Array(rows).fill(values).join(", ")}`;
}

/** Fingerprints queued for one kind of row. */
class Queue {
  #values: SQLInputValue[] = [];
  #full: StatementSync | null = null;

  constructor(
    readonly db: DatabaseSync,
    readonly shape: RowShape,
    readonly stamp: FingerprintStamp,
  ) {}

  add(values: SQLInputValue[]): void {
    this.#values.push(...values);
    if (this.#values.length === BATCH * this.shape.width) this.flush();
  }

  flush(): void {
    const rows = this.#values.length / this.shape.width;
    if (rows === 0) return;
    const statement = rows === BATCH
      ? (this.#full ??= this.db.prepare(upsertSql(this.shape, BATCH, this.stamp)))
      : this.db.prepare(upsertSql(this.shape, rows, this.stamp));
    statement.run(...this.#values);
    this.#values = [];
  }
}

/** A run's fingerprint writes: queued by {@linkcode add}, written by {@linkcode flush}. */
export class FingerprintWrites {
  readonly #plain: Queue;
  readonly #other: Queue;
  readonly #racyAfter: number;

  constructor(db: DatabaseSync, stamp: FingerprintStamp) {
    this.#plain = new Queue(db, PLAIN, stamp);
    this.#other = new Queue(db, OTHER, stamp);
    this.#racyAfter = stamp.racyAfter;
  }

  /**
   * Queues a file's fingerprint, written by {@linkcode flush} at the latest. A file modified within
   * the racy window gets an impossible mtime (see RACY_WINDOW_MS).
   */
  add(
    path: string,
    kind: "text" | "binary",
    { size, mtimeMs }: FileStat,
    tokenCount = 0,
    diagnosticsJson: string | null = null,
  ): void {
    const mtime = mtimeMs >= this.#racyAfter ? -1 : mtimeMs;
    if (kind === "text" && tokenCount === 0 && diagnosticsJson === null) {
      this.#plain.add([path, size, mtime]);
    } else this.#other.add([path, kind, size, mtime, tokenCount, diagnosticsJson]);
  }

  /** Writes every queued fingerprint. */
  flush(): void {
    this.#plain.flush();
    this.#other.flush();
  }
}
