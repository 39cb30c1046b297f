/**
 * Checksum drift: a migration recorded with SQL other than the embedded one
 * (a migration file edited after it was applied). `canary migrate repair`
 * re-records the embedded checksum once the schema is shown to hold what the
 * embedded migrations create; it never changes the schema.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { CanaryError } from "../errors.ts";
import { beginImmediate } from "./busy.ts";
import type { Migration } from "./migration.ts";
import { inReadSnapshot } from "./busy.ts";
import { HISTORY_TABLE, readHistory, readVersion } from "./migrator.ts";
import { expectedObjects, presentObjects } from "./schema_objects.ts";

/** One applied migration whose recorded checksum differs from the embedded SQL's. */
export interface ChecksumDrift {
  version: number;
  name: string;
  file: string;
  recorded: string;
  embedded: string;
}

function findDrift(db: DatabaseSync, migrations: readonly Migration[]): ChecksumDrift[] {
  const version = readVersion(db).version;
  const history = readHistory(db);
  return migrations
    .filter((m) => m.version <= version && history.has(m.version))
    .filter((m) => history.get(m.version)!.checksum !== m.checksum)
    .map((m) => ({
      version: m.version,
      name: m.name,
      file: m.upFile,
      recorded: history.get(m.version)!.checksum,
      embedded: m.checksum,
    }));
}

/** The drifted migrations of `db`, read in one snapshot. */
export function checksumDrift(db: DatabaseSync, migrations: readonly Migration[]): ChecksumDrift[] {
  return inReadSnapshot(db, () => findDrift(db, migrations));
}

/** Refuses a repair when the schema lacks what the applied migrations create. */
function assertSchemaComplete(db: DatabaseSync, migrations: readonly Migration[]): void {
  const version = readVersion(db).version;
  const present = presentObjects(db);
  const missing = [...expectedObjects(migrations.filter((m) => m.version <= version))]
    .filter((object) => !present.has(object));
  if (missing.length === 0) return;
  throw new CanaryError(
    `cannot repair: the schema lacks what the migrations up to version ${version} create (` +
      `${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", …" : ""}); nothing changed`,
    { code: "schema_incomplete" },
  );
}

/**
 * Re-records the embedded checksum of every drifted migration in one
 * transaction and returns what it changed; the schema is left as it is.
 */
export function repairChecksums(
  db: DatabaseSync,
  migrations: readonly Migration[],
): ChecksumDrift[] {
  beginImmediate(db);
  try {
    const drift = findDrift(db, migrations);
    if (drift.length > 0) assertSchemaComplete(db, migrations);
    const update = db.prepare(`UPDATE ${HISTORY_TABLE} SET checksum = ? WHERE version = ?`);
    for (const d of drift) update.run(d.embedded, d.version);
    db.exec("COMMIT");
    return drift;
  } finally {
    if (db.isTransaction) db.exec("ROLLBACK");
  }
}
