/**
 * The shape of a parsed CANARY token and the fixed vocabularies its fields draw from.
 *
 * @module
 */

import type { Status } from "./status_order.ts";

export { isStatus, type Status, STATUSES } from "./status_order.ts";

/** The canonical ASPECT spellings; ASPECT values match them case-insensitively. */
export const ASPECTS = [
  "API",
  "CLI",
  "Engine",
  "Planner",
  "Storage",
  "Wire",
  "Security",
  "Docs",
  "Decode",
  "Encode",
  "RoundTrip",
  "Bench",
  "FrontEnd",
  "Dist",
] as const;

/** One of {@linkcode ASPECTS}. */
export type Aspect = typeof ASPECTS[number];

/** The field names the grammar knows; any other key is kept but counts as unknown. */
export const KNOWN_KEYS: readonly string[] = [
  "REQ",
  "FEATURE",
  "ASPECT",
  "STATUS",
  "TEST",
  "BENCH",
  "OWNER",
  "UPDATED",
  "PRIORITY",
  "PHASE",
  "KEYWORDS",
  "SPEC_STATUS",
  "CREATED",
  "STARTED",
  "COMPLETED",
  "DEPENDS_ON",
  "BLOCKS",
  "RELATED_TO",
  "DOC",
  "DOC_HASH",
  "DOC_TYPE",
];

/** The fields a token cannot do without; a token lacking any of them is rejected. */
export const REQUIRED_KEYS: readonly string[] = ["REQ", "FEATURE", "ASPECT", "STATUS"];

/** The fields whose values must be calendar dates written YYYY-MM-DD. */
export const DATE_KEYS: readonly string[] = ["UPDATED", "CREATED", "STARTED", "COMPLETED"];

/** A successfully parsed CANARY token. */
export interface Token {
  /** Requirement id, e.g. `CBIN-129`, with Unicode dashes normalised to `-`. */
  reqId: string;
  /** Feature name as written (unquoted). */
  feature: string;
  /** Canonical spelling when the aspect is known (case-insensitive match), else as written. */
  aspect: string;
  /** Effective status after promotion (see `promoteStatus`). */
  status: Status;
  /** Status as written, upper-cased. */
  declaredStatus: Status;
  /** TEST comma list, trimmed, empties dropped. */
  tests: string[];
  /** BENCH comma list, trimmed, empties dropped. */
  benches: string[];
  /** OWNER, or "" when absent. */
  owner: string;
  /** UPDATED as YYYY-MM-DD, or "" when absent. */
  updated: string;
  /** PRIORITY 1–10, or null when absent. */
  priority: number | null;
  /** PHASE, or "". */
  phase: string;
  /** KEYWORDS, or "". */
  keywords: string;
  /** SPEC_STATUS, or "". */
  specStatus: string;
  /** CREATED as YYYY-MM-DD, or "". */
  created: string;
  /** STARTED as YYYY-MM-DD, or "". */
  started: string;
  /** COMPLETED as YYYY-MM-DD, or "". */
  completed: string;
  /** DEPENDS_ON (Unicode dashes normalised), or "". */
  dependsOn: string;
  /** BLOCKS (Unicode dashes normalised), or "". */
  blocks: string;
  /** RELATED_TO (Unicode dashes normalised), or "". */
  relatedTo: string;
  /** DOC, or "". */
  doc: string;
  /** DOC_HASH, or "". */
  docHash: string;
  /** DOC_TYPE, or "". */
  docType: string;
  /**
   * Every key (upper-cased) mapped to its value as written (unquoted, unescaped, trimmed), unknown
   * keys included, in the order first written; for a repeated key the last value wins.
   */
  fields: Record<string, string>;
  /** Keys not in {@linkcode KNOWN_KEYS}, upper-cased, in order written, each once. */
  unknownKeys: string[];
  /** The token text from `CANARY:` to the end of the token, closer and trailing space removed. */
  raw: string;
}

const ASPECT_BY_LOWER: ReadonlyMap<string, Aspect> = new Map(
  ASPECTS.map((aspect) => [aspect.toLowerCase(), aspect]),
);
const KNOWN_KEY_SET: ReadonlySet<string> = new Set(KNOWN_KEYS);

/** The canonical spelling of `value` when it names a known aspect in any case, else null. */
export function canonicalAspect(value: string): Aspect | null {
  // No aspect is long; skip lower-casing huge values.
  if (value.length > 16) return null;
  return ASPECT_BY_LOWER.get(value.toLowerCase()) ?? null;
}

/** Whether `key` (already upper-cased) is one of {@linkcode KNOWN_KEYS}. */
export function isKnownKey(key: string): boolean {
  return KNOWN_KEY_SET.has(key);
}
