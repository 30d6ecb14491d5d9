/**
 * The one serializer of artefacts: 2-space indent and a trailing newline. Emitters build objects
 * in a fixed key order and sort user-given maps, so the same source always gives the same bytes.
 */
export function serialize(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
