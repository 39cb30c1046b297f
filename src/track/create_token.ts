/**
 * Writing a new CANARY token line: canonical field order, every free-text
 * value quoted, in the comment syntax of the file it is meant for. The line is
 * parsed back with the project's own parser before it is returned, so what is
 * printed always reads back as the fields asked for.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { parseTokenLine } from "../tokens/parse.ts";
import { canonicalAspect, isStatus, type Status } from "../tokens/token.ts";
import { nearestAspect } from "../tokens/values.ts";

/** The fields of a token to create; absent optional fields are left out of the line. */
export interface NewToken {
  reqId: string;
  feature: string;
  aspect: string;
  status: string;
  tests?: readonly string[];
  benches?: readonly string[];
  owner?: string;
  priority?: number;
  /** UPDATED, as YYYY-MM-DD. */
  updated: string;
}

/** A created token line and the parser's warnings about it (such as a custom aspect). */
export interface CreatedToken {
  line: string;
  warnings: string[];
}

/** How a comment is written in one kind of file. */
interface CommentSyntax {
  open: string;
  close: string;
  /** Text no value may hold: it would end the comment early, or break the file. */
  forbidden: readonly string[];
}

const SLASHES: CommentSyntax = { open: "//", close: "", forbidden: [] };
const HASH: CommentSyntax = { open: "#", close: "", forbidden: [] };
const DASHES: CommentSyntax = { open: "--", close: "", forbidden: [] };
// HTML ends a comment at `-->` or `--!>`; XML forbids `--` anywhere inside one.
const MARKUP: CommentSyntax = { open: "<!--", close: " -->", forbidden: ["-->", "--!>"] };
const XML: CommentSyntax = { ...MARKUP, forbidden: ["--"] };
const BLOCK: CommentSyntax = { open: "/*", close: " */", forbidden: ["*/"] };

/** File extensions (lower case, with the dot) whose comments are not `//`. */
const SYNTAX_BY_EXTENSION: Readonly<Record<string, CommentSyntax>> = {
  ".py": HASH,
  ".rb": HASH,
  ".sh": HASH,
  ".bash": HASH,
  ".zsh": HASH,
  ".yaml": HASH,
  ".yml": HASH,
  ".toml": HASH,
  ".r": HASH,
  ".pl": HASH,
  ".ps1": HASH,
  ".psm1": HASH,
  ".tf": HASH,
  ".hcl": HASH,
  ".cmake": HASH,
  ".ex": HASH,
  ".exs": HASH,
  ".jl": HASH,
  ".nim": HASH,
  ".cr": HASH,
  ".mk": HASH,
  ".ini": HASH,
  ".cfg": HASH,
  ".conf": HASH,
  ".env": HASH,
  ".properties": HASH,
  ".dockerfile": HASH,
  ".tcl": HASH,
  ".css": BLOCK,
  ".scss": BLOCK,
  ".less": BLOCK,
  ".vue": MARKUP,
  ".svelte": MARKUP,
  ".htm": MARKUP,
  ".svg": XML,
  ".xhtml": XML,
  ".sql": DASHES,
  ".lua": DASHES,
  ".hs": DASHES,
  ".md": MARKUP,
  ".html": MARKUP,
  ".xml": XML,
};

/** Whole file names (lower case) whose comments are not `//`, whatever their extension. */
const SYNTAX_BY_NAME: Readonly<Record<string, CommentSyntax>> = {
  "dockerfile": HASH,
  "containerfile": HASH,
  "makefile": HASH,
  "gnumakefile": HASH,
  "cmakelists.txt": HASH,
  "gemfile": HASH,
  "rakefile": HASH,
  "vagrantfile": HASH,
  ".env": HASH,
  ".gitignore": HASH,
  ".canaryignore": HASH,
};

/**
 * The comment syntax for a file name: by whole name (`Dockerfile`, `Makefile`), then by
 * extension, `//` when unknown or absent.
 */
export function commentSyntaxFor(fileName: string | undefined): CommentSyntax {
  if (fileName === undefined) return SLASHES;
  const base = fileName.replace(/^.*[\\/]/, "").toLowerCase();
  const named = SYNTAX_BY_NAME[base];
  if (named !== undefined) return named;
  const dot = base.lastIndexOf(".");
  if (dot <= 0) return SLASHES;
  return SYNTAX_BY_EXTENSION[base.slice(dot)] ?? SLASHES;
}

/** A value in double quotes; `\` and `"` are escaped the way the parser reads them back. */
export function quoteValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function refuse(what: string, value: string, why: string): never {
  throw new UsageError(`cannot write ${what} ${JSON.stringify(value)} into a token: ${why}`);
}

// A token is one line, and the parser trims values: such text cannot come back as written.
function checkText(what: string, value: string): void {
  if (/[\r\n\u2028\u2029\u0085]/.test(value)) refuse(what, value, "it spans lines");
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(value)) {
    refuse(what, value, "it holds a control character");
  }
  if (value !== value.trim()) refuse(what, value, "it starts or ends with whitespace");
}

/** Refuses a value that holds text the comment it is written in cannot carry. */
function checkComment(token: NewToken, syntax: CommentSyntax): void {
  const values: [string, string][] = [
    ["REQ", token.reqId],
    ["FEATURE", token.feature],
    ["OWNER", token.owner ?? ""],
    ...(token.tests ?? []).map((name): [string, string] => ["TEST", name]),
    ...(token.benches ?? []).map((name): [string, string] => ["BENCH", name]),
  ];
  for (const [what, value] of values) {
    const bad = syntax.forbidden.find((text) => value.includes(text));
    if (bad !== undefined) {
      refuse(what, value, `'${bad}' cannot stand in a ${syntax.open} …${syntax.close} comment`);
    }
  }
}

function checkList(what: string, names: readonly string[]): void {
  for (const name of names) {
    checkText(what, name);
    if (name === "" || name.includes(",")) refuse(what, name, "names are non-empty, without ','");
  }
}

/** The fields as `KEY=VALUE` pairs, in canonical order. */
function fieldPairs(token: NewToken, status: Status, aspect: string): string[] {
  const pairs = [
    `REQ=${token.reqId}`,
    `FEATURE=${quoteValue(token.feature)}`,
    `ASPECT=${aspect}`,
    `STATUS=${status}`,
  ];
  if (token.tests?.length) pairs.push(`TEST=${quoteValue(token.tests.join(","))}`);
  if (token.benches?.length) pairs.push(`BENCH=${quoteValue(token.benches.join(","))}`);
  if (token.owner !== undefined && token.owner !== "") {
    pairs.push(`OWNER=${quoteValue(token.owner)}`);
  }
  if (token.priority !== undefined) pairs.push(`PRIORITY=${token.priority}`);
  pairs.push(`UPDATED=${token.updated}`);
  return pairs;
}

function validated(token: NewToken): { status: Status; aspect: string } {
  const status = token.status.trim().toUpperCase();
  if (!isStatus(status)) refuse("STATUS", token.status, "not a known status");
  checkText("FEATURE", token.feature);
  if (token.feature === "") refuse("FEATURE", token.feature, "it is empty");
  checkText("OWNER", token.owner ?? "");
  checkList("TEST", token.tests ?? []);
  checkList("BENCH", token.benches ?? []);
  const aspect = canonicalAspect(token.aspect) ?? token.aspect;
  // An unquoted value: it must be one word that no comment closer or separator can cut.
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(aspect)) {
    const nearest = nearestAspect(aspect);
    refuse(
      "ASPECT",
      token.aspect,
      `expected a word${nearest ? ` (did you mean ${nearest}?)` : ""}`,
    );
  }
  return { status, aspect };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The token line for `token` in the comment syntax of `forFile`. Throws a
 * {@link UsageError} for anything the token grammar cannot carry (a line
 * break, an invalid id or date, a placeholder), naming the parser's reasons.
 */
export function createToken(token: NewToken, forFile?: string): CreatedToken {
  const { status, aspect } = validated(token);
  const syntax = commentSyntaxFor(forFile);
  checkComment(token, syntax);
  const line = `${syntax.open} CANARY: ${
    fieldPairs(token, status, aspect).join("; ")
  }${syntax.close}`;
  const parsed = parseTokenLine(line);
  const errors = parsed?.issues.filter((i) => i.severity === "error").map((i) => i.reason) ?? [];
  const back = parsed?.token;
  if (!back) throw new UsageError(`cannot create this token: ${errors.join("; ") || "unreadable"}`);
  const same = back.reqId === token.reqId &&
    back.feature === token.feature && back.aspect === aspect &&
    back.declaredStatus === status && sameList(back.tests, token.tests ?? []) &&
    sameList(back.benches, token.benches ?? []) && back.owner === (token.owner ?? "") &&
    back.priority === (token.priority ?? null) && back.updated === token.updated;
  if (!same) throw new UsageError("cannot create this token: it would not read back as given");
  return { line, warnings: parsed.issues.map((i) => i.reason) };
}
