/**
 * Pretty JSON written piece by piece, so output of any size never has to be
 * one string. The text is exactly `JSON.stringify(value, null, 2)`, except
 * that an iterator (a generator of rows, say) is written as the array of what
 * it yields, read one element at a time.
 *
 * @module
 */

function resolve(value: unknown, key: string): unknown {
  const withToJson = value as { toJSON?: (key: string) => unknown } | null;
  return typeof withToJson?.toJSON === "function" ? withToJson.toJSON(key) : value;
}

function isList(value: unknown): value is Iterable<unknown> {
  return Array.isArray(value) || value instanceof Iterator;
}

/** Lists at any depth, and the outermost object: members are small, lists may not be. */
function isSplit(value: unknown, outermost: boolean): value is object {
  return isList(value) || (outermost && typeof value === "object" && value !== null);
}

/** One value in one piece, indented to sit at `indent`; undefined for what JSON leaves out. */
function whole(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, 2);
  return text === undefined || indent === "" ? text : text.replaceAll("\n", "\n" + indent);
}

function* members(value: object, indent: string): Generator<string> {
  const inner = indent + "  ";
  const isArray = isList(value);
  let first = true;
  const open = () => {
    const text = (first ? (isArray ? "[" : "{") : ",") + "\n" + inner;
    first = false;
    return text;
  };
  if (isArray) {
    let i = 0;
    for (const element of value as Iterable<unknown>) {
      const member = resolve(element, String(i++));
      if (isSplit(member, false)) {
        yield open();
        yield* members(member, inner);
      } else yield open() + (whole(member, inner) ?? "null");
    }
  } else {
    for (const [name, raw] of Object.entries(value)) {
      const member = resolve(raw, name);
      const label = JSON.stringify(name) + ": ";
      if (isSplit(member, false)) {
        yield open() + label;
        yield* members(member, inner);
        continue;
      }
      const text = whole(member, inner);
      if (text !== undefined) yield open() + label + text; // undefined members are left out
    }
  }
  yield first ? (isArray ? "[]" : "{}") : "\n" + indent + (isArray ? "]" : "}");
}

/**
 * The pieces of `JSON.stringify(value, null, 2)`, in order; lists and the
 * outermost object are split into their members, each member in one piece.
 */
export function* jsonChunks(value: unknown): Generator<string> {
  const resolved = resolve(value, "");
  if (isSplit(resolved, true)) yield* members(resolved, "");
  else yield JSON.stringify(resolved, null, 2) ?? "null";
}
