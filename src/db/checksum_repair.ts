/**
 * What `canary migrate repair` mends: checksum drift (a migration recorded
 * with SQL other than the embedded one, a migration file edited after it was
 * applied), by re-recording the embedded checksum, and objects of applied
 * migrations dropped by hand, by recreating them (see `schema_restore.ts`).
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { inWriteTransaction } from "./transaction.ts";
import type { Migration } from "./migration.ts";
import { inReadSnapshot } from "./busy.ts";
import { HISTORY_TABLE, readHistory, readVersion } from "./migrator.ts";
import type { SchemaObject } from "./schema_objects.ts";
import { missingObjects, restoreMissingObjects } from "./schema_restore.ts";

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

/** What a repair finds: drifted checksums and missing objects. */
export interface RepairFindings {
  drift: ChecksumDrift[];
  /** Objects the applied migrations create that the schema lacks. */
  missing: SchemaObject[];
}

function appliedMigrations(db: DatabaseSync, migrations: readonly Migration[]): Migration[] {
  const version = readVersion(db).version;
  return migrations.filter((m) => m.version <= version);
}

/** What {@link repairDatabase} would mend, read in one snapshot. */
export function repairFindings(db: DatabaseSync, migrations: readonly Migration[]): RepairFindings {
  return inReadSnapshot(db, () => ({
    drift: findDrift(db, migrations),
    missing: missingObjects(db, appliedMigrations(db, migrations)),
  }));
}

/**
 * In one transaction: recreates the objects the applied migrations create and
 * the schema lacks, and re-records the embedded checksum of every drifted
 * migration. Returns what it mended.
 */
export function repairDatabase(
  db: DatabaseSync,
  migrations: readonly Migration[],
): RepairFindings {
  return inWriteTransaction(db, () => {
    const drift = findDrift(db, migrations);
    const missing = restoreMissingObjects(db, appliedMigrations(db, migrations));
    // Drift needs history rows: a version another tool recorded may have no history table.
    if (drift.length > 0) {
      const update = db.prepare(`UPDATE ${HISTORY_TABLE} SET checksum = ? WHERE version = ?`);
      for (const d of drift) update.run(d.embedded, d.version);
    }
    return { drift, missing };
  });
}
