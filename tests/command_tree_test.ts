/**
 * Generated from the command tree itself, so a new command or option is
 * covered without anyone remembering to: every command's `--help` works, and
 * every option means the same before and after the command word, or the
 * misplaced form is a usage error (exit 2). Nothing ever reports an
 * `unexpected failure`.
 */
import type { Command } from "../src/cli/command_line.ts";
import { buildProgram } from "../main.ts";
import { Output } from "../src/output/output.ts";
import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { QUERY_FIXTURE_FILES } from "../src/query/test_database.ts";
import { runCanary, type RunResult, tempDir, writeTree } from "./helpers.ts";
import { ARGUMENTS } from "./command_arguments.ts";
import { commitAll } from "./git_fixture.ts";

const discard = { writeSync: (bytes: Uint8Array) => bytes.length };
const program = await buildProgram({
  out: new Output({ stdout: discard, stderr: discard, env: () => undefined }),
  env: () => undefined,
  cwd: () => "/",
});

/** A value for each option that takes one; an option missing here fails the test. */
const VALUES: Record<string, string> = {
  "--db": "named.db",
  "--backup": "backup.db",
  "--root": ".",
  "--max-file-size": "1M",
  "--out": "out.json",
  "--csv": "out.csv",
  "--verify": "GAPS.md",
  "--stale-days": "3",
  "--status": "IMPL",
  "--aspect": "Storage",
  "--phase": "P1",
  "--owner": "alice",
  "--spec-status": "draft",
  "--req": "CBIN",
  "--path": "src/*",
  "--priority-min": "1",
  "--priority-max": "5",
  "--format": "tsv",
  "--limit": "2",
  "--order-by": "req",
  "--test": "TestExport",
  "--bench": "BenchExport",
  "--priority": "2",
  "--for": "a.py",
  "--group-by": "status",
  "--html": "report.html",
  "--title": "Demo",
  "--watch-for": "1",
  "--fail-on": "regression",
  "--annotations": "github",
  "--sarif": "out.sarif",
};

/** Options that make a command run until interrupted: only their misplaced form runs here. */
const RUNS_UNTIL_INTERRUPTED = new Set(["--watch"]);

function words(command: Command): string[] {
  const path: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) path.unshift(c.name());
  return path;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** The fixture every run starts from: an indexed tree, checkpoint `v1`, a claims file. */
async function makeTemplate(root: string): Promise<void> {
  writeTree(root, { ...QUERY_FIXTURE_FILES, "GAPS.md": "# Gaps\n- ✅ CBIN-129\n" });
  // A git work tree, so `diff` compares revisions rather than stopping at "not a repository".
  commitAll(root, "fixture");
  assertEquals((await runCanary(["index"], { cwd: root })).code, 0);
  assertEquals((await runCanary(["checkpoint", "create", "v1"], { cwd: root })).code, 0);
}

function copyTree(from: string, to: string): void {
  Deno.mkdirSync(to, { recursive: true });
  for (const entry of Deno.readDirSync(from)) {
    if (entry.isDirectory) copyTree(`${from}/${entry.name}`, `${to}/${entry.name}`);
    else Deno.copyFileSync(`${from}/${entry.name}`, `${to}/${entry.name}`);
  }
}

function listTree(root: string, prefix = ""): string[] {
  return [...Deno.readDirSync(`${root}/${prefix}`)].flatMap((entry) => {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory ? [path, ...listTree(root, path)] : [path];
  }).sort();
}

/** What a run did, with clock readings and backup timestamps masked. */
interface Effect {
  result: RunResult;
  files: string[];
}

function masked(text: string): string {
  return text.replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?Z?/g, "<time>")
    .replace(/\d{8}T\d{6}Z/g, "<stamp>")
    .replace(/("(elapsed|duration)_ms": )\d+(\.\d+)?|\d+(\.\d+)? ms\b/g, "$1<ms>");
}

async function runIn(template: string, work: string, args: string[]): Promise<Effect> {
  copyTree(template, work);
  const result = await runCanary(args, { cwd: work });
  const effect = {
    result: { code: result.code, stdout: masked(result.stdout), stderr: masked(result.stderr) },
    files: listTree(work).map(masked),
  };
  Deno.removeSync(work, { recursive: true });
  return effect;
}

function assertNoUnexpected(args: string[], effect: Effect): void {
  assert(
    !/unexpected failure/.test(effect.result.stdout + effect.result.stderr),
    `canary ${args.join(" ")}: ${effect.result.stderr}`,
  );
}

const fixtures = tempDir();
globalThis.addEventListener("unload", () => fixtures[Symbol.dispose]());
const template = `${fixtures.path}/template`;
let templateReady: Promise<void> | null = null;

for (const command of allCommands(program)) {
  const path = words(command);
  const name = path.join(" ");
  Deno.test(`canary ${name}: --help, and each option before and after '${command.name()}'`, async () => {
    templateReady ??= makeTemplate(template);
    await templateReady;
    const help = await runCanary([...path, "--help"], { cwd: fixtures.path });
    assertEquals(help.code, 0, help.stderr);
    assertMatch(help.stdout, new RegExp(`^Usage: canary ${name}\\b`));
    const args = ARGUMENTS[name] ?? [];
    let n = 0;
    for (const option of command.options) {
      const flag = option.long!;
      if (flag === "--help") continue;
      const value = option.takesValue ? [VALUES[flag]] : [];
      assert(value[0] !== undefined || value.length === 0, `no sample value for ${flag}: add one`);
      const after = [...path, ...args, flag, ...value];
      const before = [...path.slice(0, -1), flag, ...value, ...path.slice(-1), ...args];
      if (RUNS_UNTIL_INTERRUPTED.has(flag)) {
        // The placed form runs until Ctrl-C (tests/index_watch_test.ts covers it).
        const misplaced = await runIn(template, `${fixtures.path}/run-${n++}`, before);
        assertEquals(misplaced.result.code, 2, `canary ${before.join(" ")}`);
        continue;
      }
      const a = await runIn(template, `${fixtures.path}/run-${n++}`, after);
      const b = await runIn(template, `${fixtures.path}/run-${n++}`, before);
      assertNoUnexpected(after, a);
      assertNoUnexpected(before, b);
      if (JSON.stringify(b) === JSON.stringify(a)) continue;
      // Not the same: then the misplaced form must be a usage error that did nothing.
      const shown = `canary ${before.join(" ")} differs from canary ${after.join(" ")}`;
      assertEquals(b.result.code, 2, `${shown}: ${b.result.stderr}`);
      assertEquals(b.result.stdout, "", shown);
      assertEquals(b.files, listTree(template), `canary ${before.join(" ")} changed files`);
    }
  });
}
