/**
 * The tree shape the last index recorded (see `src/scan/tree_shape.ts`), kept in `tree_shape` with
 * the number of files it stands for (`tree_shape_files`), and the git index that vouched for its
 * files, kept in `git_index_vouch`.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type { TreeShape } from "../scan/tree_shape.ts";
import { allRowsAsArrays } from "../db/rows.ts";
import type { GitIndexVouch } from "./unchanged_tree.ts";

type ShapeRow = [kind: string, path: string, ctimeMs: number];

/**
 * The recorded shape, or null when the last index kept none, or the `storedFiles` fingerprints
 * are not the ones it counted (another tool deleted some: their files would not be listed).
 */
export function loadShape(db: DatabaseSync, storedFiles: number): TreeShape | null {
  const counted = db.prepare("SELECT files FROM tree_shape_files").get();
  if (counted === undefined || Number(counted.files) !== storedFiles) return null;
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

/** The git index recorded as vouching for the fingerprints, or null. */
export function loadGitIndexVouch(db: DatabaseSync): GitIndexVouch | null {
  const row = db.prepare("SELECT checksum, unvouched_json FROM git_index_vouch").get();
  if (row === undefined) return null;
  return { checksum: String(row.checksum), unvouched: JSON.parse(String(row.unvouched_json)) };
}

/** Records the git index that vouches for the fingerprints of the recorded shape (none: null). */
export function saveGitIndexVouch(db: DatabaseSync, vouch: GitIndexVouch | null): void {
  db.exec("DELETE FROM git_index_vouch");
  if (vouch === null) return;
  db.prepare("INSERT INTO git_index_vouch (id, checksum, unvouched_json) VALUES (1, ?, ?)").run(
    vouch.checksum,
    JSON.stringify(vouch.unvouched),
  );
}

/**
 * Replaces the recorded shape with `shape` (none when null); inside the caller's transaction,
 * once the fingerprints are written.
 */
export function saveShape(db: DatabaseSync, shape: TreeShape | null): void {
  // What git's index vouched for was found through the shape being replaced.
  db.exec("DELETE FROM tree_shape; DELETE FROM git_index_vouch; DELETE FROM tree_shape_files");
  if (shape === null) return;
  // A walk from this shape keeps it, and the count: it lists the fingerprinted files, and one it
  // cannot stat or keep as it was leaves no shape.
  db.exec("INSERT INTO tree_shape_files (id, files) SELECT 1, count(*) FROM file_fingerprints");
  const insert = db.prepare("INSERT INTO tree_shape (kind, path, ctime_ms) VALUES (?, ?, ?)");
  insert.run("root", shape.root, shape.startedMs);
  for (const [path, ctime] of shape.folders) insert.run("folder", path, ctime);
  for (const [path, ctime] of shape.ruleFiles) insert.run("rule_file", path, ctime);
}
