/**
 * `canary diff`: the token changes between two git revisions, or a revision and the work tree.
 * Revisions are read from git's object store; only files that differ between the two sides are
 * parsed, since the tokens of an unchanged file are the same on both.
 *
 * @module
 */
import {
  classifySource,
  DEFAULT_MAX_FILE_SIZE,
  type ScannedFile,
  sortByCodePoints,
} from "../scan/mod.ts";
import { type Diagnostic, parseTokens } from "../tokens/mod.ts";
import { BlobReader } from "./blob_reader.ts";
import { GitRepository, type TreeEntry } from "./git_repository.ts";
import {
  type RevisionFiles,
  revisionFiles,
  type RevisionSkipReason,
  ruleFileOids,
} from "./revision_files.ts";
import { type PlacedToken, type TokenChange, tokenChanges } from "./token_changes.ts";
import { isSymlink, readWorkTree } from "./work_tree_side.ts";

/** What to compare. */
export interface DiffOptions {
  /** A folder inside the work tree; paths are relative to it. */
  root: string;
  /** The revision before. */
  from: string;
  /** The revision after; the work tree when absent. */
  to?: string;
  /** Also warn about unknown token keys. */
  strict?: boolean;
}

/** One side of a diff: the revision as given and its commit; both null for the work tree. */
export interface DiffSide {
  revision: string | null;
  commit: string | null;
}

/** A path of one side that was counted but not read. */
export interface DiffSkip {
  side: "from" | "to";
  path: string;
  reason: RevisionSkipReason;
}

/** What {@linkcode diffRevisions} found. */
export interface RevisionDiff {
  from: DiffSide;
  to: DiffSide;
  changes: TokenChange[];
  /** Token diagnostics in the files of the `to` side that differ from `from`. */
  diagnostics: Diagnostic[];
  /** Paths of either side that differ and were not read. */
  skipped: DiffSkip[];
  /** Files that differ between the sides (and so were parsed). */
  filesCompared: number;
}

/** The tokens and diagnostics of one side's differing files. */
interface SideTokens {
  tokens: PlacedToken[];
  diagnostics: Diagnostic[];
  skipped: DiffSkip[];
}

/** Both sides' differing files, read, and how many paths they are. */
interface ComparedSides {
  before: SideTokens;
  after: SideTokens;
  compared: number;
}

/** A revision's files that count, and the blob of each path it counts (files, links, …). */
interface Revision extends RevisionFiles {
  entries: TreeEntry[];
  kept: Map<string, string>;
}

/** Skips of paths that are files all the same: a revision reads them, then skips them. */
const FILE_SKIPS: ReadonlySet<RevisionSkipReason> = new Set([
  "binary",
  "too_large",
  "canary_report",
]);

/**
 * Compares the tokens of two revisions.
 *
 * @throws {CanaryError} exit 2 outside a git work tree, or for a revision git does not know or
 * that names no commit.
 */
export async function diffRevisions(options: DiffOptions): Promise<RevisionDiff> {
  const repository = await GitRepository.open(options.root);
  const fromCommit = await repository.resolveCommit(options.from);
  const toCommit = options.to === undefined ? null : await repository.resolveCommit(options.to);
  await using reader = new BlobReader(options.root);
  const from = await readRevision(repository, reader, fromCommit);
  const sides = toCommit === null
    ? await againstWorkTree(repository, reader, fromCommit, from, options)
    : await againstRevision(repository, reader, from, toCommit, options);
  return {
    from: { revision: options.from, commit: fromCommit },
    to: { revision: options.to ?? null, commit: toCommit },
    changes: tokenChanges(sides.before.tokens, sides.after.tokens),
    diagnostics: sides.after.diagnostics,
    skipped: [...sides.before.skipped, ...sides.after.skipped],
    filesCompared: sides.compared,
  };
}

/** Reads the files of two revisions that differ: a path differs when its blobs do. */
async function againstRevision(
  repository: GitRepository,
  reader: BlobReader,
  from: Revision,
  toCommit: string,
  options: DiffOptions,
): Promise<ComparedSides> {
  const to = await readRevision(repository, reader, toCommit);
  const differs = (path: string) => from.kept.get(path) !== to.kept.get(path);
  const fromFiles = from.files.filter((file) => differs(file.path));
  const toFiles = to.files.filter((file) => differs(file.path));
  const before = await parseBlobs(reader, fromFiles, "from", options.strict);
  const after = await parseBlobs(reader, toFiles, "to", options.strict);
  before.skipped.unshift(...sideSkips(from.skipped, differs, "from"));
  after.skipped.push(...sideSkips(to.skipped, differs, "to"));
  return { before, after, compared: pathCount(fromFiles, toFiles) };
}

/**
 * Reads the files of a revision and the work tree that differ: a path differs when git says so,
 * or when only one side counts it (a rule of one side leaves it out, or it is untracked).
 */
async function againstWorkTree(
  repository: GitRepository,
  reader: BlobReader,
  commit: string,
  from: Revision,
  options: DiffOptions,
): Promise<ComparedSides> {
  const keptAtCommit = new Set(from.kept.keys());
  const work = await readWorkTree(repository, commit, from.entries, keptAtCommit, options);
  const keptInWorkTree = new Set([...work.files, ...work.skipped].map((entry) => entry.path));
  const differs = (path: string) =>
    work.changed.has(path) || !keptAtCommit.has(path) || !keptInWorkTree.has(path);
  const fromFiles = from.files.filter((file) => differs(file.path));
  const before = await parseBlobs(reader, fromFiles, "from", options.strict);
  before.skipped.unshift(...sideSkips(from.skipped, differs, "from"));
  // A link is never read, as at a revision: one the scan read leaves the root.
  const [links, toFiles] = partition(
    work.files.filter((file) => differs(file.path)),
    (file) => isSymlink(options.root, file.path),
  );
  const toSkipped = [
    ...work.skipped,
    ...links.map((file) => ({ path: file.path, reason: "broken_symlink" as const })),
  ];
  sortByCodePoints(toSkipped, (skip) => skip.path);
  const after = workTreeTokens(toFiles, work.diagnostics, sideSkips(toSkipped, differs, "to"));
  const fileSkips = after.skipped.filter((skip) => FILE_SKIPS.has(skip.reason));
  return { before, after, compared: pathCount(fromFiles, toFiles, fileSkips) };
}

/** The skips of paths that differ, as one side's. */
function sideSkips(
  skipped: RevisionFiles["skipped"],
  differs: (path: string) => boolean,
  side: DiffSkip["side"],
): DiffSkip[] {
  return skipped.filter((skip) => differs(skip.path)).map((skip) => ({ side, ...skip }));
}

/** The number of distinct paths among lists of files. */
function pathCount(...lists: (readonly { path: string }[])[]): number {
  return new Set(lists.flat().map((file) => file.path)).size;
}

/** The items that pass `test`, then those that do not. */
function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [], no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}

/** The files of a commit that count, with its rule files read from the object store. */
async function readRevision(
  repository: GitRepository,
  reader: BlobReader,
  commit: string,
): Promise<Revision> {
  const entries = await repository.listTree(commit);
  const texts = await reader.read([...new Set(ruleFileOids(entries))]);
  const revision = revisionFiles(entries, texts);
  const oids = new Map(entries.map((entry) => [entry.path, entry.oid]));
  const kept = new Map(
    [...revision.files, ...revision.skipped].map((e) => [e.path, oids.get(e.path)!]),
  );
  return { ...revision, entries, kept };
}

/** Reads and parses the blobs of `files`, as `index` reads a file from disk. */
async function parseBlobs(
  reader: BlobReader,
  files: readonly TreeEntry[],
  side: "from" | "to",
  strict = false,
): Promise<SideTokens> {
  const blobs = await reader.read([...new Set(files.map((file) => file.oid))]);
  const result: SideTokens = { tokens: [], diagnostics: [], skipped: [] };
  for (const { path, oid } of files) {
    const bytes = blobs.get(oid)!;
    if (bytes.length > DEFAULT_MAX_FILE_SIZE) {
      result.skipped.push({ side, path, reason: "too_large" });
      continue;
    }
    const source = classifySource(bytes);
    if (source.kind === "binary") result.skipped.push({ side, path, reason: "binary" });
    else if (source.kind === "report") result.skipped.push({ side, path, reason: "canary_report" });
    else if (source.text !== null) {
      const parsed = parseTokens(source.text, path, { strict });
      result.diagnostics.push(...parsed.diagnostics);
      for (const { line, token } of parsed.tokens) result.tokens.push(placed(path, line, token));
    }
  }
  return result;
}

/** The tokens of the work tree's differing files, from the scan. */
function workTreeTokens(
  files: readonly ScannedFile[],
  diagnostics: readonly Diagnostic[],
  skipped: DiffSkip[],
): SideTokens {
  const paths = new Set(files.map((file) => file.path));
  return {
    tokens: files.flatMap((file) =>
      file.tokens.map(({ line, token }) => placed(file.path, line, token))
    ),
    diagnostics: diagnostics.filter((d) => paths.has(d.path) && d.line > 0),
    skipped,
  };
}

function placed(path: string, line: number, token: Omit<PlacedToken, "path" | "line">) {
  const { reqId, feature, aspect, status } = token;
  return { reqId, feature, aspect, status, path, line };
}
