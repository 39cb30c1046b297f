/**
 * What git's index knows of a work tree's tracked files, and whether they still match it. Each
 * entry holds the size, modification time and change time git last saw; `git diff-files` stats
 * every tracked file (in native code, on all cores) and names those that no longer match. git may
 * compare whole seconds only (Debian's git 2.39 does), so an entry vouches for a file only to the
 * second. The index file ends with a checksum of its contents: while it is the same, so is every
 * entry.
 *
 * Any doubt (git missing or warning, an index that is split, sparse, of another format or hash, an
 * entry git does not compare with the disk, a name that is not UTF-8) gives null.
 *
 * @module
 */
import { GIT_ENV, runGit } from "../git.ts";
import { join } from "../path.ts";

/** One tracked plain file as git's index records it. */
export interface GitIndexEntry {
  /** Modulo 2^32, as the index keeps it. */
  size: number;
  mtimeMs: number;
  ctimeSeconds: number;
}

/** The index's plain-file entries by path, and the checksum that ends the file (hex). */
export class GitIndex {
  /** The checksum that ends the index file, hex. */
  readonly checksum: string;
  /** Each path's place in `#stats`: numbers, so that a parse allocates no object per entry. */
  readonly #places: Map<string, number>;
  /** Size, modification time and change time of each entry, three numbers apiece. */
  readonly #stats: Float64Array;

  constructor(checksum: string, places: Map<string, number>, stats: Float64Array) {
    this.checksum = checksum;
    this.#places = places;
    this.#stats = stats;
  }

  /** The paths of the plain files, in the index's order. */
  paths(): string[] {
    return [...this.#places.keys()];
  }

  /** The entry of `path`, if it is a plain file in the index. */
  entry(path: string): GitIndexEntry | undefined {
    const place = this.#places.get(path);
    if (place === undefined) return undefined;
    const at = place * 3;
    const stats = this.#stats;
    return { size: stats[at], mtimeMs: stats[at + 1], ctimeSeconds: stats[at + 2] };
  }
}

/** A SHA-1 checksum's length; repositories with SHA-256 names are not read. */
const HASH_BYTES = 20;

/** An entry's fixed part: ten 32-bit fields, the object name, the flags. */
const FIXED = 40 + HASH_BYTES + 2;

/** Settings that would change what git compares or prints, pinned. */
const GIT_CONFIG = [
  "-c",
  "core.checkStat=default",
  "-c",
  "core.trustctime=true",
  "-c",
  "core.quotePath=false",
];

async function gitText(root: string, args: string[]): Promise<string | null> {
  try {
    const out = await runGit([...GIT_CONFIG, ...args], {
      cwd: root,
      env: { ...GIT_ENV, LC_ALL: "C" },
    });
    if (out.code !== 0 || out.stderr.length > 0) return null;
    return new TextDecoder("utf-8", { fatal: true }).decode(out.stdout);
  } catch {
    return null; // git missing, not allowed to run, or output that is not UTF-8
  }
}

/**
 * The tracked files of the work tree whose top is `root` that no longer match their index entry;
 * null when git cannot say, or `root` is not the top of a work tree with SHA-1 names.
 */
export async function changedTrackedFiles(root: string): Promise<Set<string> | null> {
  const [top, changed] = await Promise.all([
    gitText(root, ["rev-parse", "--is-inside-work-tree", "--show-prefix", "--show-object-format"]),
    gitText(root, ["diff-files", "--name-only", "-z"]),
  ]);
  if (top !== "true\n\nsha1\n" || changed === null) return null;
  return new Set(changed.split("\0").filter((path) => path !== ""));
}

/** The checksum that ends the index file of the work tree at `root` (hex); null without one. */
export function gitIndexChecksum(root: string): string | null {
  try {
    using file = Deno.openSync(join(root, ".git", "index"));
    const size = file.statSync().size;
    if (size < 12 + HASH_BYTES) return null;
    const tail = new Uint8Array(HASH_BYTES);
    file.seekSync(size - HASH_BYTES, Deno.SeekMode.Start);
    return file.readSync(tail) === HASH_BYTES ? tail.toHex() : null;
  } catch {
    return null; // no index yet, .git is a file (a linked work tree), or unreadable
  }
}

/** The index of the work tree at `root`, parsed; null as the module says. */
export function readGitIndex(root: string): GitIndex | null {
  try {
    return parseGitIndex(Deno.readFileSync(join(root, ".git", "index")));
  } catch {
    return null;
  }
}

/** Parses a version 2 or 3 index (see {@linkcode readGitIndex}). */
export function parseGitIndex(bytes: Uint8Array): GitIndex | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 + HASH_BYTES || view.getUint32(0) !== 0x44495243) return null; // "DIRC"
  const version = view.getUint32(4);
  if (version !== 2 && version !== 3) return null;
  const count = view.getUint32(8);
  if (count * FIXED > bytes.length) return null;
  const places = new Map<string, number>();
  const stats = new Float64Array(count * 3);
  let at = 12;
  try {
    for (let left = count; left > 0; left--) {
      // Assume-unchanged, extended flags (skip-worktree) or a merge stage: not compared with disk.
      if (at + FIXED > bytes.length || (view.getUint16(at + FIXED - 2) & 0xf000) !== 0) return null;
      const nameEnd = bytes.indexOf(0, at + FIXED);
      if (nameEnd < 0) return null;
      if (view.getUint32(at + 24) >>> 12 === 0o10) {
        const place = places.size;
        stats[place * 3] = view.getUint32(at + 36);
        stats[place * 3 + 1] = view.getUint32(at + 8) * 1000 +
          Math.floor(view.getUint32(at + 12) / 1e6);
        stats[place * 3 + 2] = view.getUint32(at);
        places.set(entryName(bytes, at + FIXED, nameEnd), place);
      }
      at += (nameEnd - at + 8) & ~7;
    }
  } catch {
    return null; // a name that is not UTF-8
  }
  if (entriesElsewhere(bytes, view, at)) return null;
  return new GitIndex(bytes.subarray(bytes.length - HASH_BYTES).toHex(), places, stats);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
/** Longer names go to the decoder: a spread has a bounded number of arguments. */
const MAX_SPREAD_NAME = 4096;

/**
 * The name in `bytes` from `start` to `end`; throws when it is not UTF-8. Most names are ASCII,
 * which `String.fromCharCode` makes faster than a decoder call per name.
 */
function entryName(bytes: Uint8Array, start: number, end: number): string {
  const name = bytes.subarray(start, end);
  if (name.length > MAX_SPREAD_NAME) return UTF8.decode(name);
  for (let i = 0; i < name.length; i++) {
    if (name[i] >= 0x80) return UTF8.decode(name);
  }
  return String.fromCharCode.apply(null, name as unknown as number[]);
}

/** Whether an extension says some entries live elsewhere (a split or sparse index). */
function entriesElsewhere(bytes: Uint8Array, view: DataView, at: number): boolean {
  const text = new TextDecoder();
  while (at + 8 <= bytes.length - HASH_BYTES) {
    const signature = text.decode(bytes.subarray(at, at + 4));
    if (signature === "link" || signature === "sdir") return true;
    at += 8 + view.getUint32(at + 4);
  }
  return false;
}
