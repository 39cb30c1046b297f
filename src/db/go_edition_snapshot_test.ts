import { assert, assertEquals } from "../test_assert.ts";
import { fromGoSnapshotToken, isGoSnapshotToken } from "./go_edition_snapshot.ts";

Deno.test("Go snapshot entries are told apart from canary's", () => {
  assert(isGoSnapshotToken({ ReqID: "CBIN-1" }));
  assert(!isGoSnapshotToken({ req_id: "CBIN-1" }));
  assert(!isGoSnapshotToken(null));
});

Deno.test("a Go entry becomes a token record: names mapped, Null values unwrapped, lists split", () => {
  const token = fromGoSnapshotToken({
    ID: 7,
    ReqID: "CBIN-2",
    Feature: "Beta",
    Aspect: "CLI",
    Status: "STUB",
    FilePath: "b.go",
    LineNumber: 3,
    Bench: "BenchB",
    UpdatedAt: { String: "2025-01-02", Valid: true },
    Keywords: { String: "", Valid: false },
    ProjectID: "p1",
  });
  assertEquals(
    [token.id, token.req_id, token.status, token.declared_status, token.line_number],
    [7, "CBIN-2", "STUB", "STUB", 3],
  );
  assertEquals([token.tests, token.benches, token.updated, token.keywords], [
    [],
    ["BenchB"],
    "2025-01-02",
    null,
  ]);
  assertEquals([token.priority, token.owner, token.raw_token], [5, null, null]);
  assert(!("ProjectID" in token));
});

Deno.test("a Go entry's number that is no number reads as the default, never NaN", () => {
  const token = fromGoSnapshotToken({
    ReqID: "CBIN-3",
    ID: "x",
    LineNumber: "x",
    Priority: "high",
  });
  assertEquals([token.id, token.line_number, token.priority], [0, 0, 5]);
  const numeric = fromGoSnapshotToken({ ReqID: "CBIN-3", LineNumber: "12", Priority: 2 });
  assertEquals([numeric.line_number, numeric.priority], [12, 2]);
});
