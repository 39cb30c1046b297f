/**
 * Checkpoint snapshots written by the Go edition of canary: JSON objects with
 * Go's field names (`ReqID`, `FilePath`, …), read as canary's token records.
 *
 * @module
 */
import type { TokenRecord } from "./token_rows.ts";
import { DEFAULT_PRIORITY } from "../tokens/priority.ts";

/** Go field name → canary field name, for fields whose values carry over as they are. */
export const GO_SNAPSHOT_FIELDS: Readonly<Record<string, keyof TokenRecord>> = {
  ID: "id",
  ReqID: "req_id",
  Feature: "feature",
  Aspect: "aspect",
  Status: "status",
  FilePath: "file_path",
  LineNumber: "line_number",
  Owner: "owner",
  Priority: "priority",
  Phase: "phase",
  Keywords: "keywords",
  SpecStatus: "spec_status",
  CreatedAt: "created",
  UpdatedAt: "updated",
  StartedAt: "started",
  CompletedAt: "completed",
  DependsOn: "depends_on",
  Blocks: "blocks",
  RelatedTo: "related_to",
  DocPath: "doc",
  DocHash: "doc_hash",
  DocType: "doc_type",
  CommitHash: "commit_hash",
  Branch: "branch",
  IndexedAt: "indexed_at",
  RawToken: "raw_token",
};

/** Go field names whose comma-separated text becomes a list. */
const GO_LIST_FIELDS: Readonly<Record<string, keyof TokenRecord>> = {
  Test: "tests",
  Bench: "benches",
};

/** True for a snapshot entry written by the Go edition (it has Go's field names). */
export function isGoSnapshotToken(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && "ReqID" in value && !("req_id" in value);
}

/** Go's `sql.Null*` values marshal as `{"String": "x", "Valid": true}`: unwrap them. */
function plain(value: unknown): unknown {
  if (typeof value !== "object" || value === null || !("Valid" in value)) return value ?? null;
  const record = value as Record<string, unknown>;
  if (record.Valid !== true) return null;
  const inner = Object.keys(record).find((key) => key !== "Valid");
  return inner === undefined ? null : record[inner];
}

/** `value` as a number, or `fallback` when it is none (missing, `"x"`, an object). */
function numberOr(value: unknown, fallback: number): number {
  const number = typeof value === "number" || typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(number) && value !== "" ? number : fallback;
}

function list(value: unknown): string[] {
  const text = plain(value);
  if (Array.isArray(text)) return text.map(String);
  if (typeof text !== "string") return [];
  return text.split(",").map((item) => item.trim()).filter((item) => item !== "");
}

/**
 * A Go snapshot entry as a canary token record: fields renamed, lists split,
 * Go's status kept as it recorded it (it did not promote statuses) and also
 * given as the declared status. Go-only fields are not carried over.
 */
export function fromGoSnapshotToken(go: Record<string, unknown>): TokenRecord {
  const token: Record<string, unknown> = {};
  for (const field of Object.values(GO_SNAPSHOT_FIELDS)) token[field] = null;
  for (const [goName, name] of Object.entries(GO_SNAPSHOT_FIELDS)) {
    if (goName in go) token[name] = plain(go[goName]);
  }
  for (const [goName, name] of Object.entries(GO_LIST_FIELDS)) token[name] = list(go[goName]);
  token.declared_status = token.status;
  token.id = numberOr(token.id, 0);
  token.line_number = numberOr(token.line_number, 0);
  token.priority = numberOr(token.priority, DEFAULT_PRIORITY);
  for (const name of ["req_id", "feature", "aspect", "status", "file_path"]) {
    token[name] = token[name] === null ? "" : String(token[name]);
  }
  return token as unknown as TokenRecord;
}
