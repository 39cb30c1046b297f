/**
 * What a migration's SQL creates, read off its statements, so that a database
 * whose version was recorded by another tool can be checked against what
 * canary's migrations up to that version would have built.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { type Migration, sqlStatementsOnly } from "./migration.ts";

/** A schema object a migration leaves behind: `table x`, `index x`, `trigger x`, `column t.c`. */
export type SchemaObject = string;

const NAME = String.raw`["\`\[]?(\w+)["\`\]]?`;
const CREATES: readonly [RegExp, (m: RegExpExecArray) => SchemaObject][] = [
  [
    new RegExp(
      String.raw`\bCREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}`,
      "gi",
    ),
    (m) => `table ${m[1].toLowerCase()}`,
  ],
  [
    new RegExp(String.raw`\bCREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}`, "gi"),
    (m) => `index ${m[1].toLowerCase()}`,
  ],
  [
    new RegExp(String.raw`\bCREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}`, "gi"),
    (m) => `trigger ${m[1].toLowerCase()}`,
  ],
  [
    new RegExp(String.raw`\bALTER\s+TABLE\s+${NAME}\s+ADD\s+(?:COLUMN\s+)?${NAME}`, "gi"),
    (m) => `column ${m[1].toLowerCase()}.${m[2].toLowerCase()}`,
  ],
];
const DROPS: readonly [RegExp, (m: RegExpExecArray) => SchemaObject][] = [
  [
    new RegExp(String.raw`\bDROP\s+(TABLE|INDEX|TRIGGER)\s+(?:IF\s+EXISTS\s+)?${NAME}`, "gi"),
    (m) => `${m[1].toLowerCase()} ${m[2].toLowerCase()}`,
  ],
  [
    new RegExp(String.raw`\bALTER\s+TABLE\s+${NAME}\s+DROP\s+(?:COLUMN\s+)?${NAME}`, "gi"),
    (m) => `column ${m[1].toLowerCase()}.${m[2].toLowerCase()}`,
  ],
];

/** Every create and drop in `sql`, in the order the statements run. */
function changes(sql: string): { created: boolean; object: SchemaObject }[] {
  const found: { at: number; created: boolean; object: SchemaObject }[] = [];
  for (const [patterns, created] of [[CREATES, true], [DROPS, false]] as const) {
    for (const [pattern, name] of patterns) {
      for (const match of sql.matchAll(pattern)) {
        found.push({ at: match.index, created, object: name(match as RegExpExecArray) });
      }
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

/** The changes of each migration's up SQL, found once per process: opening asks several times. */
const upChanges = new Map<string, ReturnType<typeof changes>>();

/** The objects that applying `migrations` in order leaves in a schema. */
export function expectedObjects(migrations: readonly Migration[]): Set<SchemaObject> {
  const objects = new Set<SchemaObject>();
  for (const migration of migrations) {
    let found = upChanges.get(migration.up);
    if (found === undefined) {
      found = changes(sqlStatementsOnly(migration.up));
      upChanges.set(migration.up, found);
    }
    for (const { created, object } of found) {
      if (created) objects.add(object);
      else objects.delete(object);
    }
  }
  return objects;
}

/** The objects of the database's main schema, named like {@link SchemaObject}s. */
export function presentObjects(db: DatabaseSync): Set<SchemaObject> {
  const objects = new Set<SchemaObject>();
  // One query for the objects and every table's columns: a statement per table cost more. No
  // migration adds a column to a virtual table, and asking for one's columns connects it: the
  // full-text index's constructor reads its own tables, which fails while another process
  // changes the schema.
  const rows = db.prepare(
    `SELECT o.type AS type, lower(o.name) AS name, lower(c.name) AS column_name
     FROM sqlite_schema AS o
     LEFT JOIN pragma_table_info(
       CASE WHEN o.sql LIKE 'CREATE VIRTUAL TABLE%' THEN NULL ELSE o.name END
     ) AS c ON o.type = 'table'
     WHERE o.type IN ('table', 'index', 'trigger')`,
  ).all() as { type: string; name: string; column_name: string | null }[];
  for (const { type, name, column_name } of rows) {
    objects.add(`${type} ${name}`);
    if (column_name !== null) objects.add(`column ${name}.${column_name}`);
  }
  return objects;
}

/** The objects one SQL statement creates (empty for statements that only change data). */
export function createdObjects(statement: string): SchemaObject[] {
  return changes(sqlStatementsOnly(statement)).filter((c) => c.created).map((c) => c.object);
}

/**
 * Splits SQL into statements at semicolons outside string literals, quoted
 * names, comments and trigger bodies (`CREATE TRIGGER … BEGIN …; END`), so
 * that each statement can be run, or skipped, on its own.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = "";
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    const skipped = /^(?:--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`)/.exec(
      rest,
    );
    if (skipped) {
      if (!skipped[0].startsWith("-") && !skipped[0].startsWith("/")) current += skipped[0];
      i += skipped[0].length;
      continue;
    }
    const char = sql[i++];
    if (char !== ";") {
      current += char;
      continue;
    }
    const inTrigger = /^\s*CREATE\s+(?:TEMP(?:ORARY)?\s+)?TRIGGER\b/i.test(current) &&
      !/\bEND\s*$/i.test(current);
    if (inTrigger) current += char;
    else {
      if (current.trim() !== "") statements.push(current.trim());
      current = "";
    }
  }
  if (current.trim() !== "") statements.push(current.trim());
  return statements;
}
