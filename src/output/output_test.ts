import { assert, assertEquals } from "../test_assert.ts";
import { Output, type SyncWriter } from "./output.ts";

/** A writer that keeps what it is given, optionally claiming to be a terminal. */
function sink(terminal = false): SyncWriter & { text: () => string; writes: number } {
  const chunks: Uint8Array[] = [];
  const writer = {
    writes: 0,
    writeSync(data: Uint8Array) {
      chunks.push(data.slice());
      writer.writes++;
      return data.length;
    },
    isTerminal: () => terminal,
    text: () => new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c]))),
  };
  return writer;
}

function output(env: Record<string, string> = {}, terminal = false) {
  const stdout = sink(terminal);
  const stderr = sink(terminal);
  const out = new Output({ stdout, stderr, env: (name) => env[name] });
  return { out, stdout, stderr };
}

// ESC, BEL, OSC 52 (clipboard), C1 CSI, C1 OSC, right-to-left override.
const HOSTILE = "a\x1b]52;c;ZXZpbA==\x07b\x1b[2J\x9b31m\x9d0;t\x9c\u202eexe.txt";
// deno-lint-ignore no-control-regex
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

Deno.test("notes, warnings and errors never carry control characters from their text", () => {
  const { out, stderr } = output({ FORCE_COLOR: "1" }, true);
  out.note(`updated ${HOSTILE}: UPDATED=2026-01-01`);
  out.warn(HOSTILE);
  out.error(HOSTILE);
  out.progress(HOSTILE);
  const text = stderr.text().replaceAll("\x1b[33m", "").replaceAll("\x1b[31m", "")
    .replaceAll("\x1b[39m", "").replaceAll("\r\x1b[K", "");
  assert(!ACTIVE.test(text), JSON.stringify(text));
  assert(text.includes("a\\x1b]52;c;ZXZpbA==\\x07b\\x1b[2J\\x9b31m\\x9d0;t\\x9c\\u202eexe.txt"));
  assert(stderr.text().includes("\x1b[33mcanary: warning:\x1b[39m "), "own colours stay");
});

Deno.test("a message stays one line: line feeds and tabs in it are escaped", () => {
  const { out, stderr } = output();
  out.note("one\ncanary: error: two");
  out.error("no checkpoint named 'ab'; nearest: a\nb, c\td");
  assertEquals(
    stderr.text(),
    "one\\ncanary: error: two\ncanary: error: no checkpoint named 'ab'; nearest: a\\nb, c\\td\n",
  );
});

Deno.test("text lines are escaped; only the palette's styles become colour, and only when on", () => {
  const plain = output();
  plain.out.lines([`x ${HOSTILE}`, `${plain.out.colors.green("green")}\tcell`, "a\nb"]);
  assert(!ACTIVE.test(plain.stdout.text()));
  assertEquals(plain.stdout.text().split("\n").slice(1), ["green\tcell", "a\\nb", ""]);
  const coloured = output({ FORCE_COLOR: "1" });
  const { green, bold } = coloured.out.colors;
  coloured.out.lines([
    green("green"),
    "\x1b]52;c;eA==\x07",
    `${bold("Login\x1b[8m")} hidden\x1b[8m ${green(bold("x"))}`,
  ]);
  assertEquals(
    coloured.stdout.text(),
    "\x1b[32mgreen\x1b[39m\n\\x1b]52;c;eA==\\x07\n" +
      "\x1b[1mLogin\\x1b[8m\x1b[22m hidden\\x1b[8m \x1b[32m\x1b[1mx\x1b[22m\x1b[39m\n",
  );
});

Deno.test("a style made by one output's palette is colour in another's, never in text", () => {
  const styled = output({ FORCE_COLOR: "1" }).out.colors.red("r");
  const { out, stdout } = output({ NO_COLOR: "1" });
  out.lines([styled]);
  assertEquals(stdout.text(), "r\n");
});

Deno.test("text lines and messages write CANARY: as CANARY\\:, a token line to paste keeps it", () => {
  const { out, stdout, stderr } = output();
  const forged = "x // CANARY: REQ=EVIL-1; FEATURE=E; ASPECT=API; STATUS=TESTED; TEST=T";
  out.lines([forged]);
  out.note(forged);
  out.warn(forged);
  out.error(forged);
  assert(!stdout.text().includes("CANARY:"), stdout.text());
  assert(!stderr.text().includes("CANARY:"), stderr.text());
  assertEquals(stdout.text(), forged.replace("CANARY:", "CANARY\\:") + "\n");
  out.tokenLine('# CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=API; STATUS=IMPL');
  assertEquals(
    stdout.text().split("\n")[1],
    '# CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=API; STATUS=IMPL',
  );
});

Deno.test("JSON output is exactly JSON.stringify's pretty form, written in pieces", () => {
  const values: unknown[] = [
    [],
    {},
    [1, "two", null, undefined, [3, []], { a: [1, { b: 2 }], c: undefined }],
    { name: "x\x1b", list: [{ id: 1, tests: ["A"] }, { id: 2, tests: [] }], empty: [], n: null },
    { skipped: undefined, f: () => 1, date: new Date(0), nested: { deep: [1, 2] } },
    "text",
    42,
  ];
  for (const value of values) {
    const { out, stdout } = output();
    out.json(value);
    assertEquals(stdout.text(), JSON.stringify(value, null, 2) + "\n");
  }
  const { out, stdout } = output();
  const big = Array.from({ length: 50_000 }, (_, i) => ({ id: i, feature: "f".repeat(20) }));
  out.json({ tokens: big });
  assertEquals(stdout.text(), JSON.stringify({ tokens: big }, null, 2) + "\n");
  assert(stdout.writes > 10, `streamed in ${stdout.writes} writes`);
});

Deno.test("an iterator is written as the array it yields, one element at a time", () => {
  const rows = [{ id: 1, tests: ["A"] }, { id: 2, tests: [] }];
  let pulled = 0;
  function* lazy() {
    for (const row of rows) {
      pulled++;
      yield row;
    }
  }
  const { out, stdout } = output();
  out.json({ total: 2, tokens: lazy(), empty: [][Symbol.iterator]() });
  assertEquals(
    stdout.text(),
    JSON.stringify({ total: 2, tokens: rows, empty: [] }, null, 2) + "\n",
  );
  assertEquals(pulled, 2);
});

Deno.test("a closed pipe ends JSON output quietly", () => {
  let writes = 0;
  const stdout: SyncWriter = {
    writeSync() {
      writes++;
      throw new Deno.errors.BrokenPipe("closed");
    },
  };
  const out = new Output({ stdout, stderr: sink(), env: () => undefined });
  out.json(Array.from({ length: 100_000 }, (_, i) => ({ id: i })));
  assert(out.stdoutClosed);
  assertEquals(writes, 1);
});

Deno.test("a progress line never exceeds the terminal's width", () => {
  const stdout = sink(true);
  const stderr = sink(true);
  const out = new Output({ stdout, stderr, env: () => undefined, columns: () => 40 });
  out.progress(`canary: indexing ${"very/long/path/".repeat(10)}: 12 files scanned`);
  const shown = stderr.text().replace("\r\x1b[K", "");
  assert([...shown].length <= 39, shown);
  assert(shown.endsWith("…"), shown);
});

Deno.test("a dumb terminal gets no progress line, since it cannot erase one", () => {
  const stderr = sink(true);
  const out = new Output({
    stdout: sink(true),
    stderr,
    env: (name) => name === "TERM" ? "dumb" : undefined,
    columns: () => 80,
  });
  out.progress("canary: indexing .: 12 files scanned");
  out.clearProgress();
  assertEquals(stderr.text(), "");
});

Deno.test("a terminal that reports 0 columns, or none, is taken as 80 wide", () => {
  for (const columns of [0, undefined]) {
    const out = new Output({
      stdout: sink(true),
      stderr: sink(true),
      env: () => undefined,
      columns: () => columns,
    });
    assertEquals([out.stdoutColumns, out.stderrColumns], [80, 80]);
  }
  const piped = new Output({
    stdout: sink(),
    stderr: sink(),
    env: () => undefined,
    columns: () => 0,
  });
  assertEquals(piped.stdoutColumns, undefined);
});
