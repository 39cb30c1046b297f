import { assertEquals, assertMatch } from "./test_assert.ts";
import { gitInfo, readGitInfo } from "./git.ts";
import { git } from "./test_git.ts";

Deno.test("git facts: the branch before its first commit, then the commit; none outside git", async () => {
  const root = Deno.makeTempDirSync({ prefix: "canary-git-" });
  try {
    assertEquals(await readGitInfo(root), { commitHash: "", branch: "" });
    git(root, "init", "-q", "-b", "trunk");
    assertEquals(gitInfo(root), { commitHash: "", branch: "trunk" });
    assertEquals(await readGitInfo(root), { commitHash: "", branch: "trunk" });
    git(root, "commit", "-q", "--allow-empty", "-m", "one");
    const info = await readGitInfo(root);
    assertMatch(info.commitHash, /^[0-9a-f]{40}$/);
    assertEquals([info.branch, gitInfo(root)], ["trunk", info]);
    git(root, "checkout", "-q", "--detach");
    assertEquals(gitInfo(root), { commitHash: info.commitHash, branch: "" });
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
