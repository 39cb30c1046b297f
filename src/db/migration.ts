/**
 * The migration model: paired up/down SQL files named in golang-migrate's
 * convention (`000001_initial_schema.up.sql` + `.down.sql`).
 *
 * @module
 */
import { CanaryError } from "../errors.ts";

/** One schema version: the SQL that applies it and the SQL that reverses it. */
export interface Migration {
  /** Version number taken from the file name prefix. */
  version: number;
  /** Name part of the file name, e.g. `initial_schema`. */
  name: string;
  /** SQL applied by `migrate`. */
  up: string;
  /** SQL applied by `rollback`. */
  down: string;
  /** File name of the up SQL, as it stands in `migrations/`. */
  upFile: string;
  /** File name of the down SQL. */
  downFile: string;
  /** SHA-256 (hex) of the up SQL, recorded when applied so drift can be detected. */
  checksum: string;
}

/** Newest version among `migrations`, 0 when the list is empty. */
export function newestSchemaVersion(migrations: readonly { version: number }[]): number {
  // Max rather than the last element, so the answer does not rely on the list's order.
  return migrations.reduce((newest, migration) => Math.max(newest, migration.version), 0);
}

const FILE_NAME = /^(\d+)_([A-Za-z0-9_]+)\.(up|down)\.sql$/;

/**
 * SQL with comments and string literals blanked out, so that words inside
 * them are not read as statements when migrations are inspected.
 */
export function sqlStatementsOnly(sql: string): string {
  return sql
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/--[^\n]*/g, " ")
    .replace(/'(?:[^']|'')*'/g, "''");
}

/**
 * SHA-256 of a migration's up SQL (encoded as UTF-8), hex encoded. Web Crypto's native digest:
 * it runs once per migration per command, and interpreted JavaScript took about 9 ms for it.
 */
export async function migrationChecksum(sql: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(sql));
  return new Uint8Array(digest).toHex();
}

/**
 * Builds the ordered migration list from file names and contents, with the checksums.
 *
 * Rejects with a {@link CanaryError} when a file name does not follow the
 * convention, an up has no down (or the reverse), or two files share a version.
 */
export async function buildMigrationSet(
  files: Readonly<Record<string, string>>,
): Promise<Migration[]> {
  const migrations = pairMigrationFiles(files).sort((a, b) => a.version - b.version);
  const checksums = await Promise.all(
    migrations.map((migration) => migrationChecksum(migration.up)),
  );
  return migrations.map((migration, i) => ({ ...migration, checksum: checksums[i] }));
}

/** The files paired into migrations (in no order), refused as {@link buildMigrationSet} says. */
function pairMigrationFiles(
  files: Readonly<Record<string, string>>,
): Omit<Migration, "checksum">[] {
  const byVersion = new Map<number, Partial<Migration>>();
  for (const [file, sql] of Object.entries(files)) {
    const match = FILE_NAME.exec(file);
    if (!match) {
      throw new CanaryError(
        `migration file ${file} does not match NNNNNN_name.up.sql or NNNNNN_name.down.sql`,
        { code: "bad_migration_set" },
      );
    }
    const version = Number(match[1]);
    const name = match[2];
    const direction = match[3] as "up" | "down";
    const entry = byVersion.get(version) ?? { version, name };
    if (entry.name !== name) {
      throw new CanaryError(
        `migrations ${entry.name} and ${name} share version ${version}`,
        { code: "bad_migration_set" },
      );
    }
    const fileKey = direction === "up" ? "upFile" : "downFile";
    if (entry[fileKey] !== undefined) {
      throw new CanaryError(
        `two ${direction} files for version ${version}: ${entry[fileKey]}, ${file}`,
        {
          code: "bad_migration_set",
        },
      );
    }
    entry[fileKey] = file;
    entry[direction] = sql;
    byVersion.set(version, entry);
  }
  const migrations: Omit<Migration, "checksum">[] = [];
  for (const entry of byVersion.values()) {
    if (entry.upFile === undefined || entry.downFile === undefined) {
      const present = entry.upFile ?? entry.downFile;
      throw new CanaryError(`migration ${present} has no ${entry.upFile ? "down" : "up"} file`, {
        code: "bad_migration_set",
      });
    }
    if (entry.version === 0) {
      throw new CanaryError(
        `migration ${entry.upFile}: version 0 is reserved for "nothing applied"`,
        {
          code: "bad_migration_set",
        },
      );
    }
    migrations.push(entry as Omit<Migration, "checksum">);
  }
  return migrations;
}
