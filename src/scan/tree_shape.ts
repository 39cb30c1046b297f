/**
 * What a walk saw of a tree's shape: the change time (ctime) of every folder it listed and of
 * every rule file it read. Creating, removing or renaming an entry changes its folder's ctime, as
 * does a change of its permissions, and writing a rule file changes the file's; nobody can set a
 * ctime back. So while every ctime is as recorded, listing the folders again would show the same
 * entries and apply the same rules: the files the walk listed are still the files to list, and
 * only their own stats can differ. A re-index then skips reading folders, the largest part of its
 * time, and stats each file as the walk would.
 *
 * @module
 */

/** Folders listed (relative path, "" for the root) and rule files read, with their ctimes in ms. */
export interface TreeShape {
  /** The root, resolved: the shape describes only that tree. */
  root: string;
  /** When the walk that recorded it started (ms since the epoch). */
  startedMs: number;
  folders: [path: string, ctimeMs: number][];
  ruleFiles: [path: string, ctimeMs: number][];
}

/** A shape recorded by an earlier walk, and the plain files that walk listed, in path order. */
export interface KnownShape {
  shape: TreeShape;
  /** Asked for only when the shape holds. */
  files: () => readonly string[];
}

/**
 * A change this close before a walk starts may share its ctime with one made during the walk: a
 * shape with such a ctime is not kept, as for a file's fingerprint. Deno gives a ctime in whole
 * seconds, so the window is a second, and the 50 ms of a coarse file system clock.
 */
export const SHAPE_RACY_WINDOW_MS = 1050;

/** A shape being recorded by a walk that started at `startedMs`; null once it cannot be kept. */
export class ShapeRecorder {
  #shape: TreeShape | null;

  constructor(root: string, readonly startedMs: number) {
    this.#shape = { root, startedMs, folders: [], ruleFiles: [] };
  }

  /** Records the folder at `path` before it is listed, or gives up when its ctime is unknown. */
  folder(path: string, abs: string): void {
    if (this.#shape === null) return;
    const ctime = changeTime(abs, true);
    if (ctime === null || ctime >= this.startedMs - SHAPE_RACY_WINDOW_MS) this.#shape = null;
    else this.#shape.folders.push([path, ctime]);
  }

  /** Records a rule file read, from the stat taken before reading it. */
  ruleFile(path: string, info: Deno.FileInfo): void {
    if (this.#shape === null) return;
    const ctime = info.ctime?.getTime() ?? null;
    if (ctime === null || ctime >= this.startedMs - SHAPE_RACY_WINDOW_MS) this.#shape = null;
    else this.#shape.ruleFiles.push([path, ctime]);
  }

  /** Takes an earlier walk's shape, which still holds, as this walk's. */
  adopt(shape: TreeShape): void {
    this.#shape = shape;
  }

  /** The walk met something a listing from the shape would not reproduce: nothing is kept. */
  giveUp(): void {
    this.#shape = null;
  }

  /** The shape recorded, or null. */
  get shape(): TreeShape | null {
    return this.#shape;
  }
}

/** The ctime of `abs` (following links), or null when it is not a folder (`folder`) or file. */
function changeTime(abs: string, folder: boolean): number | null {
  try {
    const info = Deno.statSync(abs);
    if (folder ? !info.isDirectory : !info.isFile) return null;
    return info.ctime?.getTime() ?? null;
  } catch {
    return null;
  }
}

/** Whether every folder and rule file of `shape`, under `rootAbs`, still has its ctime. */
export function shapeHolds(shape: TreeShape, rootAbs: string): boolean {
  if (shape.root !== rootAbs) return false;
  const abs = (path: string) => path === "" ? rootAbs : `${rootAbs}/${path}`;
  return shape.folders.every(([path, ctime]) => changeTime(abs(path), true) === ctime) &&
    shape.ruleFiles.every(([path, ctime]) => changeTime(abs(path), false) === ctime);
}
