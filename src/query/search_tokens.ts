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
 * Ranking reads few rows however many tokens match: the index orders its hits by exact name and
 * bm25 score, and only the best of them, with the tokens a word names exactly, are read to break
 * ties by the columns of `list`'s order. When a tie runs past those, every hit is ranked.
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { UsageError } from "../errors.ts";
import { knownWriteFailure } from "../db/write_failure.ts";
import { isBusyError } from "../db/busy.ts";
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
  /** The SQL of what orders the part's rows as the bm25 score does, NULL when there is none. */
  score: string;
  clauses: string[];
  params: SQLInputValue[];
}

/** What a search looks for, before it becomes SQL. */
interface SearchPlan {
  words: string[];
  /** The words long enough for the index. */
  indexed: string[];
  /** The full-text query of all of `indexed`. */
  match: string;
  /** What a feature or requirement id may equal to rank first: the whole phrase, or one word. */
  exactNames: string[];
  /** The conditions outside the index: filters, and words too short for it. */
  common: SqlCondition;
}

/** SQL with its parameters. */
interface SqlStatement {
  sql: string;
  params: SQLInputValue[];
}

/** No SQL at all: a search without the hits' common table. */
const NO_SQL: SqlStatement = { sql: "", params: [] };

/**
 * The full-text matches of a search, each scored once, for both parts to use: tokens matching
 * all indexed words in the index, each with its bm25 score.
 */
function searchHits(plan: SearchPlan): SqlStatement {
  if (plan.indexed.length === 0) return NO_SQL;
  return {
    sql: "WITH hits AS MATERIALIZED (SELECT rowid AS id, " +
      `bm25(tokens_fts, ${COLUMN_WEIGHTS.join(", ")}) AS score ` +
      "FROM tokens_fts WHERE tokens_fts MATCH ?) ",
    params: [plan.match],
  };
}

/** True for token `t` among the index's matches of the bound query: one pass over the index. */
const IN_INDEX_ALL = "t.id IN (SELECT rowid FROM tokens_fts WHERE tokens_fts MATCH ?)";

/** The same, as one lookup of `t` in the index: cheaper for a few tokens. */
const IN_INDEX_ONE = "EXISTS (SELECT 1 FROM tokens_fts WHERE tokens_fts MATCH ? AND rowid = t.id)";

/**
 * The second part of a search for indexed words: unscored, and so ranked after the hits, tokens
 * outside them (`outside` says which) with one of the words in a TEST or BENCH name, each word
 * matched by the index (`inIndex`) or by a name (which the first condition already says when
 * there is one word).
 */
function namesPart(plan: SearchPlan, outside: SqlCondition, inIndex: string): SearchPart {
  const patterns = plan.indexed.map((word) => `%${escapeLike(word)}%`);
  const eachWord = plan.indexed.length === 1 ? [] : plan.indexed;
  return {
    from: "tokens t",
    score: "NULL",
    clauses: [
      `(${patterns.map(() => likeAny(NAME_COLUMNS)).join(" OR ")})`,
      ...outside.clauses,
      ...eachWord.map(() => `(${inIndex} OR ${likeAny(NAME_COLUMNS)})`),
    ],
    params: [
      ...patterns.flatMap((p) => NAME_COLUMNS.map(() => p)),
      ...outside.params,
      ...eachWord.flatMap((word, i) => [ftsString(word), ...NAME_COLUMNS.map(() => patterns[i])]),
    ],
  };
}

/**
 * The parts of a search that ranks every hit: the tokens among the hits, scored by bm25; then
 * the tokens found by a name alone, which scans the table, though only the two name columns.
 */
function everyHitParts(plan: SearchPlan): SearchPart[] {
  if (plan.indexed.length === 0) {
    return [{ from: "tokens t", score: "NULL", clauses: [], params: [] }];
  }
  const outsideHits = { clauses: ["t.id NOT IN (SELECT id FROM hits)"], params: [] };
  return [
    { from: "hits h JOIN tokens t ON t.id = h.id", score: "h.score", clauses: [], params: [] },
    namesPart(plan, outsideHits, IN_INDEX_ALL),
  ];
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

/** Searches tokens and returns the best `limit` hits, best first. Writes nothing. */
export function searchTokens(db: DatabaseSync, query: SearchQuery): SearchHit[] {
  const plan = searchPlan(db, query);
  const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
  const rows = (plan.indexed.length > 0 ? rankCandidates(db, plan, limit) : null) ??
    rankEveryHit(db, plan, limit);
  return searchHitsOf(rows);
}

/**
 * What {@linkcode searchTokens} returns, found without its shortcut: every hit's row is read.
 * It is the search's definition, which the shortcut must equal.
 */
export function searchTokensReadingEveryHit(db: DatabaseSync, query: SearchQuery): SearchHit[] {
  return searchHitsOf(rankEveryHit(db, searchPlan(db, query), query.limit ?? DEFAULT_SEARCH_LIMIT));
}

function searchHitsOf(rows: readonly TokenRow[]): SearchHit[] {
  return rows.map((row, i) => ({
    ...tokenRecordFromRow(row),
    rank: i + 1,
    score: row.score === null ? null : Number(row.score),
  }));
}

/** The best `limit` tokens of a search, ranking every hit. */
function rankEveryHit(db: DatabaseSync, plan: SearchPlan, limit: number): TokenRow[] {
  const hits = searchHits(plan);
  const selects = searchSelects(plan, everyHitParts(plan));
  // With one word, a token outside the full-text hits cannot equal it by name (it would be a hit),
  // so it ranks after every hit: when the hits fill the limit, the names need no scan.
  if (plan.words.length === 1 && selects.length === 2) {
    const first = rankedRows(db, hits, selects.slice(0, 1), limit);
    if (first.length === limit) return first;
  }
  return rankedRows(db, hits, selects, limit);
}

/** What a search looks for (see the module documentation for what matches). */
function searchPlan(db: DatabaseSync, query: SearchQuery): SearchPlan {
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
  return {
    words,
    indexed,
    match: indexed.map(ftsString).join(" AND "),
    // An exact name match outranks any bm25 score: the whole phrase or one word.
    exactNames: [...new Set([words.join(" "), ...words])],
    common,
  };
}

/** True when `column` is one of the names that rank a token first, ignoring case. */
function isExactName(plan: SearchPlan, column: string): SqlStatement {
  const placeholders = plan.exactNames.map(() => "?").join(", ");
  return { sql: `(${column} COLLATE NOCASE IN (${placeholders}))`, params: plan.exactNames };
}

/** One SELECT per part; each yields only what ranks a token, the winners' rows read at the end. */
function searchSelects(plan: SearchPlan, parts: readonly SearchPart[]): SqlStatement[] {
  const [feature, req] = [isExactName(plan, "t.feature"), isExactName(plan, "t.req_id")];
  return parts.map((part) => ({
    sql: `SELECT t.id AS id, ${part.score} AS score, ${feature.sql} AS feature_exact, ` +
      `${req.sql} AS req_exact, ${RANK_COLUMNS.map((c) => `t.${c} AS ${c}`).join(", ")} ` +
      `FROM ${part.from} ${whereClause([...part.clauses, ...plan.common.clauses])}`,
    params: [...feature.params, ...req.params, ...part.params, ...plan.common.params],
  }));
}

/** How many more of the best hits than the limit a search reads the rows of. */
const CANDIDATE_MARGIN = 200;

/** A hit as the index ranks it: by exact name, then score, the first keys of the whole order. */
interface CandidateRow {
  id: number;
  score: number;
  feature_exact: number;
  req_exact: number;
}

/** The ids of the tokens whose `column` (feature or requirement id) is an exact name. */
function exactNameIds(plan: SearchPlan, column: "feature" | "req_id"): SqlStatement {
  const exact = isExactName(plan, column);
  return { sql: `SELECT id FROM tokens WHERE ${exact.sql}`, params: exact.params };
}

/**
 * The best `size` hits as the index ranks them, filters applied: one pass over the index, which
 * reads the tokens' rows only when a condition outside the index needs them.
 */
function bestCandidates(db: DatabaseSync, plan: SearchPlan, size: number): CandidateRow[] {
  const [feature, req] = [exactNameIds(plan, "feature"), exactNameIds(plan, "req_id")];
  const from = plan.common.clauses.length === 0
    ? "tokens_fts"
    : "tokens_fts JOIN tokens t ON t.id = tokens_fts.rowid";
  return db.prepare(
    `SELECT tokens_fts.rowid AS id, bm25(tokens_fts, ${COLUMN_WEIGHTS.join(", ")}) AS score, ` +
      `(tokens_fts.rowid IN (${feature.sql})) AS feature_exact, ` +
      `(tokens_fts.rowid IN (${req.sql})) AS req_exact FROM ${from} ` +
      `${whereClause(["tokens_fts MATCH ?", ...plan.common.clauses])} ` +
      "ORDER BY feature_exact DESC, req_exact DESC, score LIMIT ?",
  ).all(
    ...feature.params,
    ...req.params,
    plan.match,
    ...plan.common.params,
    size,
  ) as unknown as CandidateRow[];
}

/** Where a token stands by exact name alone: 0 for both names, 3 for neither. */
function nameStanding(row: Record<string, unknown> | CandidateRow): number {
  return (Number(row.feature_exact) ? 0 : 2) + (Number(row.req_exact) ? 0 : 1);
}

/**
 * The tokens outside the hits that may rank among the best `limit` of a search whose best hits
 * are `candidates`: a token found by a name alone ranks after every hit, unless a word names it
 * exactly. So when the candidates fill the limit, only tokens named exactly need looking at (a
 * lookup of each in the index); only when they are every hit and too few is the table scanned.
 */
function outsideCandidates(
  plan: SearchPlan,
  candidates: readonly CandidateRow[],
  limit: number,
): SearchPart {
  if (candidates.length < limit) {
    const ids = JSON.stringify(candidates.map((row) => row.id));
    const outside = { clauses: ["t.id NOT IN (SELECT value FROM json_each(?))"], params: [ids] };
    return namesPart(plan, outside, IN_INDEX_ALL);
  }
  const [feature, req] = [exactNameIds(plan, "feature"), exactNameIds(plan, "req_id")];
  const namedOutside = {
    clauses: [`t.id IN (${feature.sql} UNION ${req.sql})`, `NOT ${IN_INDEX_ONE}`],
    params: [...feature.params, ...req.params, plan.match],
  };
  return namesPart(plan, namedOutside, IN_INDEX_ONE);
}

/**
 * The best `limit` tokens of a search with indexed words, reading the rows of only the best
 * candidates of the index and of the few tokens named exactly by a word: a tie on what the index
 * knows is broken by the rows' own columns. Null when that cannot be sure: when the tie at the
 * limit runs past the candidates.
 */
function rankCandidates(db: DatabaseSync, plan: SearchPlan, limit: number): TokenRow[] | null {
  const size = limit + CANDIDATE_MARGIN;
  const candidates = bestCandidates(db, plan, size);
  // Each candidate's place among the distinct keys of the index's order, standing in for its score.
  const key = (row: CandidateRow) => `${nameStanding(row)} ${row.score}`;
  const places = new Map<number, number>();
  let place = 0;
  candidates.forEach((row, i) => {
    if (i > 0 && key(row) !== key(candidates[i - 1])) place++;
    places.set(row.id, place);
  });
  const inCandidates = {
    // CROSS JOIN keeps the candidates the outer loop: a filter's index on `tokens` with no
    // statistics of its own looked cheaper to the planner, which then read the candidates once per
    // token of that status (10 s, against 150 ms, at 1,000,000 tokens).
    from: "json_each(?) j CROSS JOIN tokens t ON t.id = j.value ->> 0",
    score: "j.value ->> 1",
    clauses: [],
    params: [JSON.stringify([...places])],
  };
  const everyHit = candidates.length < size;
  const selects = searchSelects(plan, [inCandidates, outsideCandidates(plan, candidates, limit)]);
  const rows = rankedRows(db, NO_SQL, selects, limit);
  if (!everyHit) {
    // A hit left out ranks after the edge of the candidates: the last row kept must rank before.
    const last = rows[limit - 1];
    const edge = candidates[size - 1];
    const lastPlace = last === undefined ? undefined : places.get(Number(last.id));
    const before = last !== undefined &&
      (lastPlace === undefined
        ? nameStanding(last) < nameStanding(edge)
        : lastPlace < places.get(edge.id)!);
    if (!before) return null;
  }
  const scores = new Map(candidates.map((row) => [row.id, row.score]));
  return rows.map((row) => ({ ...row, score: scores.get(Number(row.id)) ?? null }));
}

/** The best `limit` rows of the parts `selects`, best first. */
function rankedRows(
  db: DatabaseSync,
  hits: SqlStatement,
  selects: readonly SqlStatement[],
  limit: number,
): TokenRow[] {
  const order = (alias: string) =>
    `${alias}feature_exact DESC, ${alias}req_exact DESC, ${alias}score IS NULL, ${alias}score, ` +
    RANK_COLUMNS.map((c) => alias + c).join(", ");
  const sql = `${hits.sql}SELECT ${TOKEN_SELECT_COLUMNS}, r.score AS score, ` +
    "r.feature_exact AS feature_exact, r.req_exact AS req_exact FROM " +
    `(SELECT * FROM (${selects.map((s) => s.sql).join(" UNION ALL ")}) ` +
    `ORDER BY ${order("")} LIMIT ?) r JOIN tokens t ON t.id = r.id ORDER BY ${order("r.")}`;
  const params = [...hits.params, ...selects.flatMap((s) => s.params), limit];
  return db.prepare(sql).all(...params) as TokenRow[];
}

/**
 * Records a search in `search_history`; `filters` is stored as JSON together with the limit.
 * False, recording nothing, when another process held the write lock for all of the busy timeout:
 * the search itself, a read, still stands.
 */
export function recordSearch(
  db: DatabaseSync,
  query: SearchQuery,
  resultsCount: number,
): boolean {
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
    return true;
  } catch (error) {
    if (isBusyError(error)) return false;
    throw knownWriteFailure(error, "recording the search in search_history");
  }
}
