/**
 * The layering, as data, and a check of the real import graph against it: every module of
 * `main.ts` and `src/` (tests excluded) may import only its own group or a lower tier, and only
 * `main.ts` may touch the process (`Deno.exit`, `Deno.args`, `console`).
 *
 * @module
 */
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { assert, assertEquals } from "../src/test_assert.ts";

const REPO = fileURLToPath(new URL("../", import.meta.url));

/**
 * Tiers from the top down. A group is a folder of `src/` or a file directly in it; a module may
 * import its own group and any group of a lower tier, never one of its own tier or above.
 */
const LAYERS: readonly (readonly string[])[] = [
  // Registers commands and maps errors to exit codes.
  ["main.ts"],
  // Handlers translate options into one core call; the environment is read once, for them.
  ["cli", "environment.ts"],
  // Renders the results of the use cases below, so it knows their shapes.
  ["output"],
  // Tracking use cases built on the queries of the index; CI findings built from scans and diffs.
  ["track", "ci"],
  // Use cases: reading, reporting, indexing, diffing revisions, priorities, completion, version.
  ["query", "report", "index", "diff", "priority", "completion", "version.ts"],
  // The scanner and the database.
  ["scan", "db"],
  // Text forms every layer above shares: counts in words, RFC 3339 timestamps.
  ["text"],
  // The token grammar and helpers that depend on nothing of canary's.
  ["tokens", "git.ts", "build_stamp.ts"],
  // What every layer shares: typed errors, path functions, the assertions of tests, and the
  // import of a module a run may not need.
  ["errors.ts", "path.ts", "test_assert.ts", "test_git.ts", "deferred_import.ts"],
];

/** Imports that break the layering on purpose: `from -> to` (repository paths) and why. */
const ALLOWED: Readonly<Record<string, string>> = {};

/** Process-level APIs only `main.ts` may use. */
const PROCESS_APIS: readonly RegExp[] = [/\bDeno\.exit\s*\(/, /\bDeno\.args\b/, /\bconsole\./];

/** The module group of a repository path: `src/<folder>`'s folder, a file of `src/`, or itself. */
function groupOf(path: string): string {
  const parts = path.split("/");
  return parts[0] === "src" && parts.length > 2 ? parts[1] : parts.at(-1)!;
}

/**
 * The relative specifiers a module imports: static `import`/`export … from`, side-effect
 * imports and dynamic `import("…")` with a literal specifier. Statements must start a line, so
 * examples in doc comments are not read as imports.
 */
function importSpecifiers(source: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  const found = patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]));
  return found.filter((specifier) => specifier.startsWith("."));
}

/** `import(` with anything but a literal string: a dependency the check cannot see. */
function hasUncheckableImport(source: string): boolean {
  return /\bimport\(\s*[^"'\s)]/.test(codeLines(source));
}

/** The source without comment lines, so a comment may name what it must not call. */
function codeLines(source: string): string {
  return source.split("\n").filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line)).join("\n");
}

/** The process APIs `source` uses outside comments. */
function processApiUses(source: string): string[] {
  const code = codeLines(source);
  return PROCESS_APIS.filter((api) => api.test(code)).map((api) => api.source);
}

/**
 * Every violation of `layers` in `graph` (module path to the paths it imports), and every
 * allow-list entry that no longer matches an import (so the list stays true).
 */
function layeringViolations(
  graph: ReadonlyMap<string, readonly string[]>,
  layers: readonly (readonly string[])[],
  allowed: Readonly<Record<string, string>>,
): string[] {
  const tierOf = new Map(layers.flatMap((groups, tier) => groups.map((g) => [g, tier])));
  const violations: string[] = [];
  const used = new Set<string>();
  for (const [from, targets] of graph) {
    const fromTier = tierOf.get(groupOf(from));
    if (fromTier === undefined) violations.push(`${from}: group ${groupOf(from)} is in no layer`);
    for (const to of targets) {
      const edge = `${from} -> ${to}`;
      if (/^(tests|scripts)\//.test(to)) {
        violations.push(`${edge}: src imports test or script code`);
      }
      if (!to.startsWith("src/") && to !== "main.ts") continue;
      if (groupOf(from) === groupOf(to) || fromTier === undefined) continue;
      const toTier = tierOf.get(groupOf(to));
      if (toTier !== undefined && toTier > fromTier) continue;
      if (edge in allowed) {
        used.add(edge);
        continue;
      }
      const kind = toTier === undefined
        ? "into no layer"
        : toTier < fromTier
        ? "upward"
        : "sideways";
      violations.push(`${edge}: ${kind} (${groupOf(from)} → ${groupOf(to)})`);
    }
  }
  for (const edge of Object.keys(allowed)) {
    if (!used.has(edge)) violations.push(`${edge}: allowed but no longer imported; remove it`);
  }
  return violations;
}

function modulePaths(): string[] {
  const paths = ["main.ts"];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(join(REPO, dir))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) walk(path);
      else if (path.endsWith(".ts") && !path.endsWith("_test.ts")) paths.push(path);
    }
  };
  walk("src");
  return paths.sort();
}

/** The import graph of `main.ts` and `src/` (tests excluded), with resolved repository paths. */
function readImportGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const path of modulePaths()) {
    const source = Deno.readTextFileSync(join(REPO, path));
    graph.set(
      path,
      importSpecifiers(source).map((s) =>
        relative(REPO, normalize(join(REPO, dirname(path), s))).replaceAll("\\", "/")
      ),
    );
  }
  return graph;
}

Deno.test("layering: the checker finds upward, sideways and unlayered imports and stale allowances", () => {
  const graph = new Map([
    ["src/query/a.ts", ["src/db/b.ts", "src/query/c.ts", "src/tokens/d.ts"]],
    ["src/db/b.ts", ["src/query/token_record.ts", "src/errors.ts"]],
    ["src/scan/e.ts", ["src/db/b.ts", "migrations/1.up.sql"]],
    ["src/stray/f.ts", ["src/errors.ts"]],
    ["src/tokens/d.ts", ["src/mystery.ts", "tests/helpers.ts"]],
  ]);
  const layers = [["query"], ["scan", "db"], ["tokens"], ["errors.ts"]];
  assertEquals(layeringViolations(graph, layers, { "src/x.ts -> src/y.ts": "gone" }), [
    "src/db/b.ts -> src/query/token_record.ts: upward (db → query)",
    "src/scan/e.ts -> src/db/b.ts: sideways (scan → db)",
    "src/stray/f.ts: group stray is in no layer",
    "src/tokens/d.ts -> src/mystery.ts: into no layer (tokens → mystery.ts)",
    "src/tokens/d.ts -> tests/helpers.ts: src imports test or script code",
    "src/x.ts -> src/y.ts: allowed but no longer imported; remove it",
  ]);
  const allowed = { "src/db/b.ts -> src/query/token_record.ts": "reason" };
  assertEquals(layeringViolations(new Map([...graph].slice(0, 2)), layers, allowed), []);
});

Deno.test("layering: import specifiers are read from every import form, not from comments", () => {
  const source = [
    "/**",
    ' * import { parse } from "./example.ts";',
    " */",
    'import type { A } from "./a.ts";',
    "import {",
    "  b,",
    '} from "../b/b.ts";',
    'export { c } from "./c.ts";',
    'import "./side_effect.ts";',
    'import text from "../../migrations/x.sql" with { type: "text" };',
    'import { Command } from "commander";',
    'const { d } = await import("../d/d.ts");',
  ].join("\n");
  assertEquals(importSpecifiers(source).sort(), [
    "../../migrations/x.sql",
    "../b/b.ts",
    "../d/d.ts",
    "./a.ts",
    "./c.ts",
    "./side_effect.ts",
  ]);
  assert(hasUncheckableImport("const m = await import(path);"));
  assert(!hasUncheckableImport('await import("./x.ts");'));
  assertEquals(processApiUses("// console.log is for main.ts\nconst a = Deno.args;"), [
    "\\bDeno\\.args\\b",
  ]);
  assertEquals(processApiUses("Deno.exit(1); console.error(x);").length, 2);
});

Deno.test("layering: main.ts and src/ import only downward, as LAYERS says", () => {
  const graph = readImportGraph();
  assert(graph.size > 100, `expected the whole source tree, read ${graph.size} modules`);
  assert(graph.get("src/cli/index_command.ts")!.includes("src/index/index_tree.ts"));
  const violations = layeringViolations(graph, LAYERS, ALLOWED);
  assertEquals(violations, [], `layering violations:\n${violations.join("\n")}`);
});

Deno.test("layering: only main.ts touches Deno.exit, Deno.args and console; imports are literal", () => {
  const offenders: string[] = [];
  for (const path of modulePaths().filter((p) => p !== "main.ts")) {
    const source = Deno.readTextFileSync(join(REPO, path));
    for (const api of processApiUses(source)) offenders.push(`${path}: ${api}`);
    // The one computed import: main.ts names its modules, which the binary includes.
    if (path === "src/deferred_import.ts") continue;
    if (hasUncheckableImport(source)) offenders.push(`${path}: import() of a computed path`);
  }
  assertEquals(offenders, []);
});
