/**
 * What the Go edition of canary's migrations add to the schema they share
 * with canary's first migration, by version: for recognising its databases.
 *
 * @module
 */
import type { SchemaObject } from "./schema_objects.ts";

/** The newest version the Go edition records. */
export const GO_EDITION_LATEST = 8;

/** What each Go-edition version adds to the one before it (versions 1 and 2 add nothing here). */
export const GO_ADDITIONS: Readonly<Record<number, readonly SchemaObject[]>> = {
  3: ["doc_path", "doc_hash", "doc_type", "doc_checked_at", "doc_status"].map((c) =>
    `column tokens.${c}`
  ),
  4: ["table gap_entries", "table gap_categories", "table gap_config"],
  5: ["table projects", "column tokens.project_id"],
  6: ["table refs"],
  7: ["table index_meta", "column tokens.content_hash"],
  8: ["table id_reservations"],
};

/** The tables only the Go edition creates (canary's first migration has the others). */
export const GO_ONLY_TABLES: ReadonlySet<string> = new Set(
  Object.values(GO_ADDITIONS).flat()
    .filter((object) => object.startsWith("table "))
    .map((object) => object.slice("table ".length)),
);
