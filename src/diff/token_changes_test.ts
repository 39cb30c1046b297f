import { assertEquals } from "../test_assert.ts";
import { classifyStatus, type PlacedToken, tokenChanges } from "./token_changes.ts";

const at = (path: string, line: number, status: PlacedToken["status"], feature = "F") => ({
  reqId: "CBIN-1",
  feature,
  aspect: "API",
  status,
  path,
  line,
});

Deno.test("status changes are classed by the status order; losing a done token is a regression", () => {
  assertEquals(classifyStatus("IMPL", "TESTED"), "progress");
  assertEquals(classifyStatus("TESTED", "IMPL"), "regression");
  assertEquals(classifyStatus("BENCHED", "TESTED"), "regression");
  assertEquals(classifyStatus("TESTED", null), "regression");
  assertEquals(classifyStatus("BENCHED", "REMOVED"), "regression");
  assertEquals(classifyStatus("IMPL", null), "neutral");
  assertEquals(classifyStatus("REMOVED", "IMPL"), "neutral");
});

Deno.test("tokens pair within a file first; a line shift is no change, another file is a move", () => {
  const changes = tokenChanges(
    [at("a.ts", 1, "IMPL"), at("b.ts", 1, "IMPL"), at("c.ts", 4, "STUB", "G")],
    [at("a.ts", 9, "IMPL"), at("d.ts", 2, "IMPL"), at("c.ts", 4, "STUB", "H")],
  );
  assertEquals(
    changes.map((c) => `${c.kind} ${c.from?.path ?? "-"} ${c.to?.path ?? "-"}`),
    ["moved b.ts d.ts", "removed c.ts -", "added - c.ts"],
  );
});
