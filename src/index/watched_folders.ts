/**
 * Which folders `canary index --watch` watches, so that no watch covers the database's folder.
 *
 * Deno's file watcher opens and closes the file each event names, in this process, and closing any
 * descriptor of a file releases the POSIX locks the process holds on it: an event naming the
 * database, its `-wal` or its `-shm` would release SQLite's locks in the middle of a run, and
 * another process could then write at the same time. So the root and the folders on the way down
 * to the database's folder are watched without their subfolders, the database's folder not at
 * all, and every other real folder (never a link: the index does not follow linked folders) with
 * everything below it.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { basename, dirname, join, resolve } from "../path.ts";

/** A folder to start watching: alone (`recursive` false) or with everything below it. */
export interface FolderWatch {
  path: string;
  /** The path to give the watcher: `path`, or another name of it (see {@link aliasOf}). */
  watchPath: string;
  recursive: boolean;
}

/** A name of the root folder on Linux: `/proc/self/root/tmp` is `/tmp`. */
const ROOT_ALIAS = "/proc/self/root";

/**
 * A path naming `path` for the `times`-th time. Deno never watches a path again once it watched
 * it, even after the folder was removed (and its inotify watch with it): a folder made anew under
 * an old name is watched under another name of the same place.
 */
function aliasOf(path: string, times: number): string {
  return ROOT_ALIAS.repeat(times) + path;
}

/** The folders watched under a root that leaves one folder out, and those still to watch. */
export class WatchedFolders {
  /** The root, links resolved: every path watched and every event path starts with it. */
  readonly root: string;
  /** The folder left out, links resolved as far as it exists. */
  readonly keptOut: string;
  /** Each watched folder's identity when its watch began: a folder made anew needs a new one. */
  readonly #watched = new Map<string, string>();
  /** How many watches of each folder began. */
  readonly #times = new Map<string, number>();

  /**
   * Plans the watch of `root` without `keepOut` and everything in it.
   *
   * @throws {UsageError} when `keepOut` is the root itself: the root's own files could then not
   *   be watched without the folder's.
   */
  constructor(root: string, keepOut: string) {
    this.root = Deno.realPathSync(root);
    this.keptOut = canonical(keepOut);
    if (this.keptOut === this.root) {
      throw new UsageError(
        `--watch cannot watch ${root} with the database's own files in it (the watch would ` +
          "corrupt the database): keep the database in a subfolder, as the default " +
          ".canary/canary.db is, or outside the tree",
      );
    }
  }

  /** An event's path as a path of the tree (without the name a later watch gave its folder). */
  treePath(eventPath: string): string {
    let path = eventPath;
    while (path.startsWith(ROOT_ALIAS + "/")) path = path.slice(ROOT_ALIAS.length);
    return path;
  }

  /** Whether an event on `path` concerns the tree: not the folder left out, nor anything in it. */
  concerns(path: string): boolean {
    return path !== this.keptOut && !path.startsWith(this.keptOut + "/");
  }

  /**
   * The folders not watched yet (or made anew since their watch began); call {@link started}
   * for each watch that began.
   */
  toWatch(): FolderWatch[] {
    const found: FolderWatch[] = [];
    const visit = (path: string, recursive: boolean) => {
      const id = identity(path);
      if (id === null || this.#watched.get(path) === id) return;
      found.push({ path, watchPath: aliasOf(path, this.#times.get(path) ?? 0), recursive });
    };
    for (let folder: string | null = this.root; folder !== null;) {
      visit(folder, false);
      let onTheWay: string | null = null;
      for (const child of subfolders(folder)) {
        if (child === this.keptOut) continue;
        if (this.keptOut.startsWith(child + "/")) onTheWay = child;
        else visit(child, true);
      }
      folder = onTheWay;
    }
    return found;
  }

  /** Records that the watch of `folder` began. */
  started(folder: FolderWatch): void {
    const id = identity(folder.path);
    if (id !== null) this.#watched.set(folder.path, id);
    this.#times.set(folder.path, (this.#times.get(folder.path) ?? 0) + 1);
  }

  /**
   * Notes an event: a folder removed or renamed away lost its watch, even when one made anew in
   * its place looks the same (the same inode, within the same millisecond).
   */
  saw(event: Deno.FsEvent): void {
    if (event.kind !== "remove" && event.kind !== "rename") return;
    for (const path of event.paths) this.#watched.delete(this.treePath(path));
  }
}

/** The real folders in `folder` (not links to folders), as paths; none when it cannot be read. */
function subfolders(folder: string): string[] {
  try {
    return [...Deno.readDirSync(folder)].filter((entry) => entry.isDirectory)
      .map((entry) => join(folder, entry.name));
  } catch {
    return []; // gone or unreadable: nothing in it to watch
  }
}

/** `dev:ino:birth time` of a folder (one made anew under its name mostly differs), or null. */
function identity(path: string): string | null {
  try {
    const info = Deno.lstatSync(path);
    return info.isDirectory ? `${info.dev}:${info.ino}:${info.birthtime?.getTime() ?? ""}` : null;
  } catch {
    return null;
  }
}

/** `path` absolute, with the links of the part of it that exists resolved. */
function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return Deno.realPathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(canonical(parent), basename(absolute));
  }
}
