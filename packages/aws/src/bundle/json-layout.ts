/* What JSON.stringify(value, null, 2) writes, counted without writing it. */

/** Whether JSON.stringify writes an object member with this value (it leaves out these three). */
export function isJson(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}

/**
 * The layout JSON.stringify(…, null, 2) gives a value `depth` levels down: before each member of
 * a container, a line break, the indentation and, in an object, the space after the key; before
 * the closing bracket, a line break and the indentation. Counted over the value, not its text,
 * which costs less than reading the text. A `toJSON` must not depend on its key.
 */
export function layoutOf(value: unknown, depth: number): number {
  if (value === null || typeof value !== "object") return 0;
  const { toJSON } = value as { toJSON?: unknown };
  if (typeof toJSON === "function") return layoutOf(toJSON.call(value), depth);
  let members = 0;
  let nested = 0;
  if (Array.isArray(value)) {
    members = value.length;
    for (let i = 0; i < members; i++) nested += layoutOf(value[i], depth + 1);
  } else {
    for (const key in value) {
      const member = (value as Record<string, unknown>)[key];
      if (!Object.hasOwn(value, key) || !isJson(member)) continue;
      members++;
      nested += layoutOf(member, depth + 1);
    }
  }
  return nested + containerLayout(members, Array.isArray(value), depth);
}

/**
 * The part of `layoutOf(value, depth)` that is the value's own: around its members, not inside
 * them. Counts members without visiting them, so it costs a key listing where `layoutOf` walks the
 * whole value; a `toJSON` value counts none (what it returns is not looked at).
 */
export function ownLayout(value: unknown, depth: number): number {
  if (
    value === null ||
    typeof value !== "object" ||
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  ) {
    return 0;
  }
  let members = 0;
  if (Array.isArray(value)) {
    members = value.length;
  } else {
    for (const key in value) {
      if (Object.hasOwn(value, key) && isJson((value as Record<string, unknown>)[key])) members++;
    }
  }
  return containerLayout(members, Array.isArray(value), depth);
}

/** Before each member: a line break, the indentation, in an object the space after the key; then the closing line. */
function containerLayout(members: number, isArray: boolean, depth: number): number {
  if (members === 0) return 0;
  return members * (1 + 2 * (depth + 1) + (isArray ? 0 : 1)) + 1 + 2 * depth;
}
