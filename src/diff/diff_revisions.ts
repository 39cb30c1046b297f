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
  ScanError,
  type ScannedFile,
  scanTreeParallel,
} from "../scan/mod.ts";
import { CanaryError } from "../errors.ts";
import { type Diagnostic, parseTokens } from "../tokens/mod.ts";
import { BlobReader } from "./blob_reader.ts";
import { GitRepository, type TreeEntry } from "./git_repository.ts";
import { revisionFiles, type RevisionSkipReason, ruleFileOids } from "./revision_files.ts";
import { type PlacedToken, type TokenChange, tokenChanges } from "./token_changes.ts";

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

/**
 * Compares the tokens of two revisions.
 *
 * @throws {CanaryError} exit 2 outside a git work tree or for a revision git does not know.
 */
export async function diffRevisions(options: DiffOptions): Promise<RevisionDiff> {
  const repository = await GitRepository.open(options.root);
  const fromCommit = await repository.resolveCommit(options.from);
  const toCommit = options.to === undefined ? null : await repository.resolveCommit(options.to);
  await using reader = new BlobReader(options.root);
  const from = await readRevision(repository, reader, fromCommit);
  const fromByPath = new Map(from.files.map((file) => [file.path, file]));
  let before: SideTokens, after: SideTokens, compared: number;
  if (toCommit === null) {
    const scan = await scanWorkTree(options);
    const changed = await repository.changedInWorkTree(fromCommit);
    const toByPath = new Map(scan.files.map((file) => [file.path, file]));
    const differs = (path: string) =>
      changed.has(path) || !fromByPath.has(path) || !toByPath.has(path);
    const fromFiles = from.files.filter((file) => differs(file.path));
    const toFiles = scan.files.filter((file) => differs(file.path));
    before = await parseBlobs(reader, fromFiles, "from", options.strict);
    after = workTreeTokens(toFiles, scan.diagnostics);
    compared = new Set([...fromFiles, ...toFiles].map((file) => file.path)).size;
  } else {
    const to = await readRevision(repository, reader, toCommit);
    const toByPath = new Map(to.files.map((file) => [file.path, file]));
    const fromFiles = from.files.filter((file) => toByPath.get(file.path)?.oid !== file.oid);
    const toFiles = to.files.filter((file) => fromByPath.get(file.path)?.oid !== file.oid);
    before = await parseBlobs(reader, fromFiles, "from", options.strict);
    after = await parseBlobs(reader, toFiles, "to", options.strict);
    after.skipped.push(...to.skipped.map((skip) => ({ side: "to" as const, ...skip })));
    compared = new Set([...fromFiles, ...toFiles].map((file) => file.path)).size;
  }
  const skipped = from.skipped.map((skip) => ({ side: "from" as const, ...skip }));
  return {
    from: { revision: options.from, commit: fromCommit },
    to: { revision: options.to ?? null, commit: toCommit },
    changes: tokenChanges(before.tokens, after.tokens),
    diagnostics: after.diagnostics,
    skipped: [...skipped, ...before.skipped, ...after.skipped],
    filesCompared: compared,
  };
}

/** The files of a commit that count, with its rule files read from the object store. */
async function readRevision(repository: GitRepository, reader: BlobReader, commit: string) {
  const entries = await repository.listTree(commit);
  const texts = await reader.read([...new Set(ruleFileOids(entries))]);
  return revisionFiles(entries, texts);
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
function workTreeTokens(files: readonly ScannedFile[], diagnostics: Diagnostic[]): SideTokens {
  const paths = new Set(files.map((file) => file.path));
  return {
    tokens: files.flatMap((file) =>
      file.tokens.map(({ line, token }) => placed(file.path, line, token))
    ),
    diagnostics: diagnostics.filter((d) => paths.has(d.path) && d.line > 0),
    skipped: [],
  };
}

function placed(path: string, line: number, token: Omit<PlacedToken, "path" | "line">) {
  const { reqId, feature, aspect, status } = token;
  return { reqId, feature, aspect, status, path, line };
}

async function scanWorkTree(options: DiffOptions) {
  try {
    // Every file is read, as by a scan: git says which need no reading, and how many there are.
    return await scanTreeParallel(options.root, {
      strict: options.strict,
      prestartWorkers: true,
      askGit: true,
    });
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    throw new CanaryError(error.message, { code: error.code, exitCode: 2, cause: error });
  }
}
