import { assertEquals } from "../test_assert.ts";
import { join } from "../path.ts";
import { makeTree } from "./_fixture.ts";
import { trackedFileCount } from "./git_candidates.ts";
import { git } from "../test_git.ts";

Deno.test("trackedFileCount reads how many files git's index lists", () => {
  using tree = makeTree({ "a.ts": "a", "src/b.ts": "b", "src/c.ts": "c", "untracked.ts": "" });
  git(tree.root, "init", "-q");
  git(tree.root, "add", "a.ts", "src");
  assertEquals(trackedFileCount(tree.root), 3);
});

Deno.test("trackedFileCount is null without an index, or with something else in its place", () => {
  using tree = makeTree({ "a.ts": "a", "other/.git/index": "not an index at all" });
  assertEquals(trackedFileCount(tree.root), null);
  assertEquals(trackedFileCount(join(tree.root, "other")), null);
  assertEquals(trackedFileCount(join(tree.root, "missing")), null);
});
