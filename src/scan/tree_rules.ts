/**
 * Which paths of a tree count, decided from its rule files alone: the precedence of the root
 * `.canaryignore`, the default skipped directories and each folder's `.gitignore` (see `walk.ts`
 * for the rules in words). Shared by the walk of a folder on disk and the walk of a git revision,
 * so both apply one implementation.
 *
 * @module
 */

import { IgnoreRules } from "./ignore_rules.ts";

/** Directory names skipped at any depth below the root unless `.canaryignore` re-includes them. */
export const DEFAULT_SKIPPED_DIRS: ReadonlySet<string> = new Set([
  ".git",
  "node_modules",
  "vendor",
  "dist",
  "build",
  ".canary",
]);

/** How the walker treats the paths inside a directory. */
export type DirMode =
  /** Every rule applies. */
  | "normal"
  /** Excluded by a `.gitignore`: only `.canaryignore` negations re-include paths. */
  | "excluded"
  /** A default skipped directory: only anchored `.canaryignore` negations re-include paths. */
  | "excluded_default";

/** A `.gitignore` in effect, with the folder (relative to the root) its patterns apply from. */
export interface GitignoreLayer {
  base: string;
  rules: IgnoreRules;
}

/** A directory being walked: its path, how its paths are judged, and the `.gitignore`s above. */
export interface DirState {
  /** Path relative to the root, `/`-separated; "" for the root. */
  rel: string;
  mode: DirMode;
  /** `.gitignore` layers from the root down, shallowest first. */
  layers: readonly GitignoreLayer[];
}

/** The state of the root directory before its own `.gitignore` is read. */
export const ROOT_DIR: DirState = Object.freeze({ rel: "", mode: "normal", layers: [] });

/** The decisions of one tree, given the text of its root `.canaryignore` (null when absent). */
export class TreeRules {
  readonly #all: IgnoreRules | null;
  /** Without wildcard negations at any depth, so `!*.ts` does not reach into `node_modules`. */
  readonly #inDefaultDirs: IgnoreRules | null;

  /** Parses the root `.canaryignore`; null when the tree has none. */
  constructor(canaryignore: string | null) {
    this.#all = canaryignore === null ? null : new IgnoreRules(canaryignore);
    this.#inDefaultDirs = this.#all?.withoutWildcardNegations() ?? null;
  }

  /** Whether a file (or anything not a directory) at `rel` inside `dir` is to be considered. */
  keepsFile(rel: string, dir: DirState): boolean {
    if (dir.mode === "excluded") return this.#all?.test(rel).unignored === true;
    // A `.git` file (a linked work tree's or a submodule's) points at git's folder: git's too.
    if (dir.mode === "excluded_default" || rel === ".git" || rel.endsWith("/.git")) {
      return this.#inDefaultDirs?.test(rel).unignored === true;
    }
    const verdict = this.#all?.test(rel);
    if (verdict?.ignored) return false;
    if (verdict?.unignored) return true;
    return !gitignored(rel, dir.layers);
  }

  /** How to walk the directory `rel` (named `name`) inside `parent`, or null to leave it out. */
  dirMode(rel: string, name: string, parent: DirState): DirMode | null {
    const asDir = rel + "/";
    const isDefault = parent.mode === "excluded_default" || DEFAULT_SKIPPED_DIRS.has(name);
    const verdict = (isDefault ? this.#inDefaultDirs : this.#all)?.test(asDir);
    if (verdict?.ignored) return null;
    if (verdict?.unignored) return "normal";
    if (isDefault) return this.#all?.mayReincludeBelow(rel, true) ? "excluded_default" : null;
    if (parent.mode === "normal" && !gitignored(asDir, parent.layers)) return "normal";
    return this.#all?.mayReincludeBelow(rel, false) ? "excluded" : null;
  }
}

/** The layers for a directory's children: its own plus, when it has one, its `.gitignore`. */
export function withGitignore(dir: DirState, gitignore: string | null): readonly GitignoreLayer[] {
  if (gitignore === null) return dir.layers;
  return [...dir.layers, { base: dir.rel, rules: new IgnoreRules(gitignore) }];
}

/** Whether the `.gitignore` layers exclude `rel` (ending with `/` for a directory). */
function gitignored(rel: string, layers: readonly GitignoreLayer[]): boolean {
  // The deepest file with a matching pattern decides, as in git.
  for (let i = layers.length - 1; i >= 0; i--) {
    const { base, rules } = layers[i];
    const verdict = rules.test(base === "" ? rel : rel.slice(base.length + 1));
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}
