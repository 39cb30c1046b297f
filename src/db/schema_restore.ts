/**
 * Putting back what was dropped by hand: objects (tables, indexes, triggers,
 * columns) that the applied migrations create but the schema lacks. Each is
 * recreated by the statement of its own migration that creates it; when a
 * table is recreated, the statements of that migration that create nothing
 * (filling a search index from `tokens`, say) run again too, since the table
 * came back empty. Objects still there are never touched.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type { Migration } from "./migration.ts";
import {
  createdObjects,
  expectedObjects,
  presentObjects,
  type SchemaObject,
  splitStatements,
} from "./schema_objects.ts";

/** The objects `applied` migrations create that `db` lacks, in migration order. */
export function missingObjects(db: DatabaseSync, applied: readonly Migration[]): SchemaObject[] {
  const present = presentObjects(db);
  return [...expectedObjects(applied)].filter((object) => !present.has(object));
}

/** The statements that recreate `migration`'s missing objects, in order. */
function restoringStatements(
  migration: Migration,
  missing: ReadonlySet<SchemaObject>,
): string[] {
  const statements = splitStatements(migration.up).map((sql) => ({
    sql,
    creates: createdObjects(sql),
  }));
  const lost = statements.some(({ creates }) => creates.some((o) => missing.has(o)));
  if (!lost) return [];
  const tableLost = [...missing].some((o) =>
    o.startsWith("table ") && statements.some(({ creates }) => creates.includes(o))
  );
  return statements
    .filter(({ creates }) =>
      creates.length === 0 ? tableLost : creates.some((object) => missing.has(object))
    )
    .map(({ sql }) => sql);
}

/**
 * Recreates every missing object of the `applied` migrations, inside the
 * caller's transaction, and returns the objects it recreated.
 */
export function restoreMissingObjects(
  db: DatabaseSync,
  applied: readonly Migration[],
): SchemaObject[] {
  const missing = new Set(missingObjects(db, applied));
  if (missing.size === 0) return [];
  for (const migration of applied) {
    for (const sql of restoringStatements(migration, missing)) db.exec(sql);
  }
  return [...missing];
}
