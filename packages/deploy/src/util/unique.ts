/** The first item of each key, in order. */
export function unique<T>(items: ReadonlyArray<T>, key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
