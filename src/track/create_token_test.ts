import { assert, assertEquals, assertThrows } from "../test_assert.ts";
import { UsageError } from "../errors.ts";
import { parseTokenLine } from "../tokens/parse.ts";
import { isWholePlaceholder } from "../tokens/values.ts";
import { commentSyntaxFor, createToken, type NewToken } from "./create_token.ts";

/** Requires `createToken` to refuse `token` with a usage error. */
function assertRefused(token: NewToken, file?: string): void {
  try {
    createToken(token, file);
  } catch (error) {
    assert(error instanceof UsageError, String(error));
    return;
  }
  assert(false, `created ${JSON.stringify(token)}`);
}

const base: NewToken = {
  reqId: "CBIN-129",
  feature: "Migrations",
  aspect: "storage",
  status: "impl",
  updated: "2026-12-01",
};

Deno.test("createToken: canonical order, quoted text, the file's comment syntax", () => {
  assertEquals(
    createToken({ ...base, tests: ["TestA", "TestB"], owner: "alice", priority: 2 }).line,
    '// CANARY: REQ=CBIN-129; FEATURE="Migrations"; ASPECT=Storage; STATUS=IMPL; ' +
      'TEST="TestA,TestB"; OWNER="alice"; PRIORITY=2; UPDATED=2026-12-01',
  );
  assert(createToken(base, "x/y.py").line.startsWith("# CANARY: REQ=CBIN-129;"));
  assert(createToken(base, "schema.SQL").line.startsWith("-- CANARY: "));
  const md = createToken({ ...base, feature: "a -> b <c>" }, "README.md").line;
  assert(md.startsWith("<!-- CANARY: ") && md.endsWith(" -->"), md);
  assertEquals(parseTokenLine(md)?.token?.feature, "a -> b <c>");
  assertEquals(createToken({ ...base, feature: "a --> b" }, "a.ts").line.includes("a --> b"), true);
  assertEquals(commentSyntaxFor(".py").open, "//"); // a dot file named .py has no extension
});

Deno.test("createToken: files known by name or extension get their own comments, and parse back", () => {
  const cases: [string, string][] = [
    ["Dockerfile", "#"],
    ["src/Makefile", "#"],
    ["CMakeLists.txt", "#"],
    [".env", "#"],
    ["deploy.ps1", "#"],
    ["main.tf", "#"],
    ["app.css", "/*"],
    ["App.vue", "<!--"],
    ["notes.txt", "//"],
  ];
  for (const [file, open] of cases) {
    const line = createToken(base, file).line;
    assert(line.startsWith(`${open} CANARY: `), `${file}: ${line}`);
    assertEquals(parseTokenLine(line)?.token?.feature, base.feature, file);
  }
  assertThrows(
    () => createToken({ ...base, feature: "a*/b" }, "app.css"),
    UsageError,
    "cannot stand in a /* … */ comment",
  );
});

Deno.test("createToken: refuses what a token cannot carry (usage errors)", () => {
  for (
    const bad of [
      { feature: "two\nlines" },
      { feature: " padded" },
      { feature: "" },
      { feature: "<feature>" },
      { reqId: "CBIN 1" },
      { reqId: "CBIN–1" }, // an en dash would read back as "-"
      { status: "DONE" },
      { aspect: "two words" },
      { tests: ["a,b"] },
      { owner: "x\r" },
      { feature: "bell\x07" },
      { feature: "esc\x1b[31m" },
      { owner: "csi\x9b" },
      { updated: "2026-02-30" },
    ]
  ) {
    assertRefused({ ...base, ...bad });
  }
});

Deno.test("createToken: a value that would end or break its markup comment is refused", () => {
  const refusals: [Partial<NewToken>, string][] = [
    [{ feature: "x --><img src=x onerror=alert(1)><!--" }, "page.html"],
    [{ feature: "a --!> b" }, "README.md"],
    [{ owner: "o-->" }, "a.md"],
    [{ tests: ["T-->"] }, "a.html"],
    [{ benches: ["B-->"] }, "a.html"],
    [{ feature: "a--b" }, "pom.xml"],
    [{ owner: "x--" }, "a.xml"],
  ];
  for (const [bad, file] of refusals) {
    assertThrows(
      () => createToken({ ...base, ...bad }, file),
      UsageError,
      "cannot stand in a <!-- … --> comment",
    );
  }
  // `--` alone is fine in HTML and Markdown comments, and anywhere in a line comment.
  assert(createToken({ ...base, feature: "a--b" }, "a.html").line.includes('"a--b"'));
  assert(createToken({ ...base, feature: "a--b" }, "a.sql").line.includes('"a--b"'));
});

Deno.test("createToken: a custom aspect is kept, with the parser's warning", () => {
  const created = createToken({ ...base, aspect: "Telemetry" });
  assert(created.line.includes("ASPECT=Telemetry;"));
  assertEquals(created.warnings.length, 1);
});

/** A small seeded generator, so a failure names an input that can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PIECES = [
  '"',
  "'",
  ";",
  "\\",
  "=",
  "*/",
  "-->",
  ")",
  "(",
  "#",
  " ",
  "  ",
  "\t",
  "CANARY:",
  "-}",
  "*)",
  "a",
  "Z",
  "9",
  "é",
  "日本",
  "🐤",
  '\\"',
  "<",
  ">",
  "{{",
  "}}",
  "...",
  "\n",
  "FEATURE=x",
  "\x1b",
];

/**
 * The model: a token carries one-line, trimmed, non-placeholder values; test names lack ','; a
 * Markdown comment holds no `-->` or `--!>`.
 */
function representableInput(input: NewToken, file: string): boolean {
  const values = [input.feature, input.owner ?? "x", ...(input.tests ?? [])];
  return values.every((v) =>
    v.trim() === v && v !== "" && !v.includes("\n") && !v.includes("\x1b") &&
    !isWholePlaceholder(v) && !(file.endsWith(".md") && /--!?>/.test(v))
  ) && !(input.tests ?? []).some((t) => t.includes(","));
}

Deno.test("property: every created token parses back to its fields, or is refused", () => {
  const next = random(14);
  const pick = () => PIECES[Math.floor(next() * PIECES.length)];
  const text = () => Array.from({ length: 1 + Math.floor(next() * 8) }, pick).join("");
  let created = 0;
  for (let n = 0; n < 3000; n++) {
    const input: NewToken = {
      ...base,
      feature: text(),
      owner: next() < 0.5 ? text() : undefined,
      tests: next() < 0.5 ? [text()] : undefined,
    };
    const file = ["a.ts", "a.py", "a.sql", "a.md"][n % 4];
    const representable = representableInput(input, file);
    if (!representable) {
      assertRefused(input, file);
      continue;
    }
    const token = parseTokenLine(createToken(input, file).line)?.token;
    assert(token, JSON.stringify(input));
    assertEquals(
      [token.feature, token.owner, token.tests],
      [input.feature, input.owner ?? "", input.tests ?? []],
      JSON.stringify({ input, file }),
    );
    created++;
  }
  assert(created > 1000, `only ${created} inputs were representable`);
});
