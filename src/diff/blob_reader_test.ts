import { assertEquals, assertRejects } from "../test_assert.ts";
import { CanaryError } from "../errors.ts";
import { BlobReader } from "./blob_reader.ts";

Deno.test("one cat-file process returns each blob byte for byte, and refuses a missing one", async () => {
  const root = Deno.makeTempDirSync({ prefix: "canary-blobs-" });
  try {
    new Deno.Command("git", { args: ["-C", root, "init", "-q"] }).outputSync();
    const contents = [
      new Uint8Array([0, 10, 13, 10, 255]),
      new TextEncoder().encode("line one\nline two\n"),
      new Uint8Array(300_000).map((_, i) => i % 251),
    ];
    const oids = contents.map((bytes) => {
      const path = `${root}/blob`;
      Deno.writeFileSync(path, bytes);
      const out = new Deno.Command("git", {
        args: ["-C", root, "hash-object", "-w", "blob"],
        stdout: "piped",
      })
        .outputSync();
      return new TextDecoder().decode(out.stdout).trim();
    });
    await using reader = new BlobReader(root);
    const blobs = await reader.read(oids);
    assertEquals(oids.map((oid) => blobs.get(oid)), contents);
    const again = await reader.read([oids[1]]);
    assertEquals(again.get(oids[1]), contents[1]);
    await assertRejects(() => reader.read(["0".repeat(40)]), CanaryError);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
