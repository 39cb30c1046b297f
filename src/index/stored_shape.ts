/**
 * The tree shape the last index recorded (see `src/scan/tree_shape.ts`), kept in `tree_shape`.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type { TreeShape } from "../scan/tree_shape.ts";
import { allRowsAsArrays } from "../db/rows.ts";

type ShapeRow = [kind: string, path: string, ctimeMs: number];

/** The recorded shape, or null when the last index kept none. */
export function loadShape(db: DatabaseSync): TreeShape | null {
  const rows = allRowsAsArrays<ShapeRow>(
    db.prepare("SELECT kind, path, ctime_ms FROM tree_shape ORDER BY kind, path"),
  );
  const root = rows.find(([kind]) => kind === "root");
  if (root === undefined) return null;
  const of = (wanted: string) =>
    rows.filter(([kind]) => kind === wanted).map(([, path, ctime]): [string, number] => [
      path,
      Number(ctime),
    ]);
  return {
    root: root[1],
    startedMs: Number(root[2]),
    folders: of("folder"),
    ruleFiles: of("rule_file"),
  };
}

/** The checksum of the git index recorded as vouching for every fingerprint, or null. */
export function loadGitIndexChecksum(db: DatabaseSync): string | null {
  const row = db.prepare("SELECT path FROM tree_shape WHERE kind = 'git_index'").get();
  return row === undefined ? null : String(row.path);
}

/** Records the git index that vouches for every fingerprint of the recorded shape (none: null). */
export function saveGitIndexChecksum(db: DatabaseSync, checksum: string | null): void {
  db.prepare("DELETE FROM tree_shape WHERE kind = 'git_index'").run();
  if (checksum === null) return;
  db.prepare("INSERT INTO tree_shape (kind, path, ctime_ms) VALUES ('git_index', ?, 0)").run(
    checksum,
  );
}

/** Replaces the recorded shape with `shape` (none when null); inside the caller's transaction. */
export function saveShape(db: DatabaseSync, shape: TreeShape | null): void {
  db.exec("DELETE FROM tree_shape");
  if (shape === null) return;
  const insert = db.prepare("INSERT INTO tree_shape (kind, path, ctime_ms) VALUES (?, ?, ?)");
  insert.run("root", shape.root, shape.startedMs);
  for (const [path, ctime] of shape.folders) insert.run("folder", path, ctime);
  for (const [path, ctime] of shape.ruleFiles) insert.run("rule_file", path, ctime);
}
