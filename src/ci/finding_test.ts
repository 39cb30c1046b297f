import { assert, assertEquals } from "../test_assert.ts";
import { parseTokens } from "../tokens/mod.ts";
import { diagnosticFindings, type Finding, fingerprints } from "./finding.ts";

const rejected = (req: string) => `// CANARY: REQ=${req}; FEATURE="A"; ASPECT=API; STATUS=WHAT`;

/** The fingerprints of the token diagnostics of `lines`, as one file. */
function printsOf(lines: string[]): string[] {
  return fingerprints(diagnosticFindings(parseTokens(lines.join("\n"), "a.go").diagnostics));
}

Deno.test("rejected tokens of two requirements with the same reason have their own fingerprints", () => {
  const [one, two] = printsOf([rejected("CBIN-1"), rejected("CBIN-2")]);
  assert(one !== two, "the same fingerprint for CBIN-1 and CBIN-2");
});

Deno.test("a token diagnostic keeps its fingerprint when lines move around it", () => {
  const before = printsOf([rejected("CBIN-1"), rejected("CBIN-2")]);
  const after = printsOf(["", "package a", rejected("CBIN-2"), "", rejected("CBIN-1")]);
  assertEquals([after[1], after[0]], before);
});

Deno.test("identical findings in one file are numbered in line order, the first as if alone", () => {
  const alone = printsOf([rejected("CBIN-1")]);
  const twice = printsOf([rejected("CBIN-1"), "x", rejected("CBIN-1")]);
  assertEquals(twice[0], alone[0]);
  assert(twice[1] !== twice[0], "two identical tokens share a fingerprint");
  const finding = (line: number): Finding => ({
    kind: "stale_token",
    path: "a.go",
    line,
    title: "t",
    message: "m",
    identity: "CBIN-1\0A\0API",
  });
  // Given out of line order, the numbering still follows the lines.
  const [late, early] = fingerprints([finding(9), finding(2)]);
  assertEquals(fingerprints([finding(2)])[0], early);
  assert(late !== early);
});

Deno.test("a file-level diagnostic is identified by its reason alone", () => {
  const [finding] = diagnosticFindings([
    { path: "x", line: 0, severity: "warning", reason: "cannot read x" },
  ]);
  assertEquals(finding.identity, "cannot read x");
});
