import { assertEquals, assertRejects, waitUntil, withDeadline } from "./test_assert.ts";

Deno.test("withDeadline: the value in time, else a failure naming the wait, after onTimeout", async () => {
  assertEquals(await withDeadline(Promise.resolve(3), "three"), 3);
  let killed = false;
  const never = new Promise<never>(() => {});
  await assertRejects(
    () => withDeadline(never, "the child to exit", { ms: 10, onTimeout: () => killed = true }),
    Error,
    "the child to exit: not done within 0.01 s",
  );
  assertEquals(killed, true);
});

Deno.test("waitUntil: returns once the condition holds, fails naming it at the deadline", async () => {
  let polls = 0;
  await waitUntil(() => ++polls >= 3, "three polls");
  assertEquals(polls, 3);
  await assertRejects(() => waitUntil(() => false, "a signal file", 10), Error, "a signal file");
});
