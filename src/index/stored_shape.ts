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
  return { root: root[1], folders: of("folder"), ruleFiles: of("rule_file") };
}

/** Replaces the recorded shape with `shape` (none when null); inside the caller's transaction. */
export function saveShape(db: DatabaseSync, shape: TreeShape | null): void {
  db.exec("DELETE FROM tree_shape");
  if (shape === null) return;
  const insert = db.prepare("INSERT INTO tree_shape (kind, path, ctime_ms) VALUES (?, ?, ?)");
  insert.run("root", shape.root, 0);
  for (const [path, ctime] of shape.folders) insert.run("folder", path, ctime);
  for (const [path, ctime] of shape.ruleFiles) insert.run("rule_file", path, ctime);
}
