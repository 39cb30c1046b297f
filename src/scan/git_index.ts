/**
 * What git's index knows of a work tree's tracked files, and whether they still match it. Each
 * entry holds the size, modification time and change time git last saw; `git diff-files` stats
 * every tracked file (in native code, on all cores) and names those that no longer match. git may
 * compare whole seconds only (Debian's git 2.39 does), so an entry vouches for a file only to the
 * second. The index file ends with a checksum of its contents: while it is the same, so is every
 * entry.
 *
 * Any doubt (git missing or warning, an index that is split, sparse, of another format or hash, an
 * entry git does not compare with the disk) gives null. Names are compared as bytes, never
 * decoded: one that is not UTF-8 matches no path.
 *
 * @module
 */
import { GIT_ENV, runGit } from "../git.ts";
import { join } from "../path.ts";

/** One entry as git's index records it. */
export interface GitIndexEntry {
  /** False for a link or a submodule. */
  plainFile: boolean;
  /** Modulo 2^32, as the index keeps it. */
  size: number;
  mtimeMs: number;
  ctimeSeconds: number;
}

/**
 * A parsed index: where each entry starts, and the checksum that ends the file (hex). Entries are
 * sorted by the bytes of their names, which is the code point order canary sorts paths in, so
 * files are matched with entries in one pass, without decoding a name or building a map (which
 * cost most of a parse of 50,000 entries).
 */
export class GitIndex {
  /** The checksum that ends the index file, hex. */
  readonly checksum: string;
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  /** Where each entry starts, in the index's order. */
  readonly #starts: Int32Array;
  /** Where each entry's name ends. */
  readonly #nameEnds: Int32Array;

  constructor(bytes: Uint8Array, starts: Int32Array, nameEnds: Int32Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#starts = starts;
    this.#nameEnds = nameEnds;
    this.checksum = bytes.subarray(bytes.length - HASH_BYTES).toHex();
  }

  /**
   * The paths of those of `files` (given in code point order of their paths) that are not plain
   * files of the index whose entry satisfies `holds`; null as soon as there are more than `limit`.
   */
  unmatched<T extends { path: string }>(
    files: readonly T[],
    holds: (file: T, entry: GitIndexEntry) => boolean,
    limit: number,
  ): string[] | null {
    const unmatched: string[] = [];
    let at = 0;
    for (const file of files) {
      let order = -1;
      while (at < this.#starts.length && (order = this.#compareName(at, file.path)) < 0) at++;
      if (order === 0 && holds(file, this.#entry(at))) continue;
      if (unmatched.push(file.path) > limit) return null;
    }
    return unmatched;
  }

  #entry(place: number): GitIndexEntry {
    const view = this.#view;
    const at = this.#starts[place];
    return {
      plainFile: view.getUint32(at + 24) >>> 12 === 0o10,
      size: view.getUint32(at + 36),
      mtimeMs: view.getUint32(at + 8) * 1000 + Math.floor(view.getUint32(at + 12) / 1e6),
      ctimeSeconds: view.getUint32(at),
    };
  }

  /** The order of entry `place`'s name against `path`, as bytes of UTF-8: negative if before. */
  #compareName(place: number, path: string): number {
    const bytes = this.#bytes;
    const start = this.#starts[place] + FIXED;
    const length = this.#nameEnds[place] - start;
    const shorter = Math.min(length, path.length);
    for (let i = 0; i < shorter; i++) {
      const unit = path.charCodeAt(i);
      if (unit >= 0x80) {
        return compareBytes(bytes.subarray(start + i, start + length), path.slice(i));
      }
      if (bytes[start + i] !== unit) return bytes[start + i] - unit;
    }
    return length - path.length;
  }
}

const UTF8 = new TextEncoder();

/** The order of `bytes` against the UTF-8 encoding of `text`. */
function compareBytes(bytes: Uint8Array, text: string): number {
  const other = UTF8.encode(text);
  const shorter = Math.min(bytes.length, other.length);
  for (let i = 0; i < shorter; i++) {
    if (bytes[i] !== other[i]) return bytes[i] - other[i];
  }
  return bytes.length - other.length;
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
export async function changedTrackedFiles(root: string): Promise<ReadonlySet<string> | null> {
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
  const starts = new Int32Array(count);
  const nameEnds = new Int32Array(count);
  let at = 12;
  for (let place = 0; place < count; place++) {
    // Assume-unchanged, extended flags (skip-worktree) or a merge stage: not compared with disk.
    if (at + FIXED > bytes.length || (view.getUint16(at + FIXED - 2) & 0xf000) !== 0) return null;
    const nameEnd = bytes.indexOf(0, at + FIXED);
    if (nameEnd < 0) return null;
    starts[place] = at;
    nameEnds[place] = nameEnd;
    at += (nameEnd - at + 8) & ~7;
  }
  if (entriesElsewhere(bytes, view, at)) return null;
  return new GitIndex(bytes, starts, nameEnds);
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
