/**
 * Ranked full-text search over tokens, through the `tokens_fts` trigram index.
 *
 * User input never reaches SQLite as syntax: each word becomes a quoted FTS5
 * string (so `*`, `-`, `AND`, `NEAR`, parentheses and quotes are plain text)
 * or, when shorter than the three characters a trigram needs, a substring
 * passed as a bound parameter. All words must match. Both kinds ignore case
 * and accents alike (see {@linkcode foldForSearch}), so `är` finds `Ärger`
 * just as `ärg` does. TEST and BENCH names are outside the index: a word may
 * also match them, as a substring.
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { UsageError } from "../errors.ts";
import { knownWriteFailure } from "../db/write_failure.ts";
import {
  assertKnownAspects,
  escapeLike,
  filterCondition,
  filtersToJson,
  type SqlCondition,
  type TokenFilters,
  whereClause,
} from "./filters.ts";
import {
  TOKEN_SELECT_COLUMNS,
  type TokenRecord,
  tokenRecordFromRow,
  type TokenRow,
} from "../db/token_rows.ts";

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

/** The columns that order hits of equal standing: the order `list` uses. */
const RANK_COLUMNS = ["priority", "req_id", "feature", "file_path", "line_number"];

const SEARCHED_COLUMNS = ["req_id", "feature", "keywords", "owner", "aspect", "file_path"];

/** Columns outside the full-text index that a word may also match: TEST and BENCH names. */
const NAME_COLUMNS = ["test", "bench"];

/** A LIKE test of `columns` (of table `alias`) against one bound pattern each. */
function likeAny(columns: readonly string[], alias = "t."): string {
  return `(${columns.map((c) => `${alias}${c} LIKE ? ESCAPE '\\'`).join(" OR ")})`;
}

/** One SELECT of a search: where its rows come from, their score, and their conditions. */
interface SearchPart {
  from: string;
  /** The SQL of the bm25 score, NULL when there is none. */
  score: string;
  clauses: string[];
  params: SQLInputValue[];
}

/** The full-text matches of a search, each scored once, for both parts to use. */
interface SearchHits {
  sql: string;
  params: SQLInputValue[];
}

/** Tokens matching all `indexed` words in the index, each with its bm25 score. */
function searchHits(indexed: readonly string[]): SearchHits {
  return {
    sql: "WITH hits AS MATERIALIZED (SELECT rowid AS id, " +
      `bm25(tokens_fts, ${COLUMN_WEIGHTS.join(", ")}) AS score ` +
      "FROM tokens_fts WHERE tokens_fts MATCH ?) ",
    params: [indexed.map(ftsString).join(" AND ")],
  };
}

/**
 * The parts of a search for `indexed` words (long enough for the index):
 * the tokens among the hits, scored by bm25; then, unscored and so ranked
 * after, tokens outside the hits with one of the words in a TEST or BENCH
 * name, each word matched by the index or by a name (which the first
 * condition already says when there is one word). Only the second part scans
 * the table, and only the two name columns.
 */
function indexedParts(indexed: readonly string[]): SearchPart[] {
  const patterns = indexed.map((word) => `%${escapeLike(word)}%`);
  const inIndex = "t.id IN (SELECT rowid FROM tokens_fts WHERE tokens_fts MATCH ?)";
  const eachWord = indexed.length === 1 ? [] : indexed;
  return [{
    from: "hits h JOIN tokens t ON t.id = h.id",
    score: "h.score",
    clauses: [],
    params: [],
  }, {
    from: "tokens t",
    score: "NULL",
    clauses: [
      `(${patterns.map(() => likeAny(NAME_COLUMNS)).join(" OR ")})`,
      "t.id NOT IN (SELECT id FROM hits)",
      ...eachWord.map(() => `(${inIndex} OR ${likeAny(NAME_COLUMNS)})`),
    ],
    params: [
      ...patterns.flatMap((p) => NAME_COLUMNS.map(() => p)),
      ...eachWord.flatMap((word, i) => [ftsString(word), ...NAME_COLUMNS.map(() => patterns[i])]),
    ],
  }];
}

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

/** A search as SQL: the full-text hits, and one SELECT per part, each with its parameters. */
interface SearchSql {
  words: string[];
  hits: SearchHits;
  selects: { sql: string; params: SQLInputValue[] }[];
  /** True when a condition outside the index (a filter, a short word) applies. */
  filtered: boolean;
}

/** Searches tokens and returns the best `limit` hits, best first. Writes nothing. */
export function searchTokens(db: DatabaseSync, query: SearchQuery): SearchHit[] {
  const search = searchSql(db, query);
  const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
  // With one word, a token outside the full-text hits cannot equal it by name (it would be a hit),
  // so it ranks after every hit: when the hits fill the limit, the names need no scan.
  const oneWord = search.words.length === 1 && search.selects.length === 2;
  const first = !oneWord
    ? null
    : search.filtered
    ? rankedRows(db, search.hits, search.selects.slice(0, 1), limit)
    : bestHitsOfOneWord(db, search.words[0], limit);
  const rows = first !== null && first.length === limit
    ? first
    : rankedRows(db, search.hits, search.selects, limit);
  return rows.map((row, i) => ({
    ...tokenRecordFromRow(row),
    rank: i + 1,
    score: row.score === null ? null : Number(row.score),
  }));
}

/** The SQL of a search (see the module documentation for what matches). */
function searchSql(db: DatabaseSync, query: SearchQuery): SearchSql {
  const words = searchWords(query.terms);
  const indexed = words.filter((word) => codePointLength(word) >= MIN_INDEXED_TERM_LENGTH);
  const short = words.filter((word) => codePointLength(word) < MIN_INDEXED_TERM_LENGTH);

  assertKnownAspects(db, query.filters?.aspects);
  const filters = filterCondition(query.filters ?? {});
  const common: SqlCondition = { clauses: [...filters.clauses], params: [...filters.params] };
  if (short.length > 0) registerFold(db);
  for (const word of short) {
    // One call per row: the columns joined by a newline, which no word contains.
    const columns = [...SEARCHED_COLUMNS, ...NAME_COLUMNS].map((c) => `t.${c}`).join(", ");
    common.clauses.push(`instr(${FOLD_FUNCTION}(concat_ws(char(10), ${columns})), ?) > 0`);
    common.params.push(foldForSearch(word));
  }
  // An exact name match outranks any bm25 score: the whole phrase or one word.
  const exactCandidates = [...new Set([words.join(" "), ...words])];
  const placeholders = exactCandidates.map(() => "?").join(", ");
  const hits = indexed.length > 0 ? searchHits(indexed) : { sql: "", params: [] };
  const parts = indexed.length > 0
    ? indexedParts(indexed)
    : [{ from: "tokens t", score: "NULL", clauses: [], params: [] }];
  // Each part yields only what ranks a token; the winners' rows are read once, at the end.
  const selects = parts.map((part) => ({
    sql: `SELECT t.id AS id, ${part.score} AS score, ` +
      `(t.feature COLLATE NOCASE IN (${placeholders})) AS feature_exact, ` +
      `(t.req_id COLLATE NOCASE IN (${placeholders})) AS req_exact, ` +
      `${RANK_COLUMNS.map((c) => `t.${c} AS ${c}`).join(", ")} ` +
      `FROM ${part.from} ${whereClause([...part.clauses, ...common.clauses])}`,
    params: [...exactCandidates, ...exactCandidates, ...part.params, ...common.params],
  }));
  return { words, hits, selects, filtered: common.clauses.length > 0 };
}

/** How many more of the index's best hits than the limit a one-word search reads the rows of. */
const CANDIDATE_MARGIN = 200;

/** The hits' order as far as the index alone knows it: the first keys of the whole order. */
interface CandidateRow {
  id: number;
  score: number;
  feature_exact: number;
  req_exact: number;
}

/**
 * The best `limit` hits of one indexed word with no filter, reading the rows of only the first
 * candidates: the index orders its hits by exact name and bm25 score, and only a tie on those
 * needs the columns of the rows. That is sure unless the tie at the limit runs past the
 * candidates; then null, as when the hits do not fill the limit.
 */
function bestHitsOfOneWord(db: DatabaseSync, word: string, limit: number): TokenRow[] | null {
  const size = limit + CANDIDATE_MARGIN;
  const exact = (column: string) =>
    `(rowid IN (SELECT id FROM tokens WHERE ${column} COLLATE NOCASE = ?))`;
  const candidates = db.prepare(
    `SELECT rowid AS id, bm25(tokens_fts, ${COLUMN_WEIGHTS.join(", ")}) AS score, ` +
      `${exact("feature")} AS feature_exact, ${exact("req_id")} AS req_exact FROM tokens_fts ` +
      "WHERE tokens_fts MATCH ? ORDER BY feature_exact DESC, req_exact DESC, score LIMIT ?",
  ).all(word, word, ftsString(word), size) as unknown as CandidateRow[];
  if (candidates.length < limit) return null;
  const key = (row: CandidateRow) => `${row.feature_exact} ${row.req_exact} ${row.score}`;
  if (candidates.length === size && key(candidates[limit - 1]) === key(candidates[size - 1])) {
    return null;
  }
  // Each candidate's place among the distinct keys, which the rows' own columns then refine.
  let place = 0;
  const places = candidates.map((row, i) => {
    if (i > 0 && key(row) !== key(candidates[i - 1])) place++;
    return [row.id, place];
  });
  const scores = new Map(candidates.map((row) => [row.id, row.score]));
  const rows = db.prepare(
    `SELECT ${TOKEN_SELECT_COLUMNS} FROM json_each(?) c JOIN tokens t ON t.id = c.value ->> 0 ` +
      `ORDER BY c.value ->> 1, ${RANK_COLUMNS.map((c) => `t.${c}`).join(", ")} LIMIT ?`,
  ).all(JSON.stringify(places), limit) as TokenRow[];
  return rows.map((row) => ({ ...row, score: scores.get(Number(row.id)) }));
}

/** The best `limit` rows of the parts `selects`, best first. */
function rankedRows(
  db: DatabaseSync,
  hits: SearchHits,
  selects: SearchSql["selects"],
  limit: number,
): TokenRow[] {
  const order = (alias: string) =>
    `${alias}feature_exact DESC, ${alias}req_exact DESC, ${alias}score IS NULL, ${alias}score, ` +
    RANK_COLUMNS.map((c) => alias + c).join(", ");
  const sql = `${hits.sql}SELECT ${TOKEN_SELECT_COLUMNS}, r.score AS score FROM ` +
    `(SELECT * FROM (${selects.map((s) => s.sql).join(" UNION ALL ")}) ` +
    `ORDER BY ${order("")} LIMIT ?) r JOIN tokens t ON t.id = r.id ORDER BY ${order("r.")}`;
  const params = [...hits.params, ...selects.flatMap((s) => s.params), limit];
  return db.prepare(sql).all(...params) as TokenRow[];
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
