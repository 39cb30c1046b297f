import { createHash } from "node:crypto";
import { assertEquals } from "../test_assert.ts";
import { sha256Hex } from "./sha256.ts";

const reference = (text: string) => createHash("sha256").update(text).digest("hex");

Deno.test("sha256Hex agrees with the standard's example and with node:crypto", () => {
  assertEquals(
    sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assertEquals(
    sha256Hex(""),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  // Lengths around each padding boundary, multi-byte text, and a long input.
  for (const length of [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 100_000]) {
    const text = "ab\u00e9\u{1f600}-".repeat(length).slice(0, length);
    assertEquals(sha256Hex(text), reference(text), `length ${length}`);
  }
});
