import { assertEquals } from "../test_assert.ts";
import { diffSnapshots, type DiffToken } from "./snapshot_diff.ts";

const token = (
  req_id: string,
  status: string,
  line_number = 1,
  file_path = "a.ts",
  feature = "F",
  aspect = "API",
): DiffToken => ({ req_id, feature, aspect, file_path, line_number, status });

Deno.test("diffSnapshots finds added, removed and status changes", () => {
  const before = [token("R-1", "IMPL"), token("R-2", "STUB"), token("R-3", "TESTED")];
  const after = [token("R-1", "TESTED"), token("R-3", "TESTED"), token("R-4", "STUB")];
  const diff = diffSnapshots(before, after);
  assertEquals(diff.added.map((t) => t.req_id), ["R-4"]);
  assertEquals(diff.removed.map((t) => t.req_id), ["R-2"]);
  assertEquals(
    diff.status_changed.map((c) => [c.req_id, c.from, c.to]),
    [["R-1", "IMPL", "TESTED"]],
  );
  assertEquals(diff.counts, { added: 1, removed: 1, status_changed: 1, unchanged: 1 });
  assertEquals(diff.status_counts.from.IMPL, 1);
  assertEquals(diff.status_counts.to.TESTED, 2);
});

Deno.test("a token that only moved to another line is unchanged", () => {
  const diff = diffSnapshots([token("R-1", "IMPL", 3)], [token("R-1", "IMPL", 40)]);
  assertEquals(diff.counts, { added: 0, removed: 0, status_changed: 0, unchanged: 1 });
});

Deno.test("the same requirement in another file is a different token", () => {
  const diff = diffSnapshots([token("R-1", "IMPL", 1, "a.ts")], [token("R-1", "IMPL", 1, "b.ts")]);
  assertEquals(diff.added.map((t) => t.file_path), ["b.ts"]);
  assertEquals(diff.removed.map((t) => t.file_path), ["a.ts"]);
});

Deno.test("tokens that differ only by aspect are paired by aspect, not by line", () => {
  const api = (status: string, line: number) => token("R-1", status, line, "a.ts", "F", "API");
  const cli = (status: string, line: number) => token("R-1", status, line, "a.ts", "F", "CLI");
  const swapped = diffSnapshots([api("IMPL", 1), cli("TESTED", 2)], [
    cli("TESTED", 1),
    api("IMPL", 2),
  ]);
  assertEquals(swapped.counts, { added: 0, removed: 0, status_changed: 0, unchanged: 2 });
  const changed = diffSnapshots([api("IMPL", 1), cli("TESTED", 2)], [
    cli("TESTED", 1),
    api("STUB", 2),
  ]);
  assertEquals(
    changed.status_changed.map((c) => [c.aspect, c.from, c.to, c.line_number]),
    [["API", "IMPL", "STUB", 2]],
  );
});

Deno.test("repeated tokens in one file pair up in line order", () => {
  const before = [token("R-1", "IMPL", 5), token("R-1", "STUB", 9)];
  const after = [token("R-1", "STUB", 20), token("R-1", "IMPL", 2), token("R-1", "MISSING", 30)];
  const diff = diffSnapshots(before, after);
  assertEquals(diff.counts, { added: 1, removed: 0, status_changed: 0, unchanged: 2 });
  assertEquals(diff.added[0].line_number, 30);
  const shrunk = diffSnapshots(after, before);
  assertEquals(shrunk.removed.map((t) => t.line_number), [30]);
});

Deno.test("two empty sets have no differences", () => {
  assertEquals(diffSnapshots([], []).counts, {
    added: 0,
    removed: 0,
    status_changed: 0,
    unchanged: 0,
  });
});

Deno.test("a group of 300,000 tokens with one identity diffs without exhausting the stack", () => {
  const many = Array.from({ length: 300_000 }, (_, i) => token("R-1", "IMPL", i + 1));
  assertEquals(diffSnapshots(many, []).removed.length, 300_000);
  assertEquals(diffSnapshots(many, many.slice(0, 1)).removed.length, 299_999);
});
