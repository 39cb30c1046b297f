import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { canaryCommandLine, exitOf, personEnv, runCanary, tempDir, writeTree } from "./helpers.ts";

const DEADLINE_MS = 20_000;

/** Reads JSON lines from a child's stdout, each wait with a deadline. */
class JsonLines {
  #buffer = "";
  #reader: ReadableStreamDefaultReader<string>;
  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  }
  async next(what: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + DEADLINE_MS;
    while (!this.#buffer.includes("\n")) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no JSON line for ${what} within ${DEADLINE_MS} ms`)),
          Math.max(0, deadline - Date.now()),
        );
      });
      try {
        const { value, done } = await Promise.race([this.#reader.read(), late]);
        if (done) throw new Error(`stdout ended before ${what}`);
        this.#buffer += value;
      } finally {
        clearTimeout(timer);
      }
    }
    const end = this.#buffer.indexOf("\n");
    const line = this.#buffer.slice(0, end);
    this.#buffer = this.#buffer.slice(end + 1);
    return JSON.parse(line);
  }
  /** Stops reading: the pipe's reading end closes, as when `head -1` exits. */
  close(): Promise<void> {
    return this.#reader.cancel();
  }
  async rest(): Promise<string> {
    let text = this.#buffer;
    for (let r = await this.#reader.read(); !r.done; r = await this.#reader.read()) text += r.value;
    return text;
  }
}

/** Starts canary in `cwd` as a person would; its stdout is read as JSON lines. */
function startCanary(words: string[], cwd: string) {
  const [program, ...args] = canaryCommandLine(words);
  const child = new Deno.Command(program, {
    args,
    cwd,
    clearEnv: true,
    env: personEnv(),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  return { child, stderr: new Response(child.stderr).text(), lines: new JsonLines(child.stdout) };
}

Deno.test("index --watch: one JSON line per run, ignore rules re-read, Ctrl-C ends it cleanly", async () => {
  using dir = tempDir();
  const project = `${dir.path}/project`;
  writeTree(project, {
    "src/a.ts": '// CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=API; STATUS=IMPL\n',
  });
  const { child, stderr, lines } = startCanary(["index", "--watch", "--json"], project);
  try {
    const first = await lines.next("the first run");
    assertEquals([first.tokens, first.added], [1, 1]);

    Deno.writeTextFileSync(
      `${project}/src/b.ts`,
      '// CANARY: REQ=CBIN-2; FEATURE="B"; ASPECT=API; STATUS=STUB\n',
    );
    const second = await lines.next("a new file");
    assertEquals([second.tokens, second.added, second.removed], [2, 1, 0]);

    Deno.writeTextFileSync(`${project}/.canaryignore`, "src/b.ts\n");
    const third = await lines.next("a new ignore rule");
    assertEquals([third.tokens, third.removed], [1, 1]);
  } finally {
    child.kill("SIGINT");
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const status = await Promise.race([
    child.status,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("no exit within 20 s of SIGINT")), DEADLINE_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  const rest = await lines.rest();
  assertEquals(status.code, 0, await stderr);
  const text = await stderr;
  assertMatch(text, /watching \. for changes/);
  assertMatch(text, /stopped watching/);
  assert(!/unexpected|error/i.test(text), text);
  // Any run that was under way when the signal came finished as a whole JSON line.
  for (const line of rest.split("\n").filter((l) => l !== "")) JSON.parse(line);
});

Deno.test("index --watch --json ends, exit 0, at the first run after stdout's reader has gone", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "a.ts": '// CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=API; STATUS=IMPL\n' });
  const { child, stderr, lines } = startCanary(["index", "--watch", "--json"], dir.path);
  try {
    await lines.next("the first run");
    await lines.close();
    Deno.writeTextFileSync(`${dir.path}/b.ts`, "// CANARY: REQ=CBIN-2; FEATURE=B; ASPECT=API\n");
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const status = await exitOf(child, "the watch after its reader went", DEADLINE_MS);
  const text = await stderr;
  assertEquals(status.code, 0, text);
  assertMatch(text, /stopped watching/);
  assert(!/unexpected|error/i.test(text), text);
});

Deno.test("index --watch writing its log inside the tree does not wake itself up", async () => {
  using dir = tempDir();
  const project = `${dir.path}/project`;
  writeTree(project, { "a.ts": '// CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=API; STATUS=IMPL\n' });
  const quoted = canaryCommandLine(["index", "--watch", "--json"])
    .map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(" ");
  const child = new Deno.Command("sh", {
    args: ["-c", `exec ${quoted} > watch.jsonl 2> watch.log`],
    cwd: project,
    clearEnv: true,
    env: personEnv(),
    stdin: "null",
  }).spawn();
  const log = () => {
    try {
      return Deno.readTextFileSync(`${project}/watch.log`);
    } catch {
      return "";
    }
  };
  try {
    const deadline = Date.now() + DEADLINE_MS;
    while (!log().includes("watching")) {
      assert(Date.now() < deadline, `the watch did not start within 20 s:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Several debounce periods: a watch that wakes on its own output would have run again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  } finally {
    child.kill("SIGINT");
  }
  assertEquals((await child.status).code, 0, log());
  const runs = Deno.readTextFileSync(`${project}/watch.jsonl`).split("\n").filter((l) => l);
  assertEquals(runs.length, 1, log());
});

Deno.test("index --watch --watch-for: a bounded watch indexes an edit, then ends by itself", async () => {
  using dir = tempDir();
  const project = `${dir.path}/project`;
  writeTree(project, { "a.ts": '// CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=API; STATUS=IMPL\n' });
  const { child, stderr, lines } = startCanary(
    ["index", "--json", "--watch", "--watch-for", "6"],
    project,
  );
  await lines.next("the first run");
  // The bound is generous: a loaded machine may take seconds to start and run once.
  Deno.writeTextFileSync(
    `${project}/a.ts`,
    '// CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=API; STATUS=TESTED; TEST=TestA\n',
  );
  const edit = await lines.next("the edit").catch(async (e) => {
    throw new Error(`${e.message}: ${await stderr}`);
  });
  assertEquals([edit.changed, edit.files_read], [1, 1]);
  assertEquals((await child.status).code, 0, await stderr);
  const list = await runCanary(["list", "--json"], { cwd: project });
  assertEquals(JSON.parse(list.stdout).map((t: { status: string }) => t.status), ["TESTED"]);
  const misuse = await runCanary(["index", "--watch-for", "3"], { cwd: project });
  assertEquals(misuse.code, 2);
  assertMatch(misuse.stderr, /--watch-for needs --watch/);
});

/** 2,000 files of three tokens each: a run that reads them all lasts long enough to overlap. */
function bigTree(): Record<string, string> {
  const files: Record<string, string> = {};
  const lines = (id: string) =>
    [1, 2, 3].map((k) =>
      `// CANARY: REQ=CBIN-${id}; FEATURE="F${k}"; ASPECT=API; STATUS=IMPL; UPDATED=2025-10-16`
    ).join("\n") + "\n" + "x\n".repeat(20);
  for (let d = 10; d < 50; d++) {
    for (let f = 10; f < 60; f++) files[`src/d${d}/f${f}.ts`] = lines(`${d}${f}`);
  }
  return files;
}

Deno.test("index --watch with the database in the tree: other processes writing during its runs corrupt nothing", async () => {
  using dir = tempDir();
  const project = `${dir.path}/project`;
  const tree = bigTree();
  writeTree(project, tree);
  const { child, stderr, lines } = startCanary(["index", "--watch", "--json", "--quiet"], project);
  const names: string[] = [];
  try {
    await lines.next("the first run");
    for (let round = 1; round <= 4; round++) {
      const now = new Date();
      for (const path of Object.keys(tree)) Deno.utimeSync(`${project}/${path}`, now, now);
      // While the run this starts reads and writes, another process commits.
      await new Promise((resolve) => setTimeout(resolve, 300 + 100 * round));
      const checkpoint = await runCanary(["checkpoint", `during-run-${round}`], { cwd: project });
      assertEquals(checkpoint.code, 0, checkpoint.stderr);
      names.push(`during-run-${round}`);
      const run = await lines.next(`run ${round}`);
      assertEquals(run.tokens, 6000);
    }
  } finally {
    child.kill("SIGINT");
  }
  assertEquals((await exitOf(child, "the watch after SIGINT")).code, 0, await stderr);
  const db = new DatabaseSync(`${project}/.canary/canary.db`, { readOnly: true });
  try {
    assertEquals({ ...db.prepare("PRAGMA integrity_check").get() }, { integrity_check: "ok" });
    const stored = db.prepare("SELECT name FROM checkpoints ORDER BY name").all();
    assertEquals(stored.map((row) => row.name), names);
  } finally {
    db.close();
  }
});

Deno.test("index --watch refuses, before writing anything, a database in the root folder itself", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "a.ts": '// CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=API; STATUS=IMPL\n' });
  const r = await runCanary(["index", "--watch", "--db", "canary.db"], { cwd: dir.path });
  assertEquals(r.code, 2);
  assertMatch(
    r.stderr,
    /^canary: error: --watch cannot watch \. with the database's own files in it/,
  );
  assertEquals(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
  assertEquals([...Deno.readDirSync(dir.path)].map((entry) => entry.name), ["a.ts"]);
});

Deno.test("index --watch goes on after a failed run, retries it once, and exits 1 when the last run failed", async () => {
  using dir = tempDir();
  const project = `${dir.path}/project`;
  const token = (status: string) =>
    `// CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=API; STATUS=${status}\n`;
  writeTree(project, { "a.ts": token("IMPL") });
  const { child, stderr, lines } = startCanary(["index", "--watch", "--json"], project);
  const setDirty = (dirty: number) => {
    const db = new DatabaseSync(`${project}/.canary/canary.db`);
    db.prepare("UPDATE schema_migrations SET dirty = ?").run(dirty);
    db.close();
  };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    await lines.next("the first run");
    setDirty(1); // every run now refuses the database
    Deno.writeTextFileSync(`${project}/a.ts`, token("TESTED"));
    await pause(1000);
    setDirty(0);
    // Nothing changes any more: the run after the failure is the retry.
    const retried = await lines.next("the retry");
    assertEquals([retried.changed, retried.tokens], [1, 1]);
    setDirty(1);
    Deno.writeTextFileSync(`${project}/a.ts`, token("IMPL"));
    await pause(4000); // the run fails, and so does its retry
  } finally {
    child.kill("SIGINT");
  }
  const status = await exitOf(child, "the watch after SIGINT");
  const text = await stderr;
  assertEquals(status.code, 1, text);
  const failures = text.split("\n").filter((line) => line.startsWith("canary: error:"));
  assertEquals(failures.length, 4, text);
  for (const line of failures.slice(0, 3)) assertMatch(line, /dirty.*\(still watching: next run/);
  assertMatch(failures[0], /next run in 2 s or on a change\)$/);
  assertMatch(failures[2], /next run on a change\)$/);
  assertMatch(failures[3], /the last run of the watch failed; the index is behind the tree$/);
  assertMatch(text, /stopped watching/);
});
