/**
 * Every command's `--json` output, walked on a fixture: each field name must be one README's
 * "JSON fields" section lists and keep one JSON type wherever it appears, and each timestamp
 * must be RFC 3339 UTC to the second. Generated
 * from the command tree, so a new command or field is checked without anyone remembering to.
 */
import type { Command } from "../src/cli/command_line.ts";
import { buildProgram } from "../main.ts";
import { Output } from "../src/output/output.ts";
import { assert, assertEquals } from "../src/test_assert.ts";
import { QUERY_FIXTURE_FILES } from "../src/query/test_database.ts";
import { STATUSES } from "../src/tokens/token.ts";
import { REPO_ROOT, runCanary, tempDir, writeTree } from "./helpers.ts";
import { ARGUMENTS } from "./command_arguments.ts";
import { commitAll } from "./git_fixture.ts";

const discard = { writeSync: (bytes: Uint8Array) => bytes.length };
const program = await buildProgram({
  out: new Output({ stdout: discard, stderr: discard, env: () => undefined }),
  env: () => undefined,
  cwd: () => "/",
});

/**
 * Names whose values have more than one JSON type, each for the reason README gives. Anywhere
 * else a name keeps one type, so it cannot be a list in one output and a count in another.
 */
const SEVERAL_TYPES: Readonly<Record<string, string>> = {
  from: "the older side of a change: a schema version, a checkpoint, a token's place",
  to: "the newer side of a change, as `from`",
  id: "a row's number, but the requirement id in status.json (the Go edition's shape)",
  tokens: "a count in `index`, the list elsewhere",
  added: "a count in `index`, the list elsewhere",
  removed: "a count in `index`, the list elsewhere",
  version: "canary's version in `version`, a schema version number in `migrate`",
};

/** Inside these objects, a name counts the list of the same name beside them. */
const COUNTING = new Set(["counts", "summary"]);

/** Under these fields, keys are data: statuses (any depth) or aspects. */
const KEYED_BY_STATUS = new Set(["by_status", "status_counts"]);
const KEYED_BY_ASPECT = new Set(["by_aspect"]);
const STATUS_NAMES: ReadonlySet<string> = new Set(STATUSES);
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const LOOKS_LIKE_TIME = /^\d{4}-\d\d-\d\d[T ]\d\d:/;

/** The names README's "JSON fields" table lists (its first column). */
function documentedFields(): Set<string> {
  const readme = Deno.readTextFileSync(`${REPO_ROOT}/README.md`);
  const start = readme.indexOf("\n## JSON fields\n");
  assert(start >= 0, "README has no '## JSON fields' section");
  const section = readme.slice(start + 1, readme.indexOf("\n## ", start + 1));
  const names = new Set<string>();
  for (const line of section.split("\n")) {
    const first = /^\|\s*([^|]+)\|/.exec(line)?.[1] ?? "";
    for (const match of first.matchAll(/`([a-z_0-9]+)`/g)) names.add(match[1]);
  }
  assert(names.size > 50, `README's JSON fields table lists only ${names.size} names`);
  return names;
}

/** What the walk collects: names and timestamps with where each was seen, each name's types. */
interface Found {
  names: string[];
  times: string[];
  /** For each name, each JSON type its non-null values had, with the first command. */
  types: Map<string, Map<string, string>>;
}

function jsonType(value: unknown): string {
  return Array.isArray(value) ? "array" : typeof value;
}

function addType(types: Found["types"], name: string, type: string, where: string): void {
  const seen = types.get(name) ?? new Map<string, string>();
  if (!seen.has(type)) seen.set(type, where);
  types.set(name, seen);
}

/** Every field name and timestamp-like value in `value`, with where it was seen. */
function walk(
  value: unknown,
  where: string,
  found: Found,
  keyedBy: "status" | "aspect" | "count" | null = null,
) {
  if (Array.isArray(value)) value.forEach((item) => walk(item, where, found, keyedBy));
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const isData = keyedBy === "aspect" || (keyedBy === "status" && STATUS_NAMES.has(key));
      if (!isData) found.names.push(`${key}\t${where}`);
      if (!isData && keyedBy !== "count" && item !== null && !(key in SEVERAL_TYPES)) {
        addType(found.types, key, jsonType(item), where);
      }
      const inner = KEYED_BY_STATUS.has(key)
        ? "status"
        : KEYED_BY_ASPECT.has(key)
        ? "aspect"
        : keyedBy === "status"
        ? "status"
        : COUNTING.has(key)
        ? "count"
        : null;
      walk(item, where, found, inner);
    }
  } else if (typeof value === "string" && LOOKS_LIKE_TIME.test(value)) {
    found.times.push(`${value}\t${where}`);
  }
}

function commands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...commands(c)]);
}

function words(command: Command): string[] {
  const path: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) path.unshift(c.name());
  return path;
}

/** Extra runs that reach fields the plain run does not print. */
const EXTRA_RUNS = [
  ["scan", "--verify", "GAPS.md", "--strict", "--update-stale", "--json", "--out", "s.json"],
  ["index", "--strict", "--json"],
  ["scan", "--strict", "--json"],
  ["migrate", "all", "--dry-run", "--json"],
  ["rollback", "1", "--dry-run", "--json"],
  ["migrate", "repair", "--dry-run", "--json"],
  ["next", "--explain", "--json"],
  ["show", "CBIN-129", "--group-by", "file", "--json"],
  ["status", "CBIN-130", "--json"],
  ["deps", "check", "--json"],
  ["deps", "graph", "--format", "json"],
];

Deno.test("every --json field is documented once in README, has one JSON type, every timestamp RFC 3339 UTC", async () => {
  using dir = tempDir();
  const template = `${dir.path}/template`;
  writeTree(template, {
    ...QUERY_FIXTURE_FILES,
    "GAPS.md": "# Gaps\n- ✅ CBIN-129\n- ✅ CBIN-999\n",
    // Blocked by a missing and an incomplete requirement, for `next` and `deps`.
    "src/blocked.ts": '// CANARY: REQ=CBIN-700; FEATURE="Blocked"; ASPECT=API; STATUS=MISSING; ' +
      "PRIORITY=1; DEPENDS_ON=CBIN-999,CBIN-130\n",
  });
  // A committed tree with uncommitted edits, so `diff HEAD` has changes to print.
  commitAll(template, "fixture");
  writeTree(template, {
    "docs/bad.md": "CANARY: REQ=CBIN-###; FEATURE=x; ASPECT=API; STATUS=IMPL; OWNR=me\n",
    "lib/engine.py": QUERY_FIXTURE_FILES["lib/engine.py"].replace("BENCH=BenchTok; ", ""),
  });
  assertEquals((await runCanary(["index"], { cwd: template })).code, 0);
  assertEquals((await runCanary(["checkpoint", "create", "v1"], { cwd: template })).code, 0);
  const runs = commands(program)
    .filter((command) => command.options.some((option) => option.long === "--json"))
    .map((
      command,
    ) => [...words(command), ...(ARGUMENTS[words(command).join(" ")] ?? []), "--json"]);
  const found: Found = { names: [], times: [], types: new Map() };
  let n = 0;
  for (const args of [...runs, ...EXTRA_RUNS]) {
    const work = `${dir.path}/run-${n++}`;
    copyTree(template, work);
    const r = await runCanary(args, { cwd: work });
    const where = `canary ${args.join(" ")}`;
    assert(r.stdout.trim() !== "", `${where} printed no JSON (exit ${r.code}): ${r.stderr}`);
    walk(JSON.parse(r.stdout), where, found);
  }
  const documented = documentedFields();
  // Each undocumented name once, with the first command that printed it.
  const undocumented = new Map<string, string>();
  for (const entry of found.names) {
    const [name, where] = entry.split("\t");
    if (!documented.has(name) && !undocumented.has(name)) undocumented.set(name, where);
  }
  assertEquals([...undocumented], [], "field names missing from README's JSON fields");
  const clashes = [...found.types].filter(([, types]) => types.size > 1)
    .map(([name, types]) =>
      `${name}: ${[...types].map(([t, where]) => `${t} (${where})`).join(", ")}`
    );
  assertEquals(clashes, [], "a name whose values have two JSON types");
  const badTimes = found.times.filter((entry) => !TIMESTAMP.test(entry.split("\t")[0]));
  assertEquals(badTimes, [], "timestamps not RFC 3339 UTC to the second");
  assert(found.times.length > 0, "no timestamp was seen at all: the walk checks nothing");
});

function copyTree(from: string, to: string): void {
  Deno.mkdirSync(to, { recursive: true });
  for (const entry of Deno.readDirSync(from)) {
    if (entry.isDirectory) copyTree(`${from}/${entry.name}`, `${to}/${entry.name}`);
    else Deno.copyFileSync(`${from}/${entry.name}`, `${to}/${entry.name}`);
  }
}
