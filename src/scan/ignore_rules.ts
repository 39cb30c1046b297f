/**
 * One gitignore-syntax rule file (`.gitignore` or `.canaryignore`), matched line by line with
 * {@linkcode compileGitignoreLine}.
 *
 * @module
 */

import { compileGitignoreLine, type GitignorePattern } from "./gitignore_pattern.ts";

/** The verdict of a rule file on one path. Both flags are false when no rule matches it. */
export interface RuleVerdict {
  /** The last matching rule is a plain pattern. */
  ignored: boolean;
  /** The last matching rule is a `!` negation. */
  unignored: boolean;
}

const NO_VERDICT: RuleVerdict = Object.freeze({ ignored: false, unignored: false });

/** A `!` pattern, pre-split so the walker can ask whether it could reach below a directory. */
interface Negation {
  /** Path segments of the pattern, without the `!`, a leading `/` or a trailing `/`. */
  segments: string[];
  /** The pattern names a path from its folder (`a/b`, `/a`), rather than a name at any depth. */
  anchored: boolean;
  /** The pattern has glob characters. */
  wildcard: boolean;
}

/** Characters that make a pattern segment a glob rather than a literal name. */
const GLOB_CHARS = /[*?[\\]/;

/**
 * The rules of one gitignore-syntax file, applying relative to the folder that holds it.
 *
 * Paths are tested one at a time, without git's "a parent directory is ignored" shortcut: the
 * walker never enters an excluded directory unless something re-includes
 * part of it, and inside such a directory git judges each path by its own rules only.
 */
export class IgnoreRules {
  readonly #rules: readonly GitignorePattern[];
  readonly #patterns: readonly string[];
  readonly #negations: readonly Negation[];

  /** Parses `text` in gitignore syntax. Matching is case-sensitive, as git's is on Linux. */
  constructor(text: string) {
    this.#patterns = text.split(/\r?\n/);
    this.#rules = this.#patterns.flatMap((line) => compileGitignoreLine(line) ?? []);
    this.#negations = this.#patterns.flatMap((line) => {
      const negation = parseNegation(line);
      return negation ? [negation] : [];
    });
  }

  /**
   * Judges one path relative to the rules' folder, `/`-separated; a directory must end with `/`
   * so that directory-only patterns (`build/`) apply to it.
   */
  test(path: string): RuleVerdict {
    const directory = path.endsWith("/");
    const name = directory ? path.slice(0, -1) : path;
    // The last rule that matches decides.
    for (let i = this.#rules.length - 1; i >= 0; i--) {
      const rule = this.#rules[i];
      if (rule.directoryOnly && !directory) continue;
      if (rule.regex.test(name)) return { ignored: !rule.negated, unignored: rule.negated };
    }
    return NO_VERDICT;
  }

  /**
   * Whether a `!` pattern might re-include something strictly below the directory `dir` (relative
   * to the rules' folder, no trailing `/`). It may answer true when nothing matches (the walker
   * then reads a directory for nothing) but never false when something could.
   *
   * @param anchoredOnly Ignore negations that match a name at any depth (`!*.ts`).
   */
  mayReincludeBelow(dir: string, anchoredOnly: boolean): boolean {
    if (this.#negations.length === 0) return false;
    const dirSegments = dir.split("/");
    return this.#negations.some((negation) => {
      if (!negation.anchored) return !anchoredOnly;
      return couldMatchBelow(negation.segments, dirSegments);
    });
  }

  /**
   * The same rules without the `!` patterns that match a wildcard name at any depth (`!*.ts`, `!*`), keeping anchored ones (`!vendor/acme/*.ts`) and plain names (`!vendor/`).
   */
  withoutWildcardNegations(): IgnoreRules {
    return new IgnoreRules(
      this.#patterns.filter((line) => {
        const negation = parseNegation(line);
        return negation === null || negation.anchored || !negation.wildcard;
      }).join("\n"),
    );
  }
}

/** Returns the negation in one line of a rule file, or null when the line is not one. */
function parseNegation(line: string): Negation | null {
  if (!line.startsWith("!")) return null;
  let body = line.slice(1).trimEnd();
  if (body.startsWith("/")) body = body.slice(1);
  if (body.endsWith("/")) body = body.slice(0, -1);
  if (body === "") return null;
  const segments = body.split("/");
  // gitignore anchors a pattern with a slash at its start or middle; a leading `**/` undoes it.
  const anchored = segments.length > 1 || line.slice(1).startsWith("/");
  return {
    segments,
    anchored: anchored && segments[0] !== "**",
    wildcard: GLOB_CHARS.test(body),
  };
}

/** Whether an anchored pattern could match a path with more segments than `dir` below it. */
function couldMatchBelow(pattern: readonly string[], dir: readonly string[]): boolean {
  const shared = Math.min(pattern.length, dir.length);
  for (let i = 0; i < shared; i++) {
    const segment = pattern[i];
    if (segment === "**") return true;
    // Judging globs exactly is not worth it here: answering "maybe" only costs a directory read.
    if (segment !== dir[i] && !GLOB_CHARS.test(segment)) return false;
  }
  return pattern.length > dir.length;
}
