/**
 * Parsing CANARY tokens out of single lines and whole files. Never throws, runs in linear time.
 *
 * @module
 */

import { scanFields } from "./fields.ts";
import { isSpace, locateMarker, MARKER } from "./locate.ts";
import { quoteForMessage } from "./message.ts";
import { promoteStatus } from "./promote.ts";
import {
  canonicalAspect,
  DATE_KEYS,
  isKnownKey,
  isStatus,
  REQUIRED_KEYS,
  type Status,
  STATUSES,
  type Token,
} from "./token.ts";
import {
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
  /** Human-readable reason. */
  reason: string;
}

const STATUS_LIST = STATUSES.join(", ");
const REQ_ID_KEYS: readonly string[] = ["DEPENDS_ON", "BLOCKS", "RELATED_TO"];

function commaList(value: string): string[] {
  const items: string[] = [];
  for (const item of value.split(",")) {
    const name = item.trim();
    if (name !== "") items.push(name);
  }
  return items;
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
 * quoted value) are reported alone, since checking the fields of a garbled line only adds noise.
 * Otherwise every field problem is reported: missing or empty REQ/FEATURE/ASPECT/STATUS,
 * placeholders (`CBIN-###`, `<req>`, `YYYY-MM-DD`), an invalid REQ id, STATUS, date or PRIORITY
 * are errors; a repeated key (the last value wins), an unknown ASPECT (with the nearest known
 * one) and, with `strict`, an unknown key are warnings. Empty optional fields count as absent.
 */
export function parseTokenLine(line: string, options: ParseOptions = {}): TokenLineResult | null {
  const location = locateMarker(line);
  if (location === null) return null;
  const scan = scanFields(line, location.markerStart + MARKER.length, location);
  if (!scan.sawEquals) return null;

  const issues: TokenIssue[] = [];
  const error = (reason: string) => issues.push({ severity: "error", reason });
  const warning = (reason: string) => issues.push({ severity: "warning", reason });

  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const unknownKeys: string[] = [];
  for (const field of scan.fields) {
    const key = field.key.toUpperCase();
    if (seen.has(key)) {
      duplicates.add(key);
    } else {
      seen.add(key);
      if (!isKnownKey(key)) unknownKeys.push(key);
    }
    fields[key] = field.value;
  }
  for (const key of duplicates) warning(`duplicate field ${key} (the last value is used)`);
  if (options.strict) {
    for (const key of unknownKeys) warning(`unknown field ${key}`);
  }
  if (scan.errors.length > 0) {
    for (const reason of scan.errors) error(reason);
    return { token: null, issues };
  }

  for (const key of REQUIRED_KEYS) {
    if (!(key in fields)) error(`missing required field ${key}`);
    else if (fields[key] === "") error(`empty value for required field ${key}`);
  }
  const placeholder = (key: string, value: string) =>
    error(`placeholder ${key} ${quoteForMessage(value)} (replace it with a real value)`);

  const reqId = normalizeDashes(fields.REQ ?? "");
  if (reqId !== "") {
    if (isPlaceholder(reqId)) placeholder("REQ", reqId);
    else if (!isReqId(reqId)) {
      error(
        `invalid REQ ${
          quoteForMessage(reqId)
        } (expected an id like CBIN-129: letter-led segments of letters and digits joined by "-")`,
      );
    }
  }

  const feature = fields.FEATURE ?? "";
  if (feature !== "" && isWholePlaceholder(feature)) placeholder("FEATURE", feature);

  let aspect = fields.ASPECT ?? "";
  if (aspect !== "") {
    const canonical = canonicalAspect(aspect);
    if (canonical !== null) aspect = canonical;
    else if (isPlaceholder(aspect)) placeholder("ASPECT", aspect);
    else {
      const nearest = nearestAspect(aspect);
      warning(
        `unknown ASPECT ${quoteForMessage(aspect)}` +
          (nearest === null ? "" : ` (did you mean "${nearest}"?)`),
      );
    }
  }

  const writtenStatus = fields.STATUS ?? "";
  let declaredStatus: Status = "MISSING";
  if (writtenStatus !== "") {
    const upper = writtenStatus.length <= 16 ? writtenStatus.toUpperCase() : "";
    if (isStatus(upper)) declaredStatus = upper;
    else if (isPlaceholder(writtenStatus)) placeholder("STATUS", writtenStatus);
    else error(`invalid STATUS ${quoteForMessage(writtenStatus)} (expected one of ${STATUS_LIST})`);
  }

  const dates: Record<string, string> = {};
  for (const key of DATE_KEYS) {
    const value = normalizeDashes(fields[key] ?? "");
    dates[key] = value;
    if (value === "") continue;
    if (isPlaceholder(value)) placeholder(key, value);
    else if (!isCalendarDate(value)) {
      const shape = /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? "no such calendar date"
        : "expected a date as YYYY-MM-DD";
      error(`invalid ${key} ${quoteForMessage(value)} (${shape})`);
    }
  }

  let priority: number | null = null;
  const writtenPriority = fields.PRIORITY ?? "";
  if (writtenPriority !== "") {
    const number = /^\d{1,3}$/.test(writtenPriority) ? Number(writtenPriority) : NaN;
    if (number >= 1 && number <= 10) priority = number;
    else if (isPlaceholder(writtenPriority)) placeholder("PRIORITY", writtenPriority);
    else {
      error(
        `invalid PRIORITY ${quoteForMessage(writtenPriority)} (expected an integer from 1 to 10)`,
      );
    }
  }

  for (const [key, value] of Object.entries(fields)) {
    const checkedAbove = key === "REQ" || key === "FEATURE" || key === "ASPECT" ||
      key === "STATUS" || key === "PRIORITY" || DATE_KEYS.includes(key);
    if (!checkedAbove && isKnownKey(key) && isWholePlaceholder(value)) placeholder(key, value);
  }

  if (issues.some((issue) => issue.severity === "error")) return { token: null, issues };

  const tests = commaList(fields.TEST ?? "");
  const benches = commaList(fields.BENCH ?? "");
  const [dependsOn, blocks, relatedTo] = REQ_ID_KEYS.map((key) =>
    normalizeDashes(fields[key] ?? "")
  );
  let rawEnd = scan.end;
  while (rawEnd > location.markerStart && isSpace(line.charCodeAt(rawEnd - 1))) rawEnd--;

  const token: Token = {
    reqId,
    feature,
    aspect,
    status: promoteStatus(declaredStatus, tests, benches),
    declaredStatus,
    tests,
    benches,
    owner: fields.OWNER ?? "",
    updated: dates.UPDATED,
    priority,
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
    unknownKeys,
    raw: line.slice(location.markerStart, rawEnd),
  };
  return { token, issues };
}

/**
 * Finds every token in a file's text. Only lines containing `CANARY:` are looked at (found with
 * `indexOf` over the whole text, so the file is never split into lines); each is parsed with
 * {@linkcode parseTokenLine}. A line ends at LF, CRLF or a lone CR (old Mac endings), each one
 * line break for the line numbers; a BOM starting the text is ignored. Issues become
 * diagnostics carrying `path` and the 1-based line number.
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
      for (const issue of result.issues) {
        diagnostics.push({
          path,
          line: lineNumber,
          severity: issue.severity,
          reason: issue.reason,
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

/** `path:line: reason` for errors, `path:line: warning: reason` for warnings. */
export function formatDiagnostic(d: Diagnostic): string {
  const prefix = d.severity === "warning" ? "warning: " : "";
  return `${d.path}:${d.line}: ${prefix}${d.reason}`;
}
