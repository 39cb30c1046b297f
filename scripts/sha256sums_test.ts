import { assertEquals } from "../src/test_assert.ts";
import { join } from "node:path";
import { formatSha256Sums, sha256File } from "./sha256sums.ts";

Deno.test("sha256File hashes a file's bytes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "abc");
    await Deno.writeTextFile(path, "abc");
    assertEquals(
      await sha256File(path),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    await Deno.writeFile(path, new Uint8Array());
    assertEquals(
      await sha256File(path),
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("formatSha256Sums writes sha256sum's two-space format, sorted by name", () => {
  const text = formatSha256Sums([
    { name: "canary-1-b", sha256: "22" },
    { name: "canary-1-a.exe", sha256: "11" },
  ]);
  assertEquals(text, "11  canary-1-a.exe\n22  canary-1-b\n");
  assertEquals(formatSha256Sums([]), "");
});

const checksumTool = await findChecksumTool();

Deno.test({
  name: checksumTool
    ? "formatSha256Sums output is accepted by the system checksum tool"
    : "formatSha256Sums output vs system tool (skipped: neither sha256sum nor shasum found)",
  ignore: checksumTool === undefined,
  async fn() {
    const [command, ...flags] = checksumTool!;
    const dir = await Deno.makeTempDir();
    const verify = () =>
      new Deno.Command(command, {
        args: [...flags, "-c", "SHA256SUMS"],
        cwd: dir,
        stdout: "null",
        stderr: "null",
      }).output();
    try {
      await Deno.writeTextFile(join(dir, "canary-x"), "binary bytes");
      const sums = formatSha256Sums([
        { name: "canary-x", sha256: await sha256File(join(dir, "canary-x")) },
      ]);
      await Deno.writeTextFile(join(dir, "SHA256SUMS"), sums);
      assertEquals((await verify()).success, true);
      await Deno.writeTextFile(join(dir, "canary-x"), "tampered");
      assertEquals((await verify()).success, false);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

async function findChecksumTool(): Promise<string[] | undefined> {
  for (const tool of [["sha256sum"], ["shasum", "-a", "256"]]) {
    try {
      await new Deno.Command(tool[0], { args: ["--version"], stdout: "null", stderr: "null" })
        .output();
      return tool;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return undefined;
}
