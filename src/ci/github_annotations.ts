/**
 * GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`), which put a finding
 * on the line of a pull request's diff.
 *
 * @module
 */
import { type Finding, findingLevel } from "./finding.ts";

/** Escapes a command's message: `%`, CR and LF, as the workflow-command format requires. */
export function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** Escapes a property value: as {@linkcode escapeData}, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/**
 * One workflow command per finding; a file-level finding has no `line`, and one about no file
 * (stdin) neither `file` nor `line`.
 */
export function githubAnnotations(findings: readonly Finding[]): string[] {
  return findings.map((finding) => {
    const properties: string[] = [];
    if (finding.path !== null) {
      properties.push(`file=${escapeProperty(finding.path)}`);
      if (finding.line > 0) properties.push(`line=${finding.line}`);
    }
    properties.push(`title=${escapeProperty(finding.title)}`);
    return `::${findingLevel(finding)} ${properties.join(",")}::${escapeData(finding.message)}`;
  });
}
