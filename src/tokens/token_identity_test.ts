import { assert, assertEquals } from "../test_assert.ts";
import { featureKey, tokenKey, tokenPlaceKey } from "./token_identity.ts";

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

Deno.test("a token is its feature and aspect; its place adds the file to that", () => {
  const token = tokenKey("CBIN-1", "Parse", "API");
  assert(token !== tokenKey("CBIN-1", "Parse", "CLI"), "another aspect");
  assert(token.startsWith(featureKey("CBIN-1", "Parse")), "built on the feature's key");
  assert(
    tokenPlaceKey("src/a.ts", "CBIN-1", "Parse", "API").endsWith(token),
    "the place adds a file",
  );
});
