/**
 * SARIF 2.1.0, the format code-scanning tools read: one run of canary, one rule per finding kind,
 * one result per finding with its file, line and a fingerprint that survives unrelated edits.
 *
 * @module
 */
import {
  type Finding,
  FINDING_HELP,
  FINDING_KINDS,
  findingLevel,
  fingerprints,
} from "./finding.ts";

/** Where the SARIF 2.1.0 schema is published. */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** A root-relative path as a relative URI reference: each segment percent-encoded. */
export function pathUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** A help text's first clause, up to its colon, as a sentence. */
function firstClause(help: string): string {
  const clause = help.split(":")[0];
  return clause.endsWith(".") ? clause : `${clause}.`;
}

/** A file's location; line 0 (the file as a whole) has no region. */
function physicalLocation(path: string, line: number) {
  return {
    physicalLocation: {
      artifactLocation: { uri: pathUri(path), uriBaseId: "SRCROOT" },
      ...(line > 0 ? { region: { startLine: line } } : {}),
    },
  };
}

/**
 * The SARIF log of one canary run, as a value ready for `JSON.stringify`. A finding about no
 * file (a claim of a document read from stdin) has no location: SARIF has no URI for a stream,
 * and a made-up one would point code scanning at a file that does not exist.
 */
export function sarifLog(findings: readonly Finding[], version: string) {
  const rules = FINDING_KINDS.map((kind) => ({
    id: `canary.${kind}`,
    name: FINDING_HELP[kind].name,
    shortDescription: { text: firstClause(FINDING_HELP[kind].help) },
    fullDescription: { text: FINDING_HELP[kind].help },
    help: { text: FINDING_HELP[kind].help },
    defaultConfiguration: { level: FINDING_HELP[kind].level },
  }));
  const prints = fingerprints(findings);
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [{
      tool: {
        driver: { name: "canary", version, rules },
      },
      originalUriBaseIds: { SRCROOT: { description: { text: "The scanned root." } } },
      results: findings.map((finding, i) => ({
        ruleId: `canary.${finding.kind}`,
        ruleIndex: FINDING_KINDS.indexOf(finding.kind),
        level: findingLevel(finding),
        message: { text: finding.message },
        ...(finding.path === null
          ? {}
          : { locations: [physicalLocation(finding.path, finding.line)] }),
        partialFingerprints: { "canaryFinding/v1": prints[i] },
      })),
    }],
  };
}
