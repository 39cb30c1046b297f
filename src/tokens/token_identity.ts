/**
 * What makes two tokens "the same", in the senses canary needs, each with its reason.
 *
 * @module
 */

/**
 * A requirement's feature: `(REQ, FEATURE)`. A priority set with `canary prioritize` belongs to
 * the feature, not to one token, so it applies to every token of that feature wherever it is, and
 * survives the token moving to another file or aspect.
 */
export function featureKey(reqId: string, feature: string): string {
  return `${reqId}\u0000${feature}`;
}

/**
 * One token wherever it is: `(REQ, FEATURE, ASPECT)`. One feature may carry a token per aspect,
 * each followed on its own, so `canary diff` pairs tokens by it and a token that went to another
 * file is one token that moved.
 */
export function tokenKey(reqId: string, feature: string, aspect: string): string {
  return `${featureKey(reqId, feature)}\u0000${aspect}`;
}

/**
 * One token's place across index runs and checkpoints: its {@linkcode tokenKey} in one file. The
 * same feature in two files is two tokens; a token found again under the same key is the same
 * token, changed if its line, status or text differ, and not a removal plus an addition.
 */
export function tokenPlaceKey(
  filePath: string,
  reqId: string,
  feature: string,
  aspect: string,
): string {
  return `${filePath}\u0000${tokenKey(reqId, feature, aspect)}`;
}
