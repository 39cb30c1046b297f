/**
 * A token and its row in the `tokens` table, both ways: the values `canary index` writes for a
 * parsed token, and the stable JSON shape read back from a row, shared by `list`, `search` and
 * checkpoint snapshots, with the SQL that reads it.
 *
 * @module
 */
import { DEFAULT_PRIORITY } from "../tokens/priority.ts";

import type { SQLInputValue } from "node:sqlite";
import { normalizeTimestamp } from "../text/timestamp.ts";
import type { LocatedToken } from "../tokens/mod.ts";

/** The statement that writes one token row; its values come from {@linkcode tokenRowValues}. */
export const INSERT_TOKEN_SQL =
  `INSERT INTO tokens (req_id, feature, aspect, status, declared_status, file_path, line_number,
    test, bench, owner, priority, phase, keywords, spec_status, created_at, updated_at,
    started_at, completed_at, commit_hash, branch, depends_on, blocks, related_to, raw_token,
    indexed_at, doc, doc_hash, doc_type)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** What a token row records beyond the token itself. */
export interface TokenRowContext {
  /** The priority to store: an override set for the feature, else the token's own, else 5. */
  priority: number;
  commitHash: string;
  branch: string;
  /** When the run indexed, RFC 3339. */
  indexedAt: string;
  /** What `updated_at` holds for a token without UPDATED ("" where the column is NOT NULL). */
  absentUpdated: string | null;
}

/** An absent value, stored as NULL. */
export function nullIfEmpty(value: string): string | null {
  return value === "" ? null : value;
}

/** The values of {@linkcode INSERT_TOKEN_SQL} for a token found at `line` of `path`. */
export function tokenRowValues(
  path: string,
  { line, token }: LocatedToken,
  context: TokenRowContext,
): SQLInputValue[] {
  return [
    token.reqId,
    token.feature,
    token.aspect,
    token.status,
    token.declaredStatus,
    path,
    line,
    nullIfEmpty(token.tests.join(",")),
    nullIfEmpty(token.benches.join(",")),
    nullIfEmpty(token.owner),
    context.priority,
    nullIfEmpty(token.phase),
    nullIfEmpty(token.keywords),
    token.specStatus === "" ? "draft" : token.specStatus,
    nullIfEmpty(token.created),
    token.updated === "" ? context.absentUpdated : token.updated,
    nullIfEmpty(token.started),
    nullIfEmpty(token.completed),
    nullIfEmpty(context.commitHash),
    nullIfEmpty(context.branch),
    nullIfEmpty(token.dependsOn),
    nullIfEmpty(token.blocks),
    nullIfEmpty(token.relatedTo),
    token.raw,
    context.indexedAt,
    nullIfEmpty(token.doc),
    nullIfEmpty(token.docHash),
    nullIfEmpty(token.docType),
  ];
}

/** One indexed token as canary prints it with `--json` (snake_case; `null` for absent). */
export interface TokenRecord {
  id: number;
  req_id: string;
  feature: string;
  aspect: string;
  status: string;
  declared_status: string | null;
  file_path: string;
  line_number: number;
  tests: string[];
  benches: string[];
  owner: string | null;
  priority: number;
  phase: string | null;
  keywords: string | null;
  spec_status: string | null;
  created: string | null;
  updated: string | null;
  started: string | null;
  completed: string | null;
  depends_on: string | null;
  blocks: string | null;
  related_to: string | null;
  doc: string | null;
  doc_hash: string | null;
  doc_type: string | null;
  commit_hash: string | null;
  branch: string | null;
  indexed_at: string | null;
  raw_token: string | null;
}

/** Columns of `tokens` read for a {@link TokenRecord}, qualified with the alias `t`. */
export const TOKEN_SELECT_COLUMNS: string = [
  "id",
  "req_id",
  "feature",
  "aspect",
  "status",
  "declared_status",
  "file_path",
  "line_number",
  "test",
  "bench",
  "owner",
  "priority",
  "phase",
  "keywords",
  "spec_status",
  "created_at",
  "updated_at",
  "started_at",
  "completed_at",
  "depends_on",
  "blocks",
  "related_to",
  "doc",
  "doc_hash",
  "doc_type",
  "commit_hash",
  "branch",
  "indexed_at",
  "raw_token",
].map((column) => `t.${column}`).join(", ");

/** A row as SQLite returns it for {@link TOKEN_SELECT_COLUMNS}. */
export type TokenRow = Record<string, unknown>;

/** A stored priority; the default for none, and for one that is no number (a Go row's `'high'`). */
function storedPriority(value: unknown): number {
  return typeof value === "number" || typeof value === "bigint" ? Number(value) : DEFAULT_PRIORITY;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

/** Splits a stored comma-joined list (TEST, BENCH) into trimmed, non-empty names. */
export function splitList(value: unknown): string[] {
  const joined = text(value);
  if (joined === null) return [];
  return joined.split(",").map((name) => name.trim()).filter((name) => name !== "");
}

/** Converts a `tokens` row into the JSON token shape. */
export function tokenRecordFromRow(row: TokenRow): TokenRecord {
  return {
    id: Number(row.id),
    req_id: String(row.req_id),
    feature: String(row.feature),
    aspect: String(row.aspect),
    status: String(row.status),
    declared_status: text(row.declared_status),
    file_path: String(row.file_path),
    line_number: Number(row.line_number),
    tests: splitList(row.test),
    benches: splitList(row.bench),
    owner: text(row.owner),
    priority: storedPriority(row.priority),
    phase: text(row.phase),
    keywords: text(row.keywords),
    spec_status: text(row.spec_status),
    created: text(row.created_at),
    // Where `updated_at` is NOT NULL (the Go edition's schema), "" stands for no date.
    updated: text(row.updated_at) || null,
    started: text(row.started_at),
    completed: text(row.completed_at),
    depends_on: text(row.depends_on),
    blocks: text(row.blocks),
    related_to: text(row.related_to),
    doc: text(row.doc),
    doc_hash: text(row.doc_hash),
    doc_type: text(row.doc_type),
    commit_hash: text(row.commit_hash),
    branch: text(row.branch),
    indexed_at: normalizeTimestamp(text(row.indexed_at)),
    raw_token: text(row.raw_token),
  };
}
