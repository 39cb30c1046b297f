import { assert, assertEquals } from "../test_assert.ts";
import { featureKey, tokenPlaceKey } from "./token_identity.ts";

Deno.test("a feature is its requirement and name; no separator inside a value can fake another", () => {
  assertEquals(featureKey("CBIN-1", "Parse"), featureKey("CBIN-1", "Parse"));
  assert(featureKey("CBIN-1", "Parse") !== featureKey("CBIN-1", "parse"), "names are exact");
  assert(featureKey("A B", "C") !== featureKey("A", "B C"));
});

Deno.test("a token's place adds the file and the aspect to its feature", () => {
  const place = tokenPlaceKey("src/a.ts", "CBIN-1", "Parse", "API");
  assertEquals(place, tokenPlaceKey("src/a.ts", "CBIN-1", "Parse", "API"));
  assert(place !== tokenPlaceKey("src/b.ts", "CBIN-1", "Parse", "API"), "another file");
  assert(place !== tokenPlaceKey("src/a.ts", "CBIN-1", "Parse", "CLI"), "another aspect");
  assert(place.includes(featureKey("CBIN-1", "Parse")), "built on the feature's key");
});
