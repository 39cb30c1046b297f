/**
 * Ranked full-text search over tokens, through the `tokens_fts` trigram index.
 *
 * User input never reaches SQLite as syntax: each word becomes a quoted FTS5
 * string (so `*`, `-`, `AND`, `NEAR`, parentheses and quotes are plain text)
 * or, when shorter than the three characters a trigram needs, a substring
 * passed as a bound parameter. All words must match. Both kinds ignore case
 * and accents alike (see {@linkcode foldForSearch}), so `är` finds `Ärger`
 * just as `ärg` does.
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { UsageError } from "../errors.ts";
import { knownWriteFailure } from "../db/write_failure.ts";
import { filterCondition, filtersToJson, type TokenFilters, whereClause } from "./filters.ts";
import {
  TOKEN_SELECT_COLUMNS,
  type TokenRecord,
  tokenRecordFromRow,
  type TokenRow,
} from "./token_record.ts";

/** A search request. */
export interface SearchQuery {
  /** Words as typed; each is split further on whitespace. */
  terms: readonly string[];
  filters?: TokenFilters;
  /** At most this many hits (default {@link DEFAULT_SEARCH_LIMIT}). */
  limit?: number;
}

/** A token found by a search, with its place in the ranking. */
export interface SearchHit extends TokenRecord {
  /** 1 for the best match. */
  rank: number;
  /** SQLite's bm25 score (lower is better), or null when no word was long enough for the index. */
  score: number | null;
}

/** How many hits a search returns when no limit is given. */
export const DEFAULT_SEARCH_LIMIT = 20;

/** Shortest word the trigram index can match; shorter words fall back to LIKE. */
export const MIN_INDEXED_TERM_LENGTH = 3;

/**
 * Relative weight of a match in each indexed column (req_id, feature,
 * keywords, owner, aspect, file_path): names matter most, paths least.
 */
const COLUMN_WEIGHTS = [10, 8, 4, 2, 2, 1];

const SEARCHED_COLUMNS = ["req_id", "feature", "keywords", "owner", "aspect", "file_path"];

/** Most words one search takes: each becomes SQL conditions, and a query must stay bounded. */
export const MAX_SEARCH_WORDS = 32;

/**
 * Splits the typed words on whitespace, dropping empties; a {@link UsageError}
 * when none is left or more than {@link MAX_SEARCH_WORDS}.
 */
export function searchWords(terms: readonly string[]): string[] {
  const words = terms.flatMap((term) => term.split(/\s+/u)).filter((word) => word !== "");
  if (words.length === 0) throw new UsageError("search needs at least one word to look for");
  if (words.length > MAX_SEARCH_WORDS) {
    throw new UsageError(
      `search takes at most ${MAX_SEARCH_WORDS} words; got ${words.length}`,
    );
  }
  return words;
}

/** Quotes a word as an FTS5 string, so none of its characters is query syntax. */
export function ftsString(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}

/**
 * Case and accent folding for words too short for the index, as the index's tokenizer
 * (`trigram case_sensitive 0 remove_diacritics 1`) folds longer ones: lower case, and the
 * combining accents of a decomposed letter dropped (`Ä` → `a`, `ſ` → `s`). SQLite's own LIKE
 * folds only ASCII, which made `är` miss `Ärger`.
 */
export function foldForSearch(text: string): string {
  // Most values are ASCII: lower case is all there is to do, and much cheaper.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.normalize("NFD").replace(COMBINING_ACCENTS, "").replaceAll("\u017f", "s")
    .toLowerCase().normalize("NFC");
}

const COMBINING_ACCENTS = /[\u0300-\u036f]/g;
const NON_ASCII = /[\u0080-\uffff]/;

/** The SQL function short words are matched with, registered once per connection. */
const FOLD_FUNCTION = "canary_search_fold";
const folding = new WeakSet<DatabaseSync>();

function registerFold(db: DatabaseSync): void {
  if (folding.has(db)) return;
  db.function(
    FOLD_FUNCTION,
    { deterministic: true },
    (value) => typeof value === "string" ? foldForSearch(value) : null,
  );
  folding.add(db);
}

function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Searches tokens and returns the best `limit` hits, best first. Writes nothing. */
export function searchTokens(db: DatabaseSync, query: SearchQuery): SearchHit[] {
  const words = searchWords(query.terms);
  const indexed = words.filter((word) => codePointLength(word) >= MIN_INDEXED_TERM_LENGTH);
  const short = words.filter((word) => codePointLength(word) < MIN_INDEXED_TERM_LENGTH);

  const filters = filterCondition(query.filters ?? {});
  const clauses: string[] = [];
  const params: SQLInputValue[] = [];
  // An exact name match outranks any bm25 score: the whole phrase or one word.
  const exactCandidates = [...new Set([words.join(" "), ...words])];
  const placeholders = exactCandidates.map(() => "?").join(", ");
  const selectParams: SQLInputValue[] = [...exactCandidates, ...exactCandidates];
  let from = "tokens t";
  let score = "NULL";
  if (indexed.length > 0) {
    from = "tokens_fts JOIN tokens t ON t.id = tokens_fts.rowid";
    score = `bm25(tokens_fts, ${COLUMN_WEIGHTS.join(", ")})`;
    clauses.push("tokens_fts MATCH ?");
    params.push(indexed.map(ftsString).join(" AND "));
  }
  if (short.length > 0) registerFold(db);
  for (const word of short) {
    // One call per row: the columns joined by a newline, which no word contains.
    const columns = SEARCHED_COLUMNS.map((c) => `t.${c}`).join(", ");
    clauses.push(`instr(${FOLD_FUNCTION}(concat_ws(char(10), ${columns})), ?) > 0`);
    params.push(foldForSearch(word));
  }
  clauses.push(...filters.clauses);
  params.push(...filters.params);
  const sql = `SELECT ${TOKEN_SELECT_COLUMNS}, ${score} AS score, ` +
    `(t.feature COLLATE NOCASE IN (${placeholders})) AS feature_exact, ` +
    `(t.req_id COLLATE NOCASE IN (${placeholders})) AS req_exact ` +
    `FROM ${from} ${whereClause(clauses)} ` +
    "ORDER BY feature_exact DESC, req_exact DESC, score, t.priority, t.req_id, t.feature, " +
    "t.file_path, t.line_number LIMIT ?";
  const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
  const rows = db.prepare(sql).all(...selectParams, ...params, limit) as TokenRow[];
  return rows.map((row, i) => ({
    ...tokenRecordFromRow(row),
    rank: i + 1,
    score: row.score === null ? null : Number(row.score),
  }));
}

/** One row of `search_history`. */
export interface SearchHistoryEntry {
  id: number;
  query: string;
  filters: string | null;
  results_count: number;
  searched_at: string;
}

/** Records a search in `search_history`; `filters` is stored as JSON together with the limit. */
export function recordSearch(
  db: DatabaseSync,
  query: SearchQuery,
  resultsCount: number,
): void {
  const filters = {
    ...filtersToJson(query.filters ?? {}),
    limit: query.limit ?? DEFAULT_SEARCH_LIMIT,
  };
  // searched_at is given, not left to its default: the Go edition's table has none.
  try {
    db.prepare(
      "INSERT INTO search_history (query, filters, results_count, searched_at) " +
        "VALUES (?, ?, ?, CURRENT_TIMESTAMP)",
    ).run(query.terms.join(" "), JSON.stringify(filters), resultsCount);
  } catch (error) {
    throw knownWriteFailure(error, "recording the search in search_history");
  }
}

/** The most recent searches, newest first. */
export function searchHistory(db: DatabaseSync, limit = 100): SearchHistoryEntry[] {
  return db.prepare(
    "SELECT id, query, filters, results_count, searched_at FROM search_history " +
      "ORDER BY id DESC LIMIT ?",
  ).all(limit) as unknown as SearchHistoryEntry[];
}
