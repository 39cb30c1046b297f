/**
 * Parsing CANARY tokens out of single lines and whole files. Never throws, runs in linear time.
 *
 * @module
 */

import { type FieldScan, scanFields } from "./fields.ts";
import { isSpace, locateMarker } from "./locate.ts";
import { MARKER } from "./marker_escape.ts";
import { quoteForMessage } from "./message.ts";
import { promoteStatus } from "./promote.ts";
import { isPriority, PRIORITY_HIGHEST, PRIORITY_LOWEST } from "./priority.ts";
import {
  canonicalAspect,
  DATE_KEYS,
  isKnownKey,
  isStatus,
  KNOWN_KEYS,
  REQUIRED_KEYS,
  type Status,
  STATUSES,
  type Token,
} from "./token.ts";
import {
  closestMatch,
  isCalendarDate,
  isPlaceholder,
  isReqId,
  isWholePlaceholder,
  nearestAspect,
  normalizeDashes,
} from "./values.ts";

export { promoteStatus };

/** A problem with one token line. Any error means the token was rejected. */
export interface TokenIssue {
  /** `error` rejects the token; `warning` keeps it. */
  severity: "error" | "warning";
  /** Human-readable reason, e.g. `missing required field ASPECT`. */
  reason: string;
}

/** Options for parsing. */
export interface ParseOptions {
  /** Also warn about keys outside `KNOWN_KEYS`. Default false. */
  strict?: boolean;
}

/** What {@linkcode parseTokenLine} found on a line that holds a token marker. */
export interface TokenLineResult {
  /** The token, or null when an error rejected it. */
  token: Token | null;
  /** The line's token text from `CANARY:`, trailing blanks left out; kept when rejected too. */
  raw: string;
  /** Errors and warnings, in the order found. */
  issues: TokenIssue[];
}

/** A token and the 1-based line it was found on. */
export interface LocatedToken {
  /** 1-based line number. */
  line: number;
  /** The parsed token. */
  token: Token;
}

/** A problem found while parsing a file, tied to a path and 1-based line. */
export interface Diagnostic {
  /** The path given to {@linkcode parseTokens}. */
  path: string;
  /** 1-based line number. */
  line: number;
  /** `error` means the token on that line was rejected. */
  severity: "error" | "warning";
  /** Human-readable reasons: every problem of the line's token, `; `-separated. */
  reason: string;
  /** The token text the reasons are about (see `TokenLineResult.raw`); absent for a whole file. */
  token?: string;
}

const STATUS_LIST = STATUSES.join(", ");
const REQ_ID_KEYS: readonly string[] = ["DEPENDS_ON", "BLOCKS", "RELATED_TO"];
// Fields with a validator of their own; any other known key is only checked for placeholders.
const VALIDATED_KEYS: ReadonlySet<string> = new Set([
  "REQ",
  "FEATURE",
  "ASPECT",
  "STATUS",
  "PRIORITY",
  ...DATE_KEYS,
]);

function commaList(value: string): string[] {
  const items: string[] = [];
  for (const item of value.split(",")) {
    const name = item.trim();
    if (name !== "") items.push(name);
  }
  return items;
}

/** Collects a line's issues; each validator reports through it. */
class IssueList {
  readonly issues: TokenIssue[] = [];
  error(reason: string): void {
    this.issues.push({ severity: "error", reason });
  }
  warning(reason: string): void {
    this.issues.push({ severity: "warning", reason });
  }
  placeholder(key: string, value: string): void {
    this.error(`placeholder ${key} ${quoteForMessage(value)} (replace it with a real value)`);
  }
  get rejected(): boolean {
    return this.issues.some((issue) => issue.severity === "error");
  }
}

function didYouMean(suggestion: string | null): string {
  return suggestion === null ? "" : ` (did you mean "${suggestion}"?)`;
}

/**
 * The fields by upper-cased key (the last value of a repeated key wins) and the unknown keys.
 * A repeated key is a warning; an unknown key is one when it looks like a misspelt known key
 * (`OWNR`), and with `strict` always.
 */
function collectFields(scan: FieldScan, strict: boolean, issues: IssueList) {
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const unknownKeys: string[] = [];
  for (const field of scan.fields) {
    const key = field.key.toUpperCase();
    if (seen.has(key)) duplicates.add(key);
    else {
      seen.add(key);
      if (!isKnownKey(key)) unknownKeys.push(key);
    }
    fields[key] = field.value;
  }
  for (const key of duplicates) issues.warning(`duplicate field ${key} (the last value is used)`);
  for (const key of unknownKeys) {
    const suggestion = closestMatch(key, KNOWN_KEYS);
    if (strict || suggestion !== null) {
      issues.warning(`unknown field ${key}${didYouMean(suggestion)}`);
    }
  }
  return { fields, unknownKeys };
}

function checkRequired(fields: Record<string, string>, issues: IssueList): void {
  for (const key of REQUIRED_KEYS) {
    if (!(key in fields)) issues.error(`missing required field ${key}`);
    else if (fields[key] === "") issues.error(`empty value for required field ${key}`);
  }
}

function checkReqId(written: string, issues: IssueList): string {
  const reqId = normalizeDashes(written);
  if (reqId === "") return reqId;
  if (isPlaceholder(reqId)) issues.placeholder("REQ", reqId);
  else if (!isReqId(reqId)) {
    issues.error(
      `invalid REQ ${
        quoteForMessage(reqId)
      } (expected an id like CBIN-129: letter-led segments of letters and digits joined by "-")`,
    );
  }
  return reqId;
}

/** The canonical aspect, and the warning an unknown one earns (given only to a kept token). */
function checkAspect(written: string, issues: IssueList): { aspect: string; warning?: string } {
  if (written === "") return { aspect: written };
  const canonical = canonicalAspect(written);
  if (canonical !== null) return { aspect: canonical };
  if (isPlaceholder(written)) {
    issues.placeholder("ASPECT", written);
    return { aspect: written };
  }
  const suggestion = nearestAspect(written);
  return {
    aspect: written,
    warning: `unknown ASPECT ${quoteForMessage(written)}${didYouMean(suggestion)}`,
  };
}

function checkStatus(written: string, issues: IssueList): Status {
  if (written === "") return "MISSING";
  const upper = written.length <= 16 ? written.toUpperCase() : "";
  if (isStatus(upper)) return upper;
  if (isPlaceholder(written)) issues.placeholder("STATUS", written);
  else {
    const suggestion = closestMatch(written, STATUSES);
    issues.error(
      `invalid STATUS ${quoteForMessage(written)}` +
        (suggestion === null ? ` (expected one of ${STATUS_LIST})` : didYouMean(suggestion)),
    );
  }
  return "MISSING";
}

function checkDates(fields: Record<string, string>, issues: IssueList): Record<string, string> {
  const dates: Record<string, string> = {};
  for (const key of DATE_KEYS) {
    const value = normalizeDashes(fields[key] ?? "");
    dates[key] = value;
    if (value === "") continue;
    if (isPlaceholder(value)) issues.placeholder(key, value);
    else if (!isCalendarDate(value)) {
      const shape = /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? "no such calendar date"
        : "expected a date as YYYY-MM-DD";
      issues.error(`invalid ${key} ${quoteForMessage(value)} (${shape})`);
    }
  }
  return dates;
}

function checkPriority(written: string, issues: IssueList): number | null {
  if (written === "") return null;
  const number = /^\d{1,3}$/.test(written) ? Number(written) : NaN;
  if (isPriority(number)) return number;
  if (isPlaceholder(written)) issues.placeholder("PRIORITY", written);
  else {
    issues.error(
      `invalid PRIORITY ${
        quoteForMessage(written)
      } (expected an integer from ${PRIORITY_HIGHEST} to ${PRIORITY_LOWEST})`,
    );
  }
  return null;
}

function checkOtherPlaceholders(fields: Record<string, string>, issues: IssueList): void {
  for (const [key, value] of Object.entries(fields)) {
    if (!VALIDATED_KEYS.has(key) && isKnownKey(key) && isWholePlaceholder(value)) {
      issues.placeholder(key, value);
    }
  }
}

/**
 * Parses the CANARY token on one line of text (without its line break; a trailing `\r` and a
 * leading BOM are ignored).
 *
 * Returns null when the line holds no token: no `CANARY:` in a recognised position (see
 * `locateMarker` for the exact rule: line start, after a comment opener at line start, or after
 * a trailing-comment opener outside strings), or a recognised marker followed by no `KEY=VALUE`
 * field at all (prose such as `# CANARY: how tokens work`). Only the first recognised marker on
 * a line counts.
 *
 * Otherwise returns the token and its issues; `token` is null exactly when an issue is an error.
 * Syntax errors (unterminated quote, field without `=`, empty or invalid key, text after a
 * quoted value, a NUL byte) are reported alone, since checking the fields of a garbled line only adds noise.
 * Otherwise every field problem is reported: missing or empty REQ/FEATURE/ASPECT/STATUS,
 * placeholders (`CBIN-###`, `<req>`, `YYYY-MM-DD`), an invalid REQ id, STATUS (with the status
 * meant, when close), date or PRIORITY are errors; a repeated key (the last value wins), an
 * unknown key that is close to a known one (and with `strict` any unknown key) are warnings, and
 * so is an unknown ASPECT (with the aspect meant, when close) on a token that is kept. Empty
 * optional fields count as absent.
 */
export function parseTokenLine(line: string, options: ParseOptions = {}): TokenLineResult | null {
  const location = locateMarker(line);
  if (location === null) return null;
  const scan = scanFields(line, location.markerStart + MARKER.length, location);
  if (!scan.sawEquals) return null;

  let rawEnd = scan.end;
  while (rawEnd > location.markerStart && isSpace(line.charCodeAt(rawEnd - 1))) rawEnd--;
  const raw = line.slice(location.markerStart, rawEnd);
  const issues = new IssueList();
  const { fields, unknownKeys } = collectFields(scan, options.strict ?? false, issues);
  // SQLite's text ends at a NUL, so the index would keep a value cut short where `scan` and
  // `diff` see it whole: such a token is refused everywhere alike.
  const nul = line.indexOf("\0", location.markerStart);
  if (nul >= 0 && nul < scan.end) scan.errors.push("a NUL byte in the token");
  if (scan.errors.length > 0) {
    for (const reason of scan.errors) issues.error(reason);
    return { token: null, raw, issues: issues.issues };
  }
  checkRequired(fields, issues);
  const reqId = checkReqId(fields.REQ ?? "", issues);
  const feature = fields.FEATURE ?? "";
  if (feature !== "" && isWholePlaceholder(feature)) issues.placeholder("FEATURE", feature);
  const aspect = checkAspect(fields.ASPECT ?? "", issues);
  const declaredStatus = checkStatus(fields.STATUS ?? "", issues);
  const dates = checkDates(fields, issues);
  const priority = checkPriority(fields.PRIORITY ?? "", issues);
  checkOtherPlaceholders(fields, issues);
  // A rejected token's unknown aspect is noise beside the reason it was rejected.
  if (issues.rejected) return { token: null, raw, issues: issues.issues };
  if (aspect.warning !== undefined) issues.warning(aspect.warning);

  return {
    token: buildToken(fields, {
      reqId,
      aspect: aspect.aspect,
      declaredStatus,
      priority,
      dates,
      unknownKeys,
      raw,
    }),
    raw,
    issues: issues.issues,
  };
}

/** What the validators made of a kept token's checked fields. */
interface CheckedFields {
  reqId: string;
  aspect: string;
  declaredStatus: Status;
  priority: number | null;
  dates: Record<string, string>;
  unknownKeys: string[];
  raw: string;
}

function buildToken(fields: Record<string, string>, checked: CheckedFields): Token {
  const tests = commaList(fields.TEST ?? "");
  const benches = commaList(fields.BENCH ?? "");
  const [dependsOn, blocks, relatedTo] = REQ_ID_KEYS.map((key) =>
    normalizeDashes(fields[key] ?? "")
  );
  const { dates } = checked;
  return {
    reqId: checked.reqId,
    feature: fields.FEATURE ?? "",
    aspect: checked.aspect,
    status: promoteStatus(checked.declaredStatus, tests, benches),
    declaredStatus: checked.declaredStatus,
    tests,
    benches,
    owner: fields.OWNER ?? "",
    updated: dates.UPDATED,
    priority: checked.priority,
    phase: fields.PHASE ?? "",
    keywords: fields.KEYWORDS ?? "",
    specStatus: fields.SPEC_STATUS ?? "",
    created: dates.CREATED,
    started: dates.STARTED,
    completed: dates.COMPLETED,
    dependsOn,
    blocks,
    relatedTo,
    doc: fields.DOC ?? "",
    docHash: fields.DOC_HASH ?? "",
    docType: fields.DOC_TYPE ?? "",
    fields,
    unknownKeys: checked.unknownKeys,
    raw: checked.raw,
  };
}

/**
 * Finds every token in a file's text. Only lines containing `CANARY:` are looked at (found with
 * `indexOf` over the whole text, so the file is never split into lines); each is parsed with
 * {@linkcode parseTokenLine}. A line ends at LF, CRLF or a lone CR (old Mac endings), each one
 * line break for the line numbers; a BOM starting the text is ignored. A line's issues become
 * one diagnostic carrying `path`, the 1-based line number and every reason, `; `-separated: an
 * error when the token was rejected, else a warning.
 */
export function parseTokens(
  text: string,
  path: string,
  options: ParseOptions = {},
): { tokens: LocatedToken[]; diagnostics: Diagnostic[] } {
  const tokens: LocatedToken[] = [];
  const diagnostics: Diagnostic[] = [];
  let lines: LineCounter | undefined;
  let searchFrom = 0;
  for (;;) {
    const at = text.indexOf(MARKER, searchFrom);
    if (at === -1) break;
    lines ??= new LineCounter(text);
    lines.advanceTo(at);
    const lineEnd = lines.nextBreak();
    const lineNumber = lines.line;
    const result = parseTokenLine(text.slice(lines.lineStart, lineEnd), options);
    if (result !== null) {
      if (result.token !== null) tokens.push({ line: lineNumber, token: result.token });
      if (result.issues.length > 0) {
        diagnostics.push({
          path,
          line: lineNumber,
          severity: result.token === null ? "error" : "warning",
          reason: result.issues.map((issue) => issue.reason).join("; "),
          token: result.raw,
        });
      }
    }
    searchFrom = lineEnd + 1;
  }
  return { tokens, diagnostics };
}

/**
 * Walks a text's line breaks (LF, CRLF, lone CR) forwards, each visited once: the next LF and
 * the next CR are cached, so a text with only one kind of break is never searched twice for the
 * other.
 */
class LineCounter {
  readonly #text: string;
  #nextLf: number;
  #nextCr: number;
  /** 1-based number of the line holding the last position advanced to. */
  line = 1;
  /** Where that line begins. */
  lineStart = 0;

  constructor(text: string) {
    this.#text = text;
    this.#nextLf = text.indexOf("\n");
    this.#nextCr = text.indexOf("\r");
  }

  /** The next break at or after the current line's start, or the text's length. */
  nextBreak(): number {
    const lf = this.#nextLf === -1 ? this.#text.length : this.#nextLf;
    const cr = this.#nextCr === -1 ? this.#text.length : this.#nextCr;
    return Math.min(lf, cr);
  }

  /** Counts the breaks before `target`, which must not decrease between calls. */
  advanceTo(target: number): void {
    const text = this.#text;
    for (let at = this.nextBreak(); at < target; at = this.nextBreak()) {
      this.line++;
      if (at === this.#nextCr) {
        this.#nextCr = text.indexOf("\r", at + 1);
        if (this.#nextLf === at + 1) {
          this.#nextLf = text.indexOf("\n", at + 2);
          this.lineStart = at + 2;
          continue;
        }
      } else {
        this.#nextLf = text.indexOf("\n", at + 1);
      }
      this.lineStart = at + 1;
    }
  }
}

/** The lines of `text` and the break after each (`"\n"`, `"\r\n"`, `"\r"`, or "" at the end). */
export function splitLines(text: string): { lines: string[]; breaks: string[] } {
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines: string[] = [];
  const breaks: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i]);
    breaks.push(parts[i + 1] ?? "");
  }
  return { lines, breaks };
}

/**
 * `path:line: rejected: reasons` for a rejected token, `path:line: warning: reasons` otherwise.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const prefix = d.severity === "warning" ? "warning: " : "rejected: ";
  return `${d.path}:${d.line}: ${prefix}${d.reason}`;
}
