/**
 * canary's migrations in dbmate's layout, so both tools apply the same SQL in the benchmark.
 *
 * @module
 */
import { join } from "node:path";

/**
 * Writes one dbmate migration per `NNNNNN_name.up.sql`/`.down.sql` pair of `source` into
 * `target` (replacing it), as `-- migrate:up` and `-- migrate:down` sections; returns `target`.
 */
export function dbmateMigrations(source: string, target: string): string {
  try {
    Deno.removeSync(target, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  Deno.mkdirSync(target, { recursive: true });
  const ups = [...Deno.readDirSync(source)].map((e) => e.name).filter((n) => n.endsWith(".up.sql"))
    .sort();
  for (const up of ups) {
    const stem = up.slice(0, -".up.sql".length);
    const down = Deno.readTextFileSync(join(source, `${stem}.down.sql`));
    const text = `-- migrate:up\n${Deno.readTextFileSync(join(source, up))}\n` +
      `-- migrate:down\n${down}\n`;
    Deno.writeTextFileSync(join(target, `${stem}.sql`), text);
  }
  return target;
}
