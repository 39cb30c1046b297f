/**
 * A tree shaped like a real project's: source files with correct tokens, and Markdown docs that
 * explain the token format with example tokens, most of them templates or near misses that the
 * index rejects. Each rejected line is listed with what its one diagnostic must and must not say.
 */

/** One example token line in a doc, and what its diagnostic says. */
export interface DocExample {
  line: string;
  /** `rejected` or `warning`: the diagnostic's kind; null when the line indexes cleanly. */
  kind: "rejected" | "warning" | null;
  /** Substrings the diagnostic contains. */
  says: string[];
  /** Substrings it must not contain (a far-fetched suggestion, a warning beside a rejection). */
  never: string[];
}

const TOKEN_FORMAT: DocExample[] = [
  {
    line: "<!-- CANARY: REQ=CBIN-###; FEATURE=<feature>; ASPECT=<aspect>; STATUS=<status> -->",
    kind: "rejected",
    says: ['placeholder REQ "CBIN-###"', 'placeholder ASPECT "<aspect>"', "STATUS"],
    never: ["did you mean"],
  },
  {
    line: '// CANARY: REQ=CBIN-101; FEATURE="UserStore"; ASPECT=Database; STATUS=DONE',
    kind: "rejected",
    says: ['invalid STATUS "DONE" (expected one of'],
    never: ["ASPECT", "did you mean"],
  },
  {
    line: '// CANARY: REQ=CBIN-102; FEATURE="Login"; ASPECT=Test; STATUS=IMPL',
    kind: "warning",
    says: ['unknown ASPECT "Test"'],
    never: ["did you mean", "Dist"],
  },
  {
    line: '// CANARY: REQ=CBIN-103; FEATURE="Kernel"; ASPECT=Core; STATUS=STUB',
    kind: "warning",
    says: ['unknown ASPECT "Core"'],
    never: ["did you mean", "Wire"],
  },
  {
    line: '// CANARY: REQ=CBIN-104; FEATURE="Routes"; ASPECT="API (for the CLI)"; STATUS=IMPL',
    kind: "warning",
    says: ['unknown ASPECT "API (for the CLI)"'],
    never: ["did you mean", "Planner"],
  },
  {
    line: '// CANARY: REQ=CBIN-105; FEATURE="Cache"; ASPECT=Stroage; STATUS=IMPLE; OWNR=ana',
    kind: "rejected",
    says: [
      'unknown field OWNR (did you mean "OWNER"?)',
      'invalid STATUS "IMPLE" (did you mean "IMPL"?)',
    ],
    never: ["ASPECT"],
  },
  {
    line: '// CANARY: REQ=CBIN-106; FEATURE="Cache"; ASPECT=Stroage; STATUS=IMPL; OWNR=ana',
    kind: "warning",
    says: ['unknown field OWNR (did you mean "OWNER"?)', '(did you mean "Storage"?)'],
    never: [],
  },
  {
    line: "# CANARY: REQ=CBIN-107; FEATURE=Dates; ASPECT=API; STATUS=IMPL; UPDATED=YYYY-MM-DD",
    kind: "rejected",
    says: ['placeholder UPDATED "YYYY-MM-DD"'],
    never: [],
  },
  {
    line: "# CANARY: REQ=CBIN-108; FEATURE=Priority; ASPECT=API; STATUS=IMPL; PRIORITY=high",
    kind: "rejected",
    says: ['invalid PRIORITY "high"'],
    never: [],
  },
  {
    line: '// CANARY: REQ=CBIN-109; FEATURE="Unquoted; ASPECT=API; STATUS=IMPL',
    kind: "rejected",
    says: ["unterminated quote in FEATURE value"],
    never: [],
  },
  {
    line: "// CANARY: REQ=CBIN-110; FEATURE=Good; ASPECT=API; STATUS=IMPL",
    kind: null,
    says: [],
    never: [],
  },
];

const GAP_ANALYSIS: DocExample[] = [
  {
    line: "CANARY: REQ=<req>; FEATURE=Export; ASPECT=Engine; STATUS=TESTED",
    kind: "rejected",
    says: ['placeholder REQ "<req>"'],
    never: [],
  },
  {
    line: "CANARY: FEATURE=Import; ASPECT=Decode; STATUS=IMPL",
    kind: "rejected",
    says: ["missing required field REQ"],
    never: [],
  },
  {
    line: "CANARY: REQ=CBIN-201; FEATURE=Import; ASPECT=Datbase; STATUS=",
    kind: "rejected",
    says: ["empty value for required field STATUS"],
    never: ["ASPECT", "did you mean"],
  },
  {
    line: "CANARY: REQ=CBIN_202; FEATURE=Sync; ASPECT=Wire; STATUS=STUB",
    kind: "rejected",
    says: ['invalid REQ "CBIN_202"'],
    never: [],
  },
  {
    line: "CANARY: REQ=CBIN-203; FEATURE=Sync; ASPECT=Wire; STATUS=TESTD; CREATED=2025-02-30",
    kind: "rejected",
    says: ['invalid STATUS "TESTD" (did you mean "TESTED"?)', "no such calendar date"],
    never: [],
  },
  {
    line: "CANARY: REQ=CBIN-204; FEATURE=Parse; ASPECT=Decode; STATUS=IMPL; STATUS=TESTED",
    kind: "warning",
    says: ["duplicate field STATUS"],
    never: [],
  },
];

function doc(title: string, examples: DocExample[]): string {
  const lines = [`# ${title}`, "", "Examples of token lines:", ""];
  for (const example of examples) lines.push(example.line, "");
  return lines.join("\n");
}

/** The docs and their example lines, in the order the diagnostics are printed (by path). */
export const DOC_FILES: Record<string, DocExample[]> = {
  "docs/GAP_ANALYSIS.md": GAP_ANALYSIS,
  "docs/TOKEN_FORMAT.md": TOKEN_FORMAT,
};

/** The whole tree: source with correct tokens, a README, and the two docs. */
export function docsTree(): Record<string, string> {
  const tree: Record<string, string> = {
    "README.md": "# Project\n\nSee docs/TOKEN_FORMAT.md.\n",
    "src/store.go": "package store\n\n" +
      '// CANARY: REQ=CBIN-1; FEATURE="Store"; ASPECT=Storage; STATUS=IMPL; TEST=TestStore\n',
    "src/cli/main.ts":
      '// CANARY: REQ=CBIN-2; FEATURE="Cli"; ASPECT=CLI; STATUS=STUB; OWNER=ana\nexport {};\n',
  };
  for (const [path, examples] of Object.entries(DOC_FILES)) {
    tree[path] = doc(path, examples);
  }
  return tree;
}

/** The lines `path:N: kind: …` expected on stderr, with their line numbers, in order. */
export function expectedDiagnostics(): { prefix: string; example: DocExample }[] {
  const expected: { prefix: string; example: DocExample }[] = [];
  for (const [path, examples] of Object.entries(DOC_FILES)) {
    examples.forEach((example, i) => {
      // Four heading lines, then each example followed by a blank line.
      if (example.kind !== null) {
        expected.push({ prefix: `${path}:${5 + 2 * i}: ${example.kind}: `, example });
      }
    });
  }
  return expected;
}
