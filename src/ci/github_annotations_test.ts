import { assertEquals } from "../test_assert.ts";
import { escapeData, escapeProperty, githubAnnotations } from "./github_annotations.ts";

Deno.test("workflow-command escaping: % CR LF in data, also : and , in properties", () => {
  assertEquals(escapeData("50%\r\nnext: a,b"), "50%25%0D%0Anext: a,b");
  assertEquals(escapeProperty("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
});

Deno.test("a file-level finding has no line property", () => {
  assertEquals(
    githubAnnotations([{
      kind: "token_warning",
      path: "x.ts",
      line: 0,
      title: "T",
      message: "m",
      identity: "m",
    }]),
    ["::warning file=x.ts,title=T::m"],
  );
});

Deno.test("a finding about no file (a document on stdin) has neither file nor line", () => {
  assertEquals(
    githubAnnotations([{
      kind: "claim_failed",
      path: null,
      line: 3,
      title: "Claim of CBIN-1 does not hold",
      message: "m",
      identity: "CBIN-1",
    }]),
    ["::error title=Claim of CBIN-1 does not hold::m"],
  );
});
