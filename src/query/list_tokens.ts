/**
 * Listing indexed tokens: filters, order and limit in one query.
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import {
  assertKnownAspects,
  DEFAULT_ORDER,
  filterCondition,
  orderByList,
  type TokenFilters,
  type TokenOrder,
  whereClause,
} from "./filters.ts";
import {
  TOKEN_SELECT_COLUMNS,
  type TokenRecord,
  tokenRecordFromRow,
  type TokenRow,
} from "../db/token_rows.ts";

/** What to list. */
export interface ListQuery {
  filters?: TokenFilters;
  order?: TokenOrder;
  /** At most this many tokens (all when absent). */
  limit?: number;
}

/** Returns the tokens matching `query`, in its order. */
export function listTokens(db: DatabaseSync, query: ListQuery = {}): TokenRecord[] {
  return [...iterateTokens(db, query)];
}

/**
 * The tokens matching `query`, in its order, read from the database one at a
 * time. Bad filters are refused at the call, before any token is read.
 */
export function iterateTokens(db: DatabaseSync, query: ListQuery = {}): Generator<TokenRecord> {
  assertKnownAspects(db, query.filters?.aspects);
  return matchingRows(db, query);
}

/** The query {@linkcode iterateTokens} runs for `query`, with its parameters. */
export function listStatement(query: ListQuery): { sql: string; params: SQLInputValue[] } {
  const condition = filterCondition(query.filters ?? {});
  const params = [...condition.params];
  let sql = `SELECT ${TOKEN_SELECT_COLUMNS} FROM tokens t ${whereClause(condition.clauses)} ` +
    `ORDER BY ${orderByList(query.order ?? DEFAULT_ORDER)}`;
  if (query.limit !== undefined) {
    sql += " LIMIT ?";
    params.push(query.limit);
  }
  return { sql, params };
}

function* matchingRows(db: DatabaseSync, query: ListQuery): Generator<TokenRecord> {
  const { sql, params } = listStatement(query);
  for (const row of db.prepare(sql).iterate(...params)) {
    yield tokenRecordFromRow(row as TokenRow);
  }
}
