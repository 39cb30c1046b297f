/**
 * The tree shape the last index recorded (see `src/scan/tree_shape.ts`), kept in `tree_shape`,
 * and the git index that vouched for its files, kept in `git_index_vouch`.
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
  const row = db.prepare("SELECT checksum FROM git_index_vouch").get();
  return row === undefined ? null : String(row.checksum);
}

/** Records the git index that vouches for every fingerprint of the recorded shape (none: null). */
export function saveGitIndexChecksum(db: DatabaseSync, checksum: string | null): void {
  db.exec("DELETE FROM git_index_vouch");
  if (checksum === null) return;
  db.prepare("INSERT INTO git_index_vouch (id, checksum) VALUES (1, ?)").run(checksum);
}

/** Replaces the recorded shape with `shape` (none when null); inside the caller's transaction. */
export function saveShape(db: DatabaseSync, shape: TreeShape | null): void {
  // What git's index vouched for was found through the shape being replaced.
  db.exec("DELETE FROM tree_shape; DELETE FROM git_index_vouch");
  if (shape === null) return;
  const insert = db.prepare("INSERT INTO tree_shape (kind, path, ctime_ms) VALUES (?, ?, ?)");
  insert.run("root", shape.root, shape.startedMs);
  for (const [path, ctime] of shape.folders) insert.run("folder", path, ctime);
  for (const [path, ctime] of shape.ruleFiles) insert.run("rule_file", path, ctime);
}
