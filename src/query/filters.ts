/**
 * Token filters and orderings turned into SQL fragments. Every value a user
 * typed becomes a bound parameter; only fixed, known SQL text is concatenated,
 * so no option can change the shape of a query.
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { UsageError } from "../errors.ts";
import { isAbsolute, posix, relative, sep } from "../path.ts";
import { statusRankSql } from "../tokens/status_order.ts";
import { ASPECTS } from "../tokens/token.ts";
import { nearestAspect } from "../tokens/values.ts";

/** Filters shared by `list` and `search`; every one present must hold (AND). */
export interface TokenFilters {
  /** Effective statuses (upper case), any of. */
  statuses?: readonly string[];
  /** Aspects, any of, compared case-insensitively. */
  aspects?: readonly string[];
  /** Phases, any of, case-insensitively. */
  phases?: readonly string[];
  /** Owners, any of, case-insensitively. */
  owners?: readonly string[];
  /** SPEC_STATUS values, any of, case-insensitively. */
  specStatuses?: readonly string[];
  /**
   * A requirement id: matches it exactly or as a `-`-separated prefix
   * (`CBIN-CLI` matches `CBIN-CLI-001`), case-insensitively; with `*` or `?`
   * it is a glob instead (`CBIN-1*`).
   */
  req?: string;
  /**
   * A file, or a folder and the files below it, relative to the project folder
   * as stored paths are (`./src/db/` is `src/db`, `.` is every file); with
   * `*`, `?` or `[` a GLOB on `file_path` (`*` also matches `/`).
   */
  path?: string;
  /** Lowest priority number to include (1 is the highest priority). */
  priorityMin?: number;
  /** Highest priority number to include. */
  priorityMax?: number;
}

/** The fields `--order-by` accepts. */
export const ORDER_FIELDS = ["priority", "updated", "req", "feature", "file", "status"] as const;

/** One of {@link ORDER_FIELDS}. */
export type OrderField = typeof ORDER_FIELDS[number];

/** How to order tokens: a primary field and its direction. */
export interface TokenOrder {
  field: OrderField;
  descending: boolean;
}

/** The default order: priority ascending, then most recently updated first. */
export const DEFAULT_ORDER: TokenOrder = { field: "priority", descending: false };

/** A SQL condition with its bound parameters, in order. */
export interface SqlCondition {
  /** Conditions to AND together; empty when nothing is filtered. */
  clauses: string[];
  params: SQLInputValue[];
}

/** Escapes `\`, `%` and `_` for a `LIKE … ESCAPE '\'` pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function anyOf(
  column: string,
  values: readonly string[] | undefined,
  caseInsensitive: boolean,
  out: SqlCondition,
): void {
  if (values === undefined || values.length === 0) return;
  const collate = caseInsensitive ? " COLLATE NOCASE" : "";
  out.clauses.push(`${column}${collate} IN (${values.map(() => "?").join(", ")})`);
  out.params.push(...values);
}

/**
 * Refuses (a usage error) an `--aspect` value that is neither a known aspect
 * nor one found in the index: a typo should not look like an empty result.
 */
export function assertKnownAspects(db: DatabaseSync, aspects: readonly string[] | undefined) {
  const known = new Set(ASPECTS.map((a) => a.toLowerCase()));
  const unknown = (aspects ?? []).filter((a) => !known.has(a.toLowerCase()));
  if (unknown.length === 0) return;
  const indexed = new Set(
    (db.prepare("SELECT DISTINCT lower(aspect) AS aspect FROM tokens").all() as {
      aspect: string;
    }[]).map((row) => row.aspect),
  );
  const bad = unknown.find((a) => !indexed.has(a.toLowerCase()));
  if (bad === undefined) return;
  const nearest = nearestAspect(bad);
  throw new UsageError(
    `unknown --aspect '${bad}'${
      nearest !== null ? ` (did you mean ${nearest}?)` : ""
    }: use one of ` +
      `${ASPECTS.join(", ")}, or an aspect a token in the index has`,
  );
}

/**
 * A `--path` value as stored paths are written: an absolute path inside the
 * absolute `projectFolder` made relative to it; any other path as given.
 */
export function projectRelativePath(path: string, projectFolder: string): string {
  if (!isAbsolute(path)) return path;
  const inside = relative(projectFolder, path).replaceAll(sep, "/");
  if (inside === ".." || inside.startsWith("../") || isAbsolute(inside)) return path;
  return inside === "" ? "." : inside;
}

/** `path` as stored paths are written: `.` segments, repeated and trailing `/` dropped. */
function storedPath(path: string): string {
  return posix.normalize(path).replace(/(?<=.)\/+$/, "");
}

function pathCondition(given: string, out: SqlCondition): void {
  const path = storedPath(given);
  if (/[*?[]/.test(path)) {
    out.clauses.push("t.file_path GLOB ?");
    out.params.push(path);
  } else if (path !== ".") {
    // No glob characters: a file, or a folder and every file below it.
    out.clauses.push("(t.file_path = ? OR t.file_path GLOB ?)");
    out.params.push(path, `${path}/*`);
  }
}

/** Builds the WHERE conditions for `filters` against the `tokens` table aliased `t`. */
export function filterCondition(filters: TokenFilters): SqlCondition {
  const out: SqlCondition = { clauses: [], params: [] };
  anyOf("t.status", filters.statuses, false, out);
  anyOf("t.aspect", filters.aspects, true, out);
  anyOf("t.phase", filters.phases, true, out);
  anyOf("t.owner", filters.owners, true, out);
  anyOf("coalesce(t.spec_status, 'draft')", filters.specStatuses, true, out);
  if (filters.req !== undefined) {
    if (/[*?]/.test(filters.req)) {
      // GLOB is case-sensitive; compare upper-cased, as ids are written.
      out.clauses.push("upper(t.req_id) GLOB upper(?)");
      out.params.push(filters.req);
    } else {
      // Every match sorts, ignoring case, from the id up to the id and "." ("-" is just before
      // it): the range lets the index on req_id find them, the test within it is the exact one.
      out.clauses.push(
        "(t.req_id >= ? COLLATE NOCASE AND t.req_id < ? COLLATE NOCASE AND " +
          "(t.req_id = ? COLLATE NOCASE OR t.req_id LIKE ? ESCAPE '\\'))",
      );
      out.params.push(filters.req, `${filters.req}.`, filters.req, `${escapeLike(filters.req)}-%`);
    }
  }
  if (filters.path !== undefined) pathCondition(filters.path, out);
  if (filters.priorityMin !== undefined) {
    out.clauses.push("t.priority >= ?");
    out.params.push(filters.priorityMin);
  }
  if (filters.priorityMax !== undefined) {
    out.clauses.push("t.priority <= ?");
    out.params.push(filters.priorityMax);
  }
  return out;
}

/** Whether `path` (a `--path` value) names any indexed file: one of them, or a folder above one. */
export function pathIsIndexed(db: DatabaseSync, path: string): boolean {
  const condition = filterCondition({ path });
  const sql = `SELECT 1 FROM tokens t ${whereClause(condition.clauses)} LIMIT 1`;
  return db.prepare(sql).get(...condition.params) !== undefined;
}

/** `WHERE …` for the given conditions, or an empty string. */
export function whereClause(clauses: readonly string[]): string {
  return clauses.length === 0 ? "" : `WHERE ${clauses.join(" AND ")}`;
}

// Text sorts by UTF-8 bytes, which is code point order: the order of `compareCodePoints`, so SQL
// and in-memory sorts agree whatever collation a column is declared with.
const BINARY = "COLLATE BINARY";

// Statuses sort by progress rather than alphabetically.
const STATUS_RANK = statusRankSql("t.status");

const ORDER_SQL: Record<OrderField, (direction: string) => string> = {
  // NULL sorts lowest, so undated tokens come last under updated_at DESC.
  priority: (d) => `t.priority ${d}, t.updated_at DESC`,
  // Tokens without a date (NULL, or "" where the column is NOT NULL) sort last in either direction.
  updated: (d) => `nullif(t.updated_at, '') IS NULL, t.updated_at ${d}`,
  req: (d) => `t.req_id ${BINARY} ${d}`,
  feature: (d) => `t.feature ${BINARY} ${d}`,
  file: (d) => `t.file_path ${BINARY} ${d}, t.line_number ${d}`,
  status: (d) => `${STATUS_RANK} ${d}`,
};

/**
 * The ORDER BY list for `order` (without the keyword). Ties fall back to the
 * row id, so output is stable from run to run, and the default order can be
 * read straight off an index on (priority, updated_at DESC) when one exists.
 */
export function orderByList(order: TokenOrder): string {
  const direction = order.descending ? "DESC" : "ASC";
  const tieBreak = order.field === "priority"
    ? ""
    : `, t.req_id ${BINARY}, t.feature ${BINARY}, t.file_path ${BINARY}, t.line_number`;
  return `${ORDER_SQL[order.field](direction)}${tieBreak}, t.id`;
}

/** The filters as a snake_case JSON object with only the keys that are set (for search history). */
export function filtersToJson(filters: TokenFilters): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) return;
    json[key] = value;
  };
  set("status", filters.statuses);
  set("aspect", filters.aspects);
  set("phase", filters.phases);
  set("owner", filters.owners);
  set("spec_status", filters.specStatuses);
  set("req", filters.req);
  set("path", filters.path);
  set("priority_min", filters.priorityMin);
  set("priority_max", filters.priorityMax);
  return json;
}
