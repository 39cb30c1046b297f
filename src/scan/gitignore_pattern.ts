/**
 * One line of a gitignore-syntax file as a matcher, with git's rules
 * (gitignore(5) and its wildmatch): `#` comments, trailing spaces dropped
 * unless escaped, `!` negation, a trailing `/` for directories only, a slash
 * at the start or middle anchoring the pattern to its folder, `*` and `?`
 * within one name, `[...]` classes, and `**` across folders when it stands
 * for whole names (`**‌/x`, `x/**`, `a/**‌/b`; otherwise it is `*`).
 *
 * canary's own because the npm package it used is CommonJS, and loading one
 * costs Deno about 28 ms of every `index` and `scan`.
 *
 * @module
 */

/** A compiled line: what it matches and what a match means. */
export interface GitignorePattern {
  /** `!pattern`: a match re-includes. */
  negated: boolean;
  /** `pattern/`: matches directories only. */
  directoryOnly: boolean;
  /** Tests a path relative to the rules' folder, `/`-separated, without a trailing `/`. */
  regex: RegExp;
}

/** Never matches: what git makes of a pattern with an unclosed `[`. */
const NEVER = /(?!)/;

/** The line without its unescaped trailing spaces (an escaped one stays, unescaped later). */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === " ") {
    let backslashes = 0;
    for (let i = end - 2; i >= 0 && line[i] === "\\"; i--) backslashes++;
    if (backslashes % 2 === 1) break;
    end--;
  }
  return line.slice(0, end);
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function literal(char: string): string {
  return char.replace(REGEX_SPECIAL, "\\$&");
}

/** The regex of a `[...]` class starting at `glob[start]`, and the index after it; null if unclosed. */
function bracket(glob: string, start: number): [string, number] | null {
  let i = start + 1;
  let negate = false;
  if (glob[i] === "!" || glob[i] === "^") {
    negate = true;
    i++;
  }
  let body = "";
  for (let first = true; i < glob.length; first = false) {
    const char = glob[i];
    if (char === "]" && !first) return [`(?![/])[${negate ? "^" : ""}${body}]`, i + 1];
    if (char === "\\" && i + 1 < glob.length) {
      body += literal(glob[i + 1]);
      i += 2;
    } else {
      // `-` is not escaped, so it keeps its range meaning; the rest is literal in the class.
      body += literal(char);
      i++;
    }
  }
  return null;
}

/** The regex of a glob within path names; null when it can never match (an unclosed `[`). */
function globRegex(glob: string): string | null {
  let out = "";
  for (let i = 0; i < glob.length;) {
    const char = glob[i];
    if (char === "*") {
      while (glob[i] === "*") i++;
      out += "[^/]*";
    } else if (char === "?") {
      out += "[^/]";
      i++;
    } else if (char === "[") {
      const parsed = bracket(glob, i);
      if (parsed === null) return null;
      out += parsed[0];
      i = parsed[1];
    } else if (char === "\\" && i + 1 < glob.length) {
      out += literal(glob[i + 1]);
      i += 2;
    } else {
      out += literal(char);
      i++;
    }
  }
  return out;
}

/** The regex of a pattern's names: whole-name `**` spans folders, any other part is a glob. */
function namesRegex(names: readonly string[]): string | null {
  let out = "";
  for (let i = 0; i < names.length; i++) {
    const last = i === names.length - 1;
    if (names[i] === "**") {
      // `**/` is zero or more folders; a final `/**` is everything inside.
      out += last ? (i === 0 ? ".*" : "/.*") : (i === 0 ? "(?:.*/)?" : "/(?:.*/)?");
      continue;
    }
    const glob = globRegex(names[i]);
    if (glob === null) return null;
    const afterDoubleStar = i > 0 && names[i - 1] === "**";
    out += (i === 0 || afterDoubleStar ? "" : "/") + glob;
  }
  return out;
}

/** Compiles one line of a rule file; null for a blank line or a comment. */
export function compileGitignoreLine(line: string): GitignorePattern | null {
  if (line.startsWith("#")) return null;
  let body = trimTrailingSpaces(line);
  const negated = body.startsWith("!");
  if (negated) body = body.slice(1);
  const directoryOnly = body.endsWith("/");
  if (directoryOnly) body = body.slice(0, -1);
  if (body === "") return null;
  // A slash at the start or in the middle anchors the pattern to its folder.
  const anchored = body.includes("/");
  if (body.startsWith("/")) body = body.slice(1);
  // A name of two or more `*` is `**`, and consecutive `**` names mean what one does.
  const names = (anchored ? body : `**/${body}`).split("/")
    .map((name) => /^\*\*+$/.test(name) ? "**" : name)
    .filter((name, i, all) => !(name === "**" && all[i - 1] === "**"));
  const source = namesRegex(names);
  return {
    negated,
    directoryOnly,
    regex: source === null ? NEVER : new RegExp(`^${source}$`, "s"),
  };
}
