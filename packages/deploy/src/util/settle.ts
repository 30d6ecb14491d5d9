/**
 * `Promise.all` over a record of promises, the results under the same names; when one fails, it
 * still waits for the others before rethrowing the first error.
 */
export async function settle<T extends Readonly<Record<string, Promise<unknown>>>>(
  promises: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const names = Object.keys(promises);
  const results = await Promise.allSettled(Object.values(promises));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return Object.fromEntries(
    names.map((name, i) => [name, (results[i] as PromiseFulfilledResult<unknown>).value]),
  ) as { -readonly [K in keyof T]: Awaited<T[K]> };
}
