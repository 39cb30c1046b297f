import { join } from "node:path";
import { assert, assertEquals } from "../test_assert.ts";
import { parseTokenLine, type Token } from "../tokens/mod.ts";
import { groupTokens } from "./group_tokens.ts";
import { ReportError } from "./report_error.ts";
import { findStale } from "./stale.ts";
import { rewriteUpdatedField, updateStaleTokens } from "./update_stale.ts";
import { scanTree } from "../scan/mod.ts";

const TODAY = "2025-06-30";

function tokenOf(line: string): Token {
  const token = parseTokenLine(line)?.token;
  assert(token, line);
  return token;
}

function rewrite(line: string): string | null {
  return rewriteUpdatedField(line, tokenOf(line), TODAY);
}

Deno.test("rewriteUpdatedField changes only the date text", () => {
  const cases: [string, string][] = [
    [
      "// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED=2024-01-01",
      "// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED=2025-06-30",
    ],
    [
      '# CANARY: REQ=CBIN-CLI-001; FEATURE="F"; ASPECT=CLI; STATUS=TESTED; UPDATED="2024-01-01"; OWNER=x',
      '# CANARY: REQ=CBIN-CLI-001; FEATURE="F"; ASPECT=CLI; STATUS=TESTED; UPDATED="2025-06-30"; OWNER=x',
    ],
    [
      "<!-- CANARY: REQ=A-1; FEATURE=F; ASPECT=Docs; STATUS=TESTED; updated = '2024-01-01' -->\r",
      "<!-- CANARY: REQ=A-1; FEATURE=F; ASPECT=Docs; STATUS=TESTED; updated = '2025-06-30' -->\r",
    ],
    [
      // The same date in FEATURE and CREATED stays; only UPDATED's copy changes.
      '// CANARY: REQ=CBIN-2; FEATURE="Since 2024-01-01"; ASPECT=API; STATUS=TESTED; UPDATED=2024-01-01; CREATED=2024-01-01',
      '// CANARY: REQ=CBIN-2; FEATURE="Since 2024-01-01"; ASPECT=API; STATUS=TESTED; UPDATED=2025-06-30; CREATED=2024-01-01',
    ],
    [
      "x := 1 // CANARY: REQ=CBIN-3; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED=2024\u201301\u201301",
      "x := 1 // CANARY: REQ=CBIN-3; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED=2025-06-30",
    ],
  ];
  for (const [before, after] of cases) assertEquals(rewrite(before), after, before);
});

Deno.test("rewriteUpdatedField edits the UPDATED in effect when the key is repeated", () => {
  const line =
    "// CANARY: REQ=CBIN-1; UPDATED=2023-05-05; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED=2024-01-01";
  assertEquals(
    rewrite(line),
    "// CANARY: REQ=CBIN-1; UPDATED=2023-05-05; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED=2025-06-30",
  );
});

Deno.test("rewriteUpdatedField adds UPDATED to a token without one", () => {
  assertEquals(
    rewrite("/* CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED */"),
    "/* CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED=2025-06-30 */",
  );
  assertEquals(
    rewrite("// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED;  \r"),
    "// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED=2025-06-30  \r",
  );
  assertEquals(
    rewrite('// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED=""'),
    '// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED="2025-06-30"',
  );
});

Deno.test("rewriteUpdatedField refuses a line whose token changed, and keeps today's date", () => {
  const scanned = tokenOf(
    "// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED=2024-01-01",
  );
  assertEquals(
    rewriteUpdatedField(
      "// CANARY: REQ=CBIN-1; FEATURE=G; ASPECT=API; STATUS=TESTED; UPDATED=2024-01-01",
      scanned,
      TODAY,
    ),
    null,
  );
  assertEquals(rewriteUpdatedField("// no token here", scanned, TODAY), null);
  const fresh = "// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED=2025-06-30";
  assertEquals(rewriteUpdatedField(fresh, tokenOf(fresh), TODAY), fresh);
});

function withTree(files: Record<string, string>, fn: (root: string) => void): void {
  const root = Deno.makeTempDirSync({ prefix: "canary-stale-" });
  try {
    for (const [path, text] of Object.entries(files)) {
      Deno.mkdirSync(join(root, path, ".."), { recursive: true });
      Deno.writeTextFileSync(join(root, path), text);
    }
    fn(root);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
}

const STALE = "// CANARY: REQ=CBIN-1; FEATURE=Old; ASPECT=API; STATUS=TESTED; UPDATED=2024-01-01";
const FRESH = "// CANARY: REQ=CBIN-2; FEATURE=New; ASPECT=API; STATUS=TESTED; UPDATED=2025-06-20";
const UNTESTED = "// CANARY: REQ=CBIN-3; FEATURE=Impl; ASPECT=API; STATUS=IMPL; UPDATED=2024-01-01";

function staleIn(root: string) {
  return findStale(groupTokens(scanTree(root)), TODAY, 30);
}

Deno.test("updateStaleTokens rewrites only stale tokens, keeps CRLF, and a rerun changes nothing", () => {
  const crlf = ["package a", STALE, FRESH, UNTESTED, ""].join("\r\n");
  const lf = ["\ufeff" + STALE, "code();", STALE.replace("Old", "Older"), ""].join("\n");
  withTree({ "a.go": crlf, "sub/b.go": lf, "c.go": FRESH + "\n" }, (root) => {
    const update = updateStaleTokens(root, staleIn(root), TODAY);
    assertEquals(update.files, [{ path: "a.go", lines: [2] }, { path: "sub/b.go", lines: [1, 3] }]);
    assertEquals([update.skipped, update.failed], [[], []]);
    const fixed = STALE.replace("2024-01-01", TODAY);
    assertEquals(
      Deno.readTextFileSync(join(root, "a.go")),
      ["package a", fixed, FRESH, UNTESTED, ""].join("\r\n"),
    );
    assertEquals(
      Deno.readTextFileSync(join(root, "sub/b.go")),
      ["\ufeff" + fixed, "code();", fixed.replace("Old", "Older"), ""].join("\n"),
    );
    assertEquals(Deno.readTextFileSync(join(root, "c.go")), FRESH + "\n");
    assertEquals(staleIn(root), []);
    const again = updateStaleTokens(root, staleIn(root), TODAY);
    assertEquals(again, { files: [], skipped: [], failed: [] });
  });
});

Deno.test("updateStaleTokens skips tokens that changed after the scan and non-UTF-8 files", () => {
  withTree({ "a.go": STALE + "\n", "b.go": STALE + "\n" }, (root) => {
    const stale = staleIn(root);
    Deno.writeTextFileSync(join(root, "a.go"), "// edited meanwhile\n" + STALE + "\n");
    Deno.writeFileSync(
      join(root, "b.go"),
      new Uint8Array([...new TextEncoder().encode(STALE), 0x0a, 0xff, 0x0a]),
    );
    const update = updateStaleTokens(root, stale, TODAY);
    assertEquals(update.files, []);
    assertEquals(update.skipped, [
      { path: "a.go", line: 1, reason: "the token changed since the scan" },
      { path: "b.go", line: 1, reason: "the file is not valid UTF-8" },
    ]);
    assertEquals(Deno.readTextFileSync(join(root, "a.go")), "// edited meanwhile\n" + STALE + "\n");
  });
});

Deno.test("updateStaleTokens reports a file it cannot write and goes on with the others", () => {
  withTree({ "a.go": STALE + "\n", "b.go": STALE + "\n" }, (root) => {
    const update = updateStaleTokens(root, staleIn(root), TODAY, {
      writeFile: (path, text) => {
        if (path.endsWith("a.go")) throw new Deno.errors.PermissionDenied("denied");
        Deno.writeTextFileSync(path, text);
      },
    });
    assertEquals(update.files, [{ path: "b.go", lines: [1] }]);
    assertEquals(update.failed.length, 1);
    assert(update.failed[0] instanceof ReportError);
    assertEquals(update.failed[0].message, "cannot write a.go: permission denied");
    assertEquals(update.failed[0].code, "unwritable");
    assertEquals(Deno.readTextFileSync(join(root, "a.go")), STALE + "\n");
  });
});
